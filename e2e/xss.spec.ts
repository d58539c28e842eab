import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { createJob, SCRIPT_HEADERS } from './job-setup.ts';
import { closedPort, type Started, startDashboard, startHost, stop } from './processes.ts';

/**
 * Text from the API host (solver titles and descriptions, port titles, file names, job
 * metadata, outputs and log lines) that holds HTML and script is shown as text: nothing runs.
 */

const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=1</script>';
const KEY = 'simcore/services/comp/local/hostile-text';
const VERSION = '1.0.0';
// File names cannot hold "/", so file names carry the image only.
const UPLOAD_NAME = `${IMG}.txt`;
const OUTPUT_NAME = `${IMG}-result.txt`;

/** A solver package whose every text is hostile, and whose run prints and writes more of it. */
function writeHostilePackage(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'osparc-e2e-hostile-solvers-'));
  const folder = path.join(root, 'hostile');
  fs.mkdirSync(folder);
  const quoted = (text: string) => JSON.stringify(text);
  fs.writeFileSync(
    path.join(folder, 'metadata.yml'),
    [
      `key: ${KEY}`,
      `version: ${VERSION}`,
      `name: ${quoted(`Hostile ${IMG}`)}`,
      `description: ${quoted(`Described by ${IMG} and ${SCRIPT}`)}`,
      'contact: hostile@example.org',
      'inputs:',
      '  data:',
      `    label: ${quoted(`Data ${IMG}`)}`,
      `    description: ${quoted(`A file ${SCRIPT}`)}`,
      '    type: data:text/plain',
      '    fileToKeyMap: { data.txt: data }',
      '    optional: true',
      '  text:',
      `    label: ${quoted(`Text ${SCRIPT}`)}`,
      `    description: ${quoted(`Any text ${IMG}`)}`,
      '    type: ref_contentSchema',
      `    contentSchema: { type: string, enum: [${quoted(`choice ${IMG}`)}, ${quoted(`choice ${SCRIPT}`)}] }`,
      `    defaultValue: ${quoted(`choice ${IMG}`)}`,
      'outputs:',
      '  echo:',
      `    label: ${quoted(`Echo ${IMG}`)}`,
      `    description: ${quoted(`The text again ${SCRIPT}`)}`,
      '    type: string',
      '  result:',
      `    label: ${quoted(`Result ${SCRIPT}`)}`,
      `    description: ${quoted(`A file ${IMG}`)}`,
      '    type: data:text/plain',
      `    fileToKeyMap: { ${quoted(OUTPUT_NAME)}: result }`,
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(folder, 'run.mjs'),
    [
      "import fs from 'node:fs';",
      "import path from 'node:path';",
      "const inputs = JSON.parse(fs.readFileSync(path.join(process.env.INPUT_FOLDER, 'inputs.json'), 'utf8'));",
      `console.log(${quoted(`log line ${IMG}`)});`,
      `console.error(${quoted(`log line ${SCRIPT}`)});`,
      "fs.writeFileSync(path.join(process.env.OUTPUT_FOLDER, 'outputs.json'), JSON.stringify({ echo: inputs.text }));",
      `fs.writeFileSync(path.join(process.env.OUTPUT_FOLDER, ${quoted(OUTPUT_NAME)}), ${quoted(`${SCRIPT}\n`)});`,
      '',
    ].join('\n'),
  );
  return root;
}

/** Nothing hostile ran, and no element was made from the hostile text. */
async function expectNothingRan(page: Page, dialogs: string[]): Promise<void> {
  expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(
    await page.locator('script').evaluateAll((scripts) => scripts.some((s) => s.textContent?.includes('__xss'))),
  ).toBe(false);
  expect(dialogs).toEqual([]);
}

