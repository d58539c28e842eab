#!/usr/bin/env node
// Summarises the job's workspace: one CSV row per file with its size, lines, words and SHA-256.
// A program runs in its job's folder; the files uploaded to the job are under ./workspace.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const workspace = path.resolve('workspace');
const outputFolder = process.env.OUTPUT_FOLDER;
if (!outputFolder) {
  console.error('ERROR: OUTPUT_FOLDER must be set');
  process.exit(1);
}

/** Every regular file under `dir`, as paths relative to the workspace, sorted. */
function filesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(workspace, path.join(entry.parentPath ?? entry.path, entry.name)))
    .sort();
}

/** A CSV cell: quoted when it holds a separator, a quote or a line break. */
const cell = (value) => (/[",\n\r]/.test(String(value)) ? `"${String(value).replaceAll('"', '""')}"` : String(value));

const files = filesUnder(workspace);
console.log(`Found ${files.length} file(s) in the workspace`);
if (files.length === 0) console.log('The workspace is empty: upload files to the job before starting it');
const rows = [['path', 'bytes', 'lines', 'words', 'sha256']];
let totalBytes = 0;
for (const [index, relative] of files.entries()) {
  const bytes = fs.readFileSync(path.join(workspace, relative));
  const text = bytes.toString('utf8');
  const lines = bytes.length === 0 ? 0 : text.split(/\r\n|\r|\n/).length - (/(\r\n|\r|\n)$/.test(text) ? 1 : 0);
  const words = text.split(/\s+/).filter(Boolean).length;
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  totalBytes += bytes.length;
  rows.push([relative, bytes.length, lines, words, sha256]);
  console.log(`${relative}: ${bytes.length} bytes, ${lines} lines, ${words} words`);
  console.log(`[PROGRESS] ${index + 1}/${files.length}`);
}
rows.push(['(total)', totalBytes, '', '', '']);
fs.writeFileSync(path.join(outputFolder, 'summary.csv'), `${rows.map((row) => row.map(cell).join(',')).join('\n')}\n`);
fs.writeFileSync(
  path.join(outputFolder, 'outputs.json'),
  JSON.stringify({ file_count: files.length, total_bytes: totalBytes }),
);
console.log(`Wrote summary.csv: ${files.length} file(s), ${totalBytes} bytes`);
