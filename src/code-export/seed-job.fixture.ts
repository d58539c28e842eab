import type { CodeExportSpec } from './spec.ts';

/** The seed tutorial's job: the sleeper 2.1.6 with a file holding 3, sleep 3 s, walk 2 m, do not fail. */
export const seedJob: CodeExportSpec = {
  solverKey: 'simcore/services/comp/itis/sleeper',
  version: '2.1.6',
  jobId: '19fc28f7-46fb-4e96-9129-5e924801f088',
  values: {
    input_4: 2,
    input_3: false,
    input_2: 3,
    input_1: {
      id: '9fb4f70e-3589-3e9e-991e-3059086c3aae',
      filename: 'file_with_number.txt',
      content_type: 'text/plain',
      checksum: '859fda0cb82fc4acb4686510a172d9a9',
    },
  },
};
