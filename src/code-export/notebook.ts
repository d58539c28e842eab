/**
 * A run's Python script as a Jupyter notebook (nbformat 4), laid out as the osparc client's
 * Basic Tutorial notebook is: a title, then one cell a step (imports, the client, the uploads,
 * the solver, the job, its outputs, its logs). The script's `with osparc.ApiClient() as
 * api_client:` block becomes a client made in its own cell, so each step runs on its own.
 */

export interface NotebookCell {
  id: string;
  cell_type: 'markdown' | 'code';
  metadata: Record<string, never>;
  source: string[];
  execution_count?: null;
  outputs?: [];
}

export interface Notebook {
  cells: NotebookCell[];
  metadata: {
    kernelspec: { display_name: string; language: string; name: string };
    language_info: { name: string };
  };
  nbformat: 4;
  nbformat_minor: 5;
}

const CLIENT_BLOCK = 'with osparc.ApiClient() as api_client:';
const INDENT = '    ';

/** A cell's text as nbformat stores it: lines, each but the last ending with a newline. */
function sourceOf(lines: string[]): string[] {
  return lines.map((line, index) => (index < lines.length - 1 ? `${line}\n` : line));
}

/** The script's lines with the client block opened at top level: its body dedented one step. */
function unwrapClient(lines: string[]): string[] {
  const at = lines.indexOf(CLIENT_BLOCK);
  if (at < 0) return lines;
  const body = lines.slice(at + 1).map((line) => (line.startsWith(INDENT) ? line.slice(INDENT.length) : line));
  return [...lines.slice(0, at), 'api_client = osparc.ApiClient()', ...body];
}

/** Splits code where a blank line is followed by a statement at the top level: one step a cell. */
function steps(lines: string[]): string[][] {
  const cells: string[][] = [];
  let current: string[] = [];
  lines.forEach((line, index) => {
    const next = lines[index + 1];
    if (line === '' && next !== undefined && next !== '' && !next.startsWith(' ')) {
      if (current.length) cells.push(current);
      current = [];
    } else if (line !== '' || current.length) {
      current.push(line);
    }
  });
  while (current.at(-1) === '') current.pop();
  if (current.length) cells.push(current);
  return cells;
}

export function notebookOf(pythonScript: string): Notebook {
  const lines = pythonScript.split('\n');
  // The script's opening comment is the notebook's introduction.
  const intro: string[] = [];
  while (lines[0]?.startsWith('#')) intro.push((lines.shift() as string).replace(/^# ?/, ''));
  const [title, ...rest] = intro;
  const markdown = title ? [`# ${title}`, ...(rest.length ? ['', rest.join(' ')] : [])] : [];
  const code = steps(unwrapClient(lines));
  const cells: NotebookCell[] = [
    ...(markdown.length ? [{ cell_type: 'markdown' as const, source: markdown }] : []),
    ...code.map((source) => ({ cell_type: 'code' as const, source })),
  ].map((cell, index) => ({
    id: `cell-${index + 1}`,
    metadata: {},
    ...(cell.cell_type === 'code' ? { execution_count: null, outputs: [] as [] } : {}),
    cell_type: cell.cell_type,
    source: sourceOf(cell.source),
  }));
  return {
    cells,
    metadata: {
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** The notebook as the text of an `.ipynb` file. */
export const notebookText = (pythonScript: string): string => `${JSON.stringify(notebookOf(pythonScript), null, 1)}\n`;
