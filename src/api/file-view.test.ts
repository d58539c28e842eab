import { describe, expect, it } from 'vitest';
import { applyFileView, DEFAULT_FILE_VIEW, type FileView, isDefaultFileView } from './file-view.ts';
import type { DescribedFile } from './types.ts';

const job = { job_id: 'j1', output: 'output_1', solver_key: 'simcore/services/comp/itis/sleeper', version: '2.1.6' };
const described: DescribedFile[] = [
  { id: 'a', filename: 'single_number.txt', size: 2, created_at: '2026-12-01T10:00:00Z', produced_by: job },
  { id: 'b', filename: 'input.csv', size: 900, created_at: '2026-12-01T09:00:00Z', produced_by: null },
  { id: 'c', filename: 'Single_Number.txt', size: 1, created_at: '2026-12-01T11:00:00Z', produced_by: job },
  { id: 'd', filename: 'file10.txt', size: 50, created_at: '2026-12-01T08:00:00Z', produced_by: null },
  { id: 'e', filename: 'file9.txt', size: 50, created_at: '2026-12-01T07:00:00Z', produced_by: null },
];
/** As a real deployment answers: upstream's File, without size, time or producing job. */
const bare: DescribedFile[] = described.map(({ id, filename }) => ({ id, filename }));

const view = (changes: Partial<FileView>): FileView => ({ ...DEFAULT_FILE_VIEW, ...changes });
const ids = (files: DescribedFile[]) => files.map((file) => file.id);

describe('a view of the files applied in the dashboard, for hosts that cannot filter or order them', () => {
  it('orders by time, size and name either way, ties and names with numbers as people read them', () => {
    expect(ids(applyFileView(described, view({ order: 'newest' })).files)).toEqual(['c', 'a', 'b', 'd', 'e']);
    expect(ids(applyFileView(described, view({ order: 'oldest' })).files)).toEqual(['e', 'd', 'b', 'a', 'c']);
    expect(ids(applyFileView(described, view({ order: 'largest' })).files)).toEqual(['b', 'd', 'e', 'a', 'c']);
    expect(ids(applyFileView(described, view({ order: 'smallest' })).files)).toEqual(['c', 'a', 'd', 'e', 'b']);
    expect(ids(applyFileView(described, view({ order: 'name' })).files)).toEqual(['e', 'd', 'b', 'a', 'c']);
    expect(ids(applyFileView(described, view({ order: 'name-desc' })).files)).toEqual(['a', 'c', 'b', 'd', 'e']);
  });

  it('keeps uploads or job outputs, and text in the name in any case', () => {
    expect(ids(applyFileView(described, view({ origin: 'job' })).files)).toEqual(['c', 'a']);
    expect(ids(applyFileView(described, view({ origin: 'upload', order: 'name' })).files)).toEqual(['e', 'd', 'b']);
    expect(ids(applyFileView(described, view({ nameContains: ' SINGLE ', order: 'oldest' })).files)).toEqual([
      'a',
      'c',
    ]);
  });

  it('says what the files do not tell instead of pretending to apply it', () => {
    const byOrigin = applyFileView(bare, view({ origin: 'job', order: 'name' }));
    expect(byOrigin.files).toHaveLength(5);
    expect(byOrigin.unknown).toEqual(['origin']);
    const bySize = applyFileView(bare, view({ order: 'largest' }));
    expect(ids(bySize.files)).toEqual(ids(bare));
    expect(bySize.unknown).toEqual(['size']);
    expect(applyFileView(bare, view({})).unknown).toEqual(['time']);
    expect(applyFileView(described, view({ origin: 'job', order: 'largest' })).unknown).toEqual([]);
  });

  it('calls only the opening view (every file, newest first) the default', () => {
    expect(isDefaultFileView(DEFAULT_FILE_VIEW)).toBe(true);
    expect(isDefaultFileView(view({ nameContains: '  ' }))).toBe(true);
    expect(isDefaultFileView(view({ order: 'oldest' }))).toBe(false);
    expect(isDefaultFileView(view({ origin: 'upload' }))).toBe(false);
    expect(isDefaultFileView(view({ nameContains: 'x' }))).toBe(false);
  });
});
