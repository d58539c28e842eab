import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, errorMessage } from '../api/client.ts';
import {
  fetchCollections,
  functionInputPorts,
  functionKeys,
  mapInChunks,
  type RegisteredFunction,
  runFunction,
  useFunction,
  useFunctionJobs,
  wrappedLabel,
} from '../api/functions.ts';
import type { ArgumentValue } from '../api/types.ts';
import { type FunctionCallSpec, functionCurlScript, functionPythonScript } from '../code-export/function-scripts.ts';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { apiFileSource } from '../components/port-form/api-file-source.ts';
import { FileSourceContext } from '../components/port-form/file-source.ts';
import { PortForm } from '../components/port-form/PortForm.tsx';
import { jobValuesFromForm, type PortFormData, planPortForm } from '../components/port-form/port-schema.ts';
import { QueryError } from '../components/QueryError.tsx';
import { formatTime } from '../lib/format.ts';
import { paths } from '../paths.ts';
import { sweepGrid } from '../sweep/grid.ts';
import { sweepCollectionNaming } from '../sweep/metadata.ts';
import { planSweep, type SweepSpecs } from '../sweep/plan.ts';
import { wrappedJobHref } from './functions/wrapped-job-href.ts';

/** `/functions/:functionId`: a function, its input form (Run, or Map over a sweep), its jobs and collections. */
export function FunctionPage() {
  const functionId = useParams().functionId ?? '';
  const fn = useFunction(functionId);
  if (fn.isPending) {
    return (
      <section aria-busy="true">
        <h1>Function</h1>
        <p>Loading the function…</p>
      </section>
    );
  }
  if (fn.isError) {
    const missing = fn.error instanceof ApiError && fn.error.status === 404;
    return (
      <section>
        <h1>Function</h1>
        <QueryError
          error={fn.error}
          title={missing ? `There is no function ${functionId}` : 'Could not load the function'}
        />
        <p>
          <Link to={paths.functions.getHref()}>All functions</Link>
        </p>
      </section>
    );
  }
  return <FunctionView key={functionId} fn={fn.data} />;
}

