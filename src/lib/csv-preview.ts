import Papa from 'papaparse';

export interface CsvTable {
  header: string[];
  rows: string[][];
}

/**
 * The rows of the first bytes of a CSV (or TSV) file: its first row as the header. When the bytes
 * are only the start of the file, the last row may be cut in the middle, so it is left out.
 */
export function csvTableOf(text: string, truncated: boolean): CsvTable {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  const rows = parsed.data;
  if (truncated && !text.endsWith('\n')) rows.pop();
  const [header = [], ...body] = rows;
  return { header, rows: body };
}
