import { useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { useSolverPorts, useSolverRelease, useSolverReleases } from '../api/solvers.ts';
import type { Solver } from '../api/types.ts';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { PortsTable } from '../components/PortsTable.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { releaseLabel } from '../components/release-label.ts';
import { paths } from '../paths.ts';
import { RegisterReleaseFunction } from './release/RegisterReleaseFunction.tsx';
import { RunForm } from './release/RunForm.tsx';

/** Newest first; versions are semver, so a numeric-aware comparison orders them. */
function newestFirst(releases: Solver[]): Solver[] {
  return [...releases].sort((a, b) => b.version.localeCompare(a.version, undefined, { numeric: true }));
}

/** Picks another release of the same solver; a button confirms, so arrow keys only move the choice. */
function ReleasePicker({ solverKey, version }: { solverKey: string; version: string }) {
  const releases = useSolverReleases(solverKey);
  const navigate = useNavigate();
  const [chosen, setChosen] = useState(version);
  const selectId = useId();
  if (releases.isError) return <QueryError error={releases.error} title="Could not list the releases" />;
  const listed = newestFirst(releases.data ?? []);
  const latest = listed[0]?.version;
  // The release shown is always a choice, even when the host lists it not (or lists none).
  const list = listed.some((release) => release.version === version) ? listed : [{ version } as Solver, ...listed];
  return (
    <form
      className="release-picker"
      onSubmit={(event) => {
        event.preventDefault();
        if (chosen !== version) navigate(paths.solverRelease.getHref(solverKey, chosen));
      }}
    >
      <label htmlFor={selectId}>Release</label>
      {/* biome-ignore lint/a11y/noRedundantRoles: Pico lays out [role=group] as one input group */}
      <fieldset role="group">
        <select
          id={selectId}
          value={chosen}
          onChange={(event) => setChosen(event.target.value)}
          aria-busy={releases.isPending}
          disabled={releases.isPending}
        >
          {releases.isPending && <option value={version}>{version}</option>}
          {!releases.isPending &&
            list.map((release) => (
              <option key={release.version} value={release.version}>
                {releaseLabel(release.version, release.version_display)}
                {release.version === latest ? ', latest' : ''}
              </option>
            ))}
        </select>
        <button type="submit" className="secondary" disabled={chosen === version}>
          Open release
        </button>
      </fieldset>
      {releases.data && listed.length === 0 && <small>The API host lists no releases of this solver.</small>}
    </form>
  );
}

/** One release of a solver: what it is, its ports, and the form that runs it. */
export function SolverReleasePage() {
  const params = useParams();
  const solverKey = params.solverKey ?? '';
  const version = params.version ?? '';
  const release = useSolverRelease(solverKey, version);
  const ports = useSolverPorts(solverKey, version);

  if (release.isPending) {
    return (
      <section aria-busy="true">
        <h1>Solver release</h1>
        <p>
          Loading <code>{solverKey}</code> {version}…
        </p>
      </section>
    );
  }
  if (release.isError) {
    const missing = release.error instanceof ApiError && release.error.status === 404;
    return (
      <section>
        <h1>Solver release</h1>
        <QueryError
          error={release.error}
          title={missing ? `There is no release ${version} of ${solverKey} on this host` : 'Could not load the release'}
        />
        <p>
          <Link to={paths.catalog.getHref()}>Back to the solver catalog</Link>
        </p>
      </section>
    );
  }

  const solver = release.data;
  const inputs = ports.data?.filter((port) => port.kind === 'input') ?? [];
  const outputs = ports.data?.filter((port) => port.kind === 'output') ?? [];
  return (
    <section className="release-page">
      <Breadcrumb trail={[{ to: paths.catalog.getHref(), label: 'Solvers' }]} current={solver.title} />
      <hgroup>
        <h1>{solver.title}</h1>
        <p>Release {solver.version_display ?? solver.version}</p>
      </hgroup>
      {solver.description && <p className="release-description">{solver.description}</p>}
      <dl className="release-facts">
        <dt>Key</dt>
        <dd>
          <code>{solver.id}</code>
        </dd>
        <dt>Version</dt>
        <dd>{solver.version}</dd>
        <dt>Maintainer</dt>
        <dd>{solver.maintainer}</dd>
      </dl>
      <ReleasePicker key={version} solverKey={solverKey} version={version} />
      {ports.data && <RegisterReleaseFunction solver={solver} ports={ports.data} />}

      <h2>Ports</h2>
      {ports.isPending && <p aria-busy="true">Loading the ports…</p>}
      {ports.isError && <QueryError error={ports.error} title="Could not load the ports" />}
      {ports.data && (
        <>
          <PortsTable ports={inputs} caption="Inputs" />
          <PortsTable ports={outputs} caption="Outputs" />
        </>
      )}

      <h2 id="run">Run</h2>
      {ports.data && (
        <RunForm key={`${solverKey}@${version}`} solverKey={solverKey} version={version} ports={ports.data} />
      )}
    </section>
  );
}
