import { useId } from 'react';
import { Link } from 'react-router';
import { useAllPrograms } from '../../api/programs.ts';
import type { Program } from '../../api/types.ts';
import { QueryError } from '../../components/QueryError.tsx';
import { paths } from '../../paths.ts';

/** Every word of the search must appear in the title, key or description. */
function matches(program: Program, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const text = [program.title, program.id, program.description ?? ''].join('\n').toLowerCase();
  return words.every((word) => text.includes(word));
}

/** The programs of the host (latest releases): each runs a command over a workspace of files. */
export function ProgramsSection({ search }: { search: string }) {
  const programs = useAllPrograms();
  const headingId = useId();
  const shown = programs.data
    ?.filter((program) => matches(program, search))
    .sort((a, b) => a.title.localeCompare(b.title));
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Programs</h2>
      <p>Programs run over a workspace of files you upload, instead of typed inputs.</p>
      {programs.isPending && <p aria-busy="true">Loading the programs of this host…</p>}
      {programs.isError && <QueryError error={programs.error} title="Could not load the programs" />}
      {programs.data?.length === 0 && <p>This host publishes no program.</p>}
      {shown && programs.data && programs.data.length > 0 && shown.length === 0 && (
        <p>No program matches “{search}”.</p>
      )}
      {shown && shown.length > 0 && (
        <div className="overflow-auto">
          <table className="catalog-table" aria-label="Programs">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Key</th>
                <th scope="col">Version</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((program) => (
                <tr key={program.id}>
                  <td>
                    <Link to={paths.programRelease.getHref(program.id, program.version)}>{program.title}</Link>
                    {program.description && <small className="catalog-description">{program.description}</small>}
                  </td>
                  <td>
                    <code>{program.id}</code>
                  </td>
                  <td>{program.version}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
