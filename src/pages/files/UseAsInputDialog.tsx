import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link } from 'react-router';
import { allSolversQuery } from '../../api/solvers.ts';
import type { OsparcFile } from '../../api/types.ts';
import { Modal } from '../../components/Modal.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { paths } from '../../paths.ts';

/** The run form of a solver release with this file preselected in its first file port. */
function inputLinkOf(file: OsparcFile, solverKey: string, version: string): string {
  return paths.solverRelease.getHref(solverKey, version, { file: file.id });
}

interface UseAsInputDialogProps {
  file: OsparcFile | null;
  onClose(): void;
}

/** Picks the solver (latest release) whose run form gets the file as an input. */
export function UseAsInputDialog({ file, onClose }: UseAsInputDialogProps) {
  const titleId = useId();
  // Only read the catalog once someone wants to use a file.
  const solvers = useQuery({ ...allSolversQuery(), enabled: file !== null });
  return (
    <Modal open={file !== null} labelledBy={titleId} onClose={onClose}>
      <article>
        <h2 id={titleId}>Use “{file?.filename}” as input</h2>
        <p>Choose the solver to run with it; its run form opens with this file in its first file input.</p>
        {file && solvers.isPending && <p aria-busy="true">Loading the solvers…</p>}
        {solvers.isError && <QueryError error={solvers.error} title="Could not load the solvers" />}
        {solvers.data && solvers.data.solvers.length === 0 && (
          <p>
            {solvers.data.total > 0
              ? `This API host says it has ${solvers.data.total.toLocaleString()} solvers, but listed none of them.`
              : 'This API host has no solvers.'}
          </p>
        )}
        {file && solvers.data && solvers.data.solvers.length > 0 && (
          <ul className="solver-choices">
            {solvers.data.solvers.map((solver) => (
              <li key={`${solver.id}@${solver.version}`}>
                <Link to={inputLinkOf(file, solver.id, solver.version)} onClick={onClose}>
                  {solver.title} {solver.version}
                </Link>{' '}
                <small className="muted">{solver.id}</small>
              </li>
            ))}
          </ul>
        )}
        <footer>
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
        </footer>
      </article>
    </Modal>
  );
}
