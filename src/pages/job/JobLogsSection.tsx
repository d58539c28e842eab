import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { ApiError, errorMessage } from '../../api/client.ts';
import { hasStopped } from '../../api/job-status.ts';
import { type JobRef, jobKeys, useJobLogZip } from '../../api/jobs.ts';
import { loadJsZip, openLogZip, streamJobLogs } from '../../api/logs.ts';
import type { JobStatus } from '../../api/types.ts';
import { LogViewer } from '../../components/LogViewer.tsx';
import { LogLineStore, type LogText } from '../../components/log-viewer/log-text.ts';
import { QueryError } from '../../components/QueryError.tsx';
import { saveBlob } from '../../lib/download.ts';
import { useStreamedLogFile } from './useStreamedLogFile.ts';

/**
 * Data widget: a job's logs. While it runs, the live log stream; once it has stopped, the
 * log zip, unzipped in the page, one viewer per log file, and the zip itself to download.
 */
export function JobLogsSection({ jobRef, status }: { jobRef: JobRef; status: JobStatus }) {
  const headingId = useId();
  let body: React.ReactNode;
  if (hasStopped(status)) body = <StoppedJobLogs jobRef={jobRef} />;
  else if (status.state === 'NOT_STARTED') body = <p>Logs appear once the job runs.</p>;
  else body = <LiveJobLog jobRef={jobRef} />;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Logs</h2>
      {body}
    </section>
  );
}

type StreamState = 'connecting' | 'streaming' | 'ended' | 'unavailable' | 'failed';

function LiveJobLog({ jobRef }: { jobRef: JobRef }) {
  const [lines, setLines] = useState<LogText>(() => new LogLineStore().snapshot());
  const [state, setState] = useState<StreamState>('connecting');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    // The stream replays the log from its start, so a new connection starts from nothing.
    const store = new LogLineStore();
    setLines(store.snapshot());
    setState('connecting');
    let first = true;
    streamJobLogs(
      jobRef,
      (log) => {
        if (first) {
          first = false;
          setState('streaming');
        }
        // Each message is whole lines of its own, as if split on its own.
        for (const message of log.messages) {
          if (message) store.append(message.endsWith('\n') ? message : `${message}\n`);
        }
        setLines(store.snapshot());
      },
      controller.signal,
    )
      .then(() => setState('ended'))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        // 404/405/501: this host has no live stream; 409: someone else is following it.
        if (error instanceof ApiError && [404, 405, 409, 501].includes(error.status)) setState('unavailable');
        else {
          setState('failed');
          setProblem(errorMessage(error));
        }
      });
    return () => controller.abort();
  }, [jobRef]);

  if (state === 'unavailable') {
    return <p>This API host does not stream logs while a job runs; they come when the job stops.</p>;
  }
  return (
    <>
      <p className="log-state" aria-live="polite">
        {state === 'connecting' && <span aria-busy="true">Connecting to the live log…</span>}
        {state === 'streaming' && 'Live log: new lines appear as the job writes them.'}
        {state === 'ended' && 'The live log has ended; the full logs come when the job stops.'}
        {state === 'failed' &&
          `The live log stopped: ${problem?.replace(/[.\s]+$/, '')}. The full logs come when the job stops.`}
      </p>
      <LogViewer lines={lines} label="Live log" initialFollow />
    </>
  );
}

function StoppedJobLogs({ jobRef }: { jobRef: JobRef }) {
  const zip = useJobLogZip(jobRef, true);
  // JSZip loads while the zip downloads.
  useEffect(() => {
    void loadJsZip();
  }, []);
  const archive = useQuery({
    queryKey: [...jobKeys.logZip(jobRef), 'archive'],
    queryFn: () => openLogZip(zip.data as ArrayBuffer),
    enabled: Boolean(zip.data),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 60_000,
  });
  const [chosen, setChosen] = useState(0);
  const names = archive.data?.names ?? [];
  const current = names.length ? names[Math.min(chosen, names.length - 1)] : undefined;
  const log = useStreamedLogFile(archive.data, current);

  if (zip.isPending) return <p aria-busy="true">Fetching the log zip…</p>;
  if (zip.isError) {
    if (zip.error instanceof ApiError && zip.error.status === 404) return <p>This job left no logs: it did not run.</p>;
    return <QueryError error={zip.error} title="Could not fetch the logs" />;
  }
  const download = (
    <button type="button" className="secondary" onClick={() => saveBlob(zip.data, `${jobRef.jobId}_logs.zip`)}>
      Download the log zip
    </button>
  );
  if (archive.isPending)
    return (
      <>
        <p aria-busy="true">Unzipping the logs…</p>
        {download}
      </>
    );
  if (archive.isError || log.error)
    return (
      <>
        <QueryError error={archive.error ?? log.error} title="Could not unzip the logs" />
        {download}
      </>
    );
  return (
    <>
      <div className="log-files-bar">
        {names.length > 1 ? (
          <label>
            Log file{' '}
            <select value={chosen} onChange={(event) => setChosen(Number(event.target.value))}>
              {names.map((name, index) => (
                <option key={name} value={index}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <p>
            {names.length === 1 ? (
              <>
                Log file <code>{current}</code>
              </>
            ) : (
              'The log zip holds no log files.'
            )}
          </p>
        )}
        {download}
      </div>
      {current !== undefined && !log.done && (
        <p className="log-state" aria-busy="true">
          {log.text
            ? `Unzipping the rest of the log… ${Math.floor(log.percent)} % read, ${log.text.length.toLocaleString()} lines so far.`
            : 'Unzipping the log…'}
        </p>
      )}
      {current !== undefined && log.text && <LogViewer key={current} lines={log.text} label={`Log ${current}`} />}
    </>
  );
}
