import fs from 'node:fs';
import path from 'node:path';
import { atBenchEnd, tempDir } from './processes.ts';

export const GIB = 1024 ** 3;

let made: string | undefined;

/**
 * A 1 GiB file, made once per run: random bytes in the first MiB of every 16 MiB, the rest a
 * hole, so it costs no time or disk to make but no part of it is trivially the same as another.
 */
export function oneGibFile(): string {
  if (made) return made;
  const folder = tempDir('big');
  atBenchEnd(() => fs.rmSync(folder, { recursive: true, force: true }));
  const file = path.join(folder, 'one-gib.bin');
  const fd = fs.openSync(file, 'w');
  try {
    fs.ftruncateSync(fd, GIB);
    const random = Buffer.alloc(1024 * 1024);
    for (let offset = 0; offset < GIB; offset += 16 * 1024 * 1024) {
      for (let i = 0; i < random.length; i += 4) random.writeUInt32LE((Math.random() * 2 ** 32) >>> 0, i);
      fs.writeSync(fd, random, 0, random.length, offset);
    }
  } finally {
    fs.closeSync(fd);
  }
  made = file;
  return file;
}
