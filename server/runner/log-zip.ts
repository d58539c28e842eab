import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { openPlainFile } from './work-folder.ts';

/** A log file of a job, as it goes into the log zip. */
export interface LogZipEntry {
  name: string;
  path: string;
}

/** The zip of a stopped job's logs, kept in its work folder once made. */
export const LOG_ZIP_FILE = 'logs.zip';

/**
 * The log zip as a stream, never holding a log in memory nor reading one on the event loop. A
 * log still being written goes in as the bytes it held when the zip began (its size taken then,
 * so the size the zip records matches the bytes it holds); a finished one whole.
 */
export function logZipStream(files: LogZipEntry[], stillWritten: boolean): NodeJS.ReadableStream {
  const zip = new yazl.ZipFile();
  for (const file of files) {
    let fd: number | undefined;
    try {
      fd = openPlainFile(file.path);
      if (stillWritten) {
        const size = fs.fstatSync(fd).size;
        if (size === 0) {
          fs.closeSync(fd);
          zip.addBuffer(Buffer.alloc(0), file.name);
        } else {
          zip.addReadStream(fs.createReadStream('', { fd, start: 0, end: size - 1 }), file.name, { size });
        }
      } else {
        zip.addReadStream(fs.createReadStream('', { fd }), file.name);
      }
    } catch {
      // A file gone, or a link the solver left in its logs folder (never followed), is left out.
      if (fd !== undefined) fs.closeSync(fd);
    }
  }
  zip.end();
  return zip.outputStream;
}

/** Writes the zip of finished logs into `folder` (whole or not at all: a temporary file renamed). */
export async function writeLogZip(files: LogZipEntry[], folder: string): Promise<void> {
  const target = path.join(folder, LOG_ZIP_FILE);
  const temp = `${target}.${process.pid}.${Date.now()}.incoming`;
  try {
    await pipeline(logZipStream(files, false), fs.createWriteStream(temp, { flags: 'wx' }));
    fs.renameSync(temp, target);
  } catch {
    // The job was deleted or the host closed meanwhile: the zip is made on request instead.
    fs.rmSync(temp, { force: true });
  }
}