test('HTML and script in solver, port, file, metadata, output and log texts show as text and never run', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const credentials = { key: 'hostile-key', secret: 'hostile-secret' };
  const apiPort = await closedPort();
  let host: Started | undefined;
  let dashboard: Started | undefined;
  try {
    host = await startHost(apiPort, credentials, { env: { OSPARC_LOCAL_SOLVERS: writeHostilePackage() } });
    const started = await startDashboard(`http://127.0.0.1:${apiPort}`, credentials);
    dashboard = started.dashboard;
    const at = (route: string) => new URL(route, started.url).href;
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });

    // A file with a hostile name, uploaded through the Files page.
    await page.goto(at('/files'));
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose files…' }).click();
    await (await chooser).setFiles({ name: UPLOAD_NAME, mimeType: 'text/plain', buffer: Buffer.from('42\n') });
    const table = page.getByRole('table', { name: 'Files on the API host' });
    await expect(table.getByRole('rowheader', { name: UPLOAD_NAME })).toBeVisible();
    await expectNothingRan(page, dialogs);

    // A job of the hostile solver with that file and a hostile text, run to its end, with hostile labels.
    const files = (await (await page.request.get(at('/v0/files'))).json()) as { id: string; filename: string }[];
    const uploaded = files.find((file) => file.filename === UPLOAD_NAME);
    expect(uploaded, JSON.stringify(files)).toBeDefined();
    const jobs = at(`/v0/solvers/${encodeURIComponent(KEY)}/releases/${VERSION}/jobs`);
    const values = { data: uploaded, text: `choice ${SCRIPT}` };
    const { id } = await createJob(page.request, KEY, VERSION, values, { start: true, origin: started.url });
    await expect
      .poll(
        async () => {
          const status = (await (
            await page.request.post(`${jobs}/${id}:inspect`, { headers: SCRIPT_HEADERS })
          ).json()) as { state: string };
          return status.state;
        },
        { timeout: 60_000 },
      )
      .toBe('SUCCESS');
    const labelled = await page.request.patch(`${jobs}/${id}/metadata`, {
      data: { metadata: { note: `label ${IMG}`, [`key ${IMG}`]: `label ${SCRIPT}` } },
    });
    expect(labelled.ok(), await labelled.text()).toBe(true);

    // The catalog: the solver's title and description.
    await page.goto(at('/'));
    await expect(page.getByText(`Hostile ${IMG}`).first()).toBeVisible();
    await expect(page.getByText(`Described by ${IMG} and ${SCRIPT}`).first()).toBeVisible();
    await expectNothingRan(page, dialogs);

    // The release page: titles and descriptions of the solver and its ports, the choices of an enum.
    await page.goto(at(`/solvers/${encodeURIComponent(KEY)}/releases/${VERSION}`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`Hostile ${IMG}`);
    await expect(page.getByText(`Data ${IMG}`).first()).toBeVisible();
    await expect(page.getByText(`A file ${SCRIPT}`).first()).toBeVisible();
    await expect(page.getByText(`Text ${SCRIPT}`).first()).toBeVisible();
    await expect(page.getByText(`The text again ${SCRIPT}`).first()).toBeVisible();
    await expect(page.getByRole('combobox', { name: /Text/ }).getByRole('option')).toHaveText([
      `choice ${IMG}`,
      `choice ${SCRIPT}`,
    ]);
    await expectNothingRan(page, dialogs);

    // The job page: its inputs, outputs (a file name and a text value), labels and log lines.
    await page.goto(at(`/solvers/${encodeURIComponent(KEY)}/releases/${VERSION}/jobs/${id}`));
    await expect(page.getByRole('region', { name: 'Inputs' })).toContainText(UPLOAD_NAME);
    await expect(page.getByRole('region', { name: 'Inputs' })).toContainText(`choice ${SCRIPT}`);
    const outputs = page.getByRole('region', { name: 'Outputs' });
    await expect(outputs).toContainText(OUTPUT_NAME);
    await expect(outputs).toContainText(`choice ${SCRIPT}`);
    const labels = page.getByRole('region', { name: 'Labels' });
    await expect(labels.getByRole('textbox', { name: /^Value of label/ })).toHaveCount(2);
    const labelValues = await labels
      .getByRole('textbox', { name: /^Value of label/ })
      .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value).sort());
    expect(labelValues).toEqual([`label ${IMG}`, `label ${SCRIPT}`]);
    const logs = page.getByRole('region', { name: 'Logs' });
    await expect(logs.getByText(`log line ${IMG}`)).toBeVisible();
    await expect(logs.getByText(`log line ${SCRIPT}`)).toBeVisible();
    await expectNothingRan(page, dialogs);

    // The jobs list: the job's row.
    await page.goto(at('/jobs'));
    await expect(page.getByRole('row', { name: new RegExp(id) })).toBeVisible();
    await expectNothingRan(page, dialogs);

    // The files page again, now with the job's output beside the upload.
    await page.goto(at('/files'));
    await expect(table.getByRole('rowheader', { name: UPLOAD_NAME })).toBeVisible();
    await expectNothingRan(page, dialogs);
  } finally {
    await stop(dashboard);
    await stop(host);
  }
});
