import { useId, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useAllStudies } from '../api/studies.ts';
import { Pager } from '../components/Pager.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { paths } from '../paths.ts';

const PAGE_SIZE = 10;

/** Every study of the API host: searchable by title and description, ten to a page. */
export function StudiesPage() {
  const searchId = useId();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const studies = useAllStudies();
  const matching = useMemo(() => {
    const words = search.toLowerCase().split(/\s+/).filter(Boolean);
    return (studies.data ?? []).filter((study) => {
      const text = `${study.title ?? ''} ${study.description ?? ''}`.toLowerCase();
      return words.every((word) => text.includes(word));
    });
  }, [studies.data, search]);
  const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const current = Math.min(page, pages);
  const shown = matching.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);
  const setParam = (changes: Record<string, string | null>) =>
    setParams(
      (previous) => {
        for (const [key, value] of Object.entries(changes)) {
          if (value) previous.set(key, value);
          else previous.delete(key);
        }
        return previous;
      },
      { replace: true },
    );

  return (
    <section>
      <h1>Studies</h1>
      <p>
        A study is a pipeline of solvers: its parameter and file-picker nodes are its inputs, its probes its outputs.
        Run it with your own values as a study job.
      </p>
      <label htmlFor={searchId}>Search studies</label>
      <input
        id={searchId}
        type="search"
        value={search}
        placeholder="Title or description"
        onChange={(event) => setParam({ q: event.target.value, page: null })}
      />
      {studies.isPending && <p aria-busy="true">Loading the studies…</p>}
      {studies.isError && <QueryError error={studies.error} title="Could not load the studies" />}
      {studies.data && (
        <p role="status">
          {matching.length === studies.data.length
            ? `${studies.data.length} stud${studies.data.length === 1 ? 'y' : 'ies'}`
            : `${matching.length} of ${studies.data.length} studies match`}
        </p>
      )}
      <ul className="study-list">
        {shown.map((study) => (
          <li key={study.uid}>
            <article>
              <h2>
                <Link to={paths.study.getHref(study.uid)}>{study.title ?? study.uid}</Link>
              </h2>
              {study.description && <p>{study.description}</p>}
            </article>
          </li>
        ))}
      </ul>
      <Pager page={current} pages={pages} onPage={(next) => setParam({ page: String(next) })} label="Study pages" />
    </section>
  );
}
