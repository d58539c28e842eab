// Numbers and times as people read them: shared by pages and components, no API knowledge.

const sizeNumber = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** Sizes for people, in 1024-based units: 512 B, 3.4 KiB, 12 MiB. */
export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${sizeNumber.format(value)} ${units[unit]}`;
}

/** Durations for people: 4 s, 2 min 05 s, 1 h 02 min. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** A timestamp for people, in their locale; the text as given when it is no date, a dash when absent. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