function FunctionView({ fn }: { fn: RegisteredFunction }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const ports = useMemo(() => functionInputPorts(fn), [fn]);
  const plan = useMemo(() => planPortForm(ports), [ports]);
  const [formData, setFormData] = useState<PortFormData | undefined>(() => fn.default_inputs ?? undefined);
  const [sweepSpecs, setSweepSpecs] = useState<SweepSpecs>({});
  const sweepPlan = useMemo(() => planSweep(ports, sweepSpecs), [ports, sweepSpecs]);
  const sweeping = Object.keys(sweepSpecs).length > 0;
  const updateSweeps = useCallback((next: SweepSpecs) => setSweepSpecs(next), []);
  const sweep = useMemo(
    () => ({ specs: sweepSpecs, plan: sweepPlan, onChange: updateSweeps }),
    [sweepSpecs, sweepPlan, updateSweeps],
  );
  const [busy, setBusy] = useState(false);
  const [mapProgress, setMapProgress] = useState<{ sent: number; total: number } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const jobs = useFunctionJobs(fn.uid);
  const collections = useQuery({
    queryKey: [...functionKeys.collections(), 'of', fn.uid],
    queryFn: ({ signal }) => fetchCollections(20, 0, fn.uid, signal),
  });
  const fieldErrors = failure instanceof ApiError && failure.status === 422 ? failure.fieldErrors : undefined;

  /** The list of inputs the form stands for: one, or one per point of the sweep's grid. */
  function inputsListOf(values: Record<string, ArgumentValue>): Record<string, ArgumentValue>[] {
    if (!sweeping) return [values];
    return sweepGrid(sweepPlan.axes).map((point) => ({ ...values, ...point.values }));
  }

  async function submit(values: Record<string, ArgumentValue>) {
    setFailure(null);
    setBusy(true);
    try {
      if (sweeping) {
        if (!sweepPlan.ready) throw new Error(sweepPlan.gridError ?? 'Fix the swept inputs first');
        const list = inputsListOf(values);
        setMapProgress({ sent: 0, total: list.length });
        const naming = sweepCollectionNaming(
          fn,
          sweepPlan.axes.map((axis) => axis.port),
          list.length,
        );
        const collection = await mapInChunks(fn, list, naming, (sent, total) => setMapProgress({ sent, total }));
        void queryClient.invalidateQueries({ queryKey: functionKeys.all });
        navigate(paths.functionCollection.getHref(collection.uid));
      } else {
        await runFunction(fn.uid, values);
        void queryClient.invalidateQueries({ queryKey: functionKeys.jobs(fn.uid) });
      }
    } catch (caught) {
      setFailure(caught);
    } finally {
      setBusy(false);
      setMapProgress(null);
    }
  }

  const codeSpec: FunctionCallSpec | null =
    sweeping && !sweepPlan.ready
      ? null
      : { functionId: fn.uid, title: fn.title, inputsList: inputsListOf(jobValuesFromForm(formData, plan)) };

  return (
    <section className="function-page">
      <Breadcrumb trail={[{ to: paths.functions.getHref(), label: 'Functions' }]} current={fn.title || fn.uid} />
      <hgroup>
        <h1>{fn.title || 'Function'}</h1>
        <p>
          {fn.function_class} function ·{' '}
          {fn.function_class === 'SOLVER' && fn.solver_key && fn.solver_version ? (
            <Link to={paths.solverRelease.getHref(fn.solver_key, fn.solver_version)}>{wrappedLabel(fn)}</Link>
          ) : (
            wrappedLabel(fn)
          )}
        </p>
      </hgroup>
      {fn.description && <p>{fn.description}</p>}
      <dl className="release-facts">
        <dt>Id</dt>
        <dd>
          <code>{fn.uid}</code>
        </dd>
        <dt>Registered</dt>
        <dd>
          <time dateTime={fn.created_at}>{formatTime(fn.created_at)}</time>
        </dd>
      </dl>

      <h2 id="run">Run or map</h2>
      <p>
        Run takes the values below once. Switch numeric inputs to "Sweep" to map the function over every combination.
      </p>
      {fn.function_class === 'PYTHON_CODE' && (
        <p role="note">This is a Python code function: the embedded host lists it but does not run Python code.</p>
      )}
      {failure !== null && (
        <article role="alert" className="error-box">
          <strong>{sweeping ? 'The map could not be sent' : 'The function could not be run'}</strong>
          <p>{errorMessage(failure)}</p>
        </article>
      )}
      {mapProgress && (
        <section aria-live="polite">
          <p>
            Sending the map: {mapProgress.sent} of {mapProgress.total} inputs…
          </p>
          <ProgressBar value={(mapProgress.sent / Math.max(1, mapProgress.total)) * 100} label="Inputs sent" />
        </section>
      )}
      <FileSourceContext.Provider value={apiFileSource}>
        <PortForm
          ports={ports}
          formData={formData}
          onChange={setFormData}
          onSubmit={(values) => void submit(values)}
          busy={busy ? 'run' : null}
          serverFieldErrors={fieldErrors}
          sweep={sweep}
          runOnly
        />
      </FileSourceContext.Provider>
      {codeSpec && <FunctionCode spec={codeSpec} />}

      <h2>Function jobs</h2>
      {jobs.isPending && <p aria-busy="true">Listing the function's jobs…</p>}
      {jobs.isError && <QueryError error={jobs.error} title="Could not list the function's jobs" />}
      {jobs.data && jobs.data.items.length === 0 && <p>No function jobs yet.</p>}
      {jobs.data && jobs.data.items.length > 0 && (
        <div className="overflow-auto">
          <table>
            <caption>
              Function jobs, newest first ({jobs.data.items.length} of {jobs.data.total})
            </caption>
            <thead>
              <tr>
                <th scope="col">Function job</th>
                <th scope="col">Inputs</th>
                <th scope="col">Status</th>
                <th scope="col">Outputs</th>
                <th scope="col">Wrapped job</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {jobs.data.items.map((job) => {
                const href = wrappedJobHref(fn, job);
                const wrapped = job.solver_job_id ?? job.project_job_id;
                return (
                  <tr key={job.uid}>
                    <th scope="row">
                      <code>{job.uid.slice(0, 8)}</code>
                    </th>
                    <td>
                      <code>{JSON.stringify(job.inputs)}</code>
                    </td>
                    <td>{job.status?.status ?? 'not reported'}</td>
                    <td>{job.outputs ? <code>{JSON.stringify(job.outputs)}</code> : '–'}</td>
                    <td>
                      {href && wrapped ? <Link to={href}>{wrapped.slice(0, 8)}</Link> : (wrapped?.slice(0, 8) ?? '–')}
                    </td>
                    <td>
                      <time dateTime={job.created_at}>{formatTime(job.created_at)}</time>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <h2>Collections</h2>
      {collections.isError && <QueryError error={collections.error} title="Could not list the collections" />}
      {collections.data && collections.data.items.length === 0 && <p>No maps of this function yet.</p>}
      {collections.data && collections.data.items.length > 0 && (
        <ul>
          {collections.data.items.map((collection) => (
            <li key={collection.uid}>
              <Link to={paths.functionCollection.getHref(collection.uid)}>
                {collection.title || 'Collection'} ({collection.job_ids.length} jobs)
              </Link>{' '}
              <time dateTime={collection.created_at}>{formatTime(collection.created_at)}</time>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The Python and curl scripts that do what the form would do now. */
function FunctionCode({ spec }: { spec: FunctionCallSpec }) {
  const mapping = spec.inputsList.length > 1;
  return (
    <details className="function-code">
      <summary>Code {mapping ? `for this map of ${spec.inputsList.length} inputs` : 'for this run'}</summary>
      <h3>Python</h3>
      {/* Scrolls sideways: focusable, so the keyboard can scroll it too. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus */}
      <pre tabIndex={0}>
        <code>{functionPythonScript(spec)}</code>
      </pre>
      <h3>curl</h3>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus */}
      <pre tabIndex={0}>
        <code>{functionCurlScript(spec)}</code>
      </pre>
    </details>
  );
}
