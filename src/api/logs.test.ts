import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { openLogZip } from './logs.ts';

/** Log text that does not compress to nothing, so its file is read in several pieces. */
function runnerLog(lines: number): string {
  let seed = 7;
  const noise = () => {
    seed = (seed * 48271) % 2147483647;
    return seed.toString(36);
  };
  return Array.from({ length: lines }, (_, i) => `2024-01-01T00:00:00Z step ${i} ${noise()} température ✓\n`).join('');
}

async function logZip(files: Record<string, string>): Promise<ArrayBuffer> {
  const zip = new JSZip();
  zip.folder('logs');
  for (const [name, text] of Object.entries(files)) zip.file(name, text);
  return zip.generateAsync({ type: 'arraybuffer', compression: 'DEFLATE' });
}

describe('a job log zip opened in the page', () => {
  it('lists its log files and reads one as UTF-8 text, piece by piece, to the end', async () => {
    const big = runnerLog(20_000);
    const archive = await openLogZip(await logZip({ 'logs/sleeper.log': big, 'logs/other.log': 'one line\n' }));
    expect(archive.names).toEqual(['logs/sleeper.log', 'logs/other.log']);

    const pieces: string[] = [];
    const percents: number[] = [];
    await archive.read('logs/sleeper.log', (text, percent) => {
      pieces.push(text);
      percents.push(percent);
    });
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(big);
    expect(percents.at(-1)).toBe(100);
  });

  it('stops reading when asked to', async () => {
    const archive = await openLogZip(await logZip({ 'sleeper.log': runnerLog(20_000) }));
    const controller = new AbortController();
    let pieces = 0;
    const reading = archive.read(
      'sleeper.log',
      () => {
        pieces++;
        controller.abort();
      },
      controller.signal,
    );
    // It rejects with the reason the signal carries: an abort, not a failure of the zip.
    await expect(reading).rejects.toHaveProperty('name', 'AbortError');
    expect(pieces).toBe(1);
  });

  it('says so when a log file is not in the zip', async () => {
    const archive = await openLogZip(await logZip({ 'sleeper.log': 'done\n' }));
    await expect(archive.read('missing.log', () => {})).rejects.toThrow('missing.log');
  });
});
