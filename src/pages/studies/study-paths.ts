import type { StudyJobRef } from '../../api/studies.ts';

/** Dashboard routes of the study pages. */
export const STUDIES_PATH = '/studies';
export const studyPagePath = (studyId: string) => `${STUDIES_PATH}/${encodeURIComponent(studyId)}`;
export const studyJobPagePath = ({ studyId, jobId }: StudyJobRef) =>
  `${studyPagePath(studyId)}/jobs/${encodeURIComponent(jobId)}`;
/** The study page with its run form filled with a job's inputs ("Run again"). */
export const studyRunAgainPath = (ref: StudyJobRef) =>
  `${studyPagePath(ref.studyId)}?from=${encodeURIComponent(ref.jobId)}`;
/** The comparison of jobs of one study. */
export const studyComparePath = (studyId: string, jobIds: readonly string[]) =>
  `${studyPagePath(studyId)}/compare?${new URLSearchParams({ jobs: jobIds.join(',') })}`;
