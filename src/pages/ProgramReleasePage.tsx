import { useId, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { errorMessage } from '../api/client.ts';
import {
  type ProgramRunProgress,
  runProgram,
  useProgramRelease,
  type WorkspaceFile,
  workspacePathFor,
} from '../api/programs.ts';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { FileDropZone } from '../components/FileDropZone.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { formatBytes } from '../lib/format.ts';
import { paths } from '../paths.ts';

/** One program release: what it is, and a run over the files the user picks for its workspace. */
export function ProgramReleasePage() {
  const params = useParams();
  const key = params.programKey ?? '';
  const version = params.version ?? '';
  const program = useProgramRelease(key, version);
  const navigate = useNavigate();
  const filesHeadingId = useId();
  const [files, setFiles] = useState<WorkspaceFile[]>([]);
  const [progress, setProgress] = useState<ProgramRunProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const add = (picked: File[]) =>
    setFiles((current) => {
      const list = [...current];
      for (const file of picked) list.push({ file, path: workspacePathFor(file.name, list) });
      return list;
    });

  async function run() {
    setRunning(true);
    setFailure(null);
    try {
      const ref = await runProgram({ key, version }, files, setProgress);
      navigate(paths.job.getHref(ref));
    } catch (error) {
      setFailure(error);
      setRunning(false);
      setProgress(null);
    }
  }

  const title = program.data?.title ?? key;
  return (
    <section>
      <Breadcrumb trail={[{ to: paths.catalog.getHref('programs'), label: 'Programs' }]} current={title} />
      <h1>
        {title} <small>{version}</small>
      </h1>
      {program.isPending && <p aria-busy="true">Loading the program…</p>}
      {program.isError && <QueryError error={program.error} title="Could not load this program" />}
      {program.data && (
        <>
          {program.data.description && <p>{program.data.description}</p>}
          <p>
            <code>{key}</code>
          </p>
          <section aria-labelledby={filesHeadingId}>
            <h2 id={filesHeadingId}>Workspace files</h2>
            <p>The program runs over these files; each goes into the job's workspace folder at the path shown.</p>
            <FileDropZone onFiles={add} disabled={running} />
            {files.length === 0 ? (
              <p>No file chosen yet: the program would run over an empty workspace.</p>
            ) : (
              <ul className="workspace-files" aria-label="Files for the workspace">
                {files.map((entry) => (
                  <li key={entry.path}>
                    <code>{entry.path}</code> ({formatBytes(entry.file.size)}){' '}
                    <button
                      type="button"
                      className="secondary outline"
                      disabled={running}
                      aria-label={`Remove ${entry.path}`}
                      onClick={() => setFiles((current) => current.filter((other) => other !== entry))}
                    >
                      Remove
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {progress && (
            <div role="status">
              <p>
                Uploading {progress.filename} ({progress.index} of {progress.count}):{' '}
                {progress.upload.phase === 'hashing' ? 'checking' : progress.upload.phase}
              </p>
              <ProgressBar
                value={progress.upload.total ? (100 * progress.upload.loaded) / progress.upload.total : 100}
                label={`Upload of ${progress.filename}`}
              />
            </div>
          )}
          {failure !== null && (
            <article role="alert" className="error-box">
              <strong>The program could not be run</strong>
              <p>{errorMessage(failure)}</p>
            </article>
          )}
          <button type="button" onClick={() => void run()} aria-busy={running} disabled={running}>
            Run
          </button>
        </>
      )}
    </section>
  );
}
