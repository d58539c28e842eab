import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { errorFromResponse } from '../../api/client.ts';
import type { ArgumentValue, DescribedFile, OsparcFile, Page, SolverPort } from '../../api/types.ts';
import { type FileSource, FileSourceContext } from './file-source.ts';
import { PortForm, type SubmitIntent } from './PortForm.tsx';
import type { PortFormData } from './port-schema.ts';

/** The sleeper 2.1.6's inputs, as the embedded host lists them. */
const SLEEPER_PORTS: SolverPort[] = [
  {
    key: 'input_1',
    kind: 'input',
    content_schema: {
      type: 'string',
      title: 'File with int number',
      description: 'Pick a file containing only one integer',
      content_media_type: 'text/plain',
    },
  },
  {
    key: 'input_2',
    kind: 'input',
    content_schema: {
      title: 'Sleep interval',
      type: 'integer',
      x_unit: 'second',
      minimum: 0,
      maximum: 65,
      description: 'Choose an amount of time to sleep in range [0-65]',
      default: 2,
    },
  },
  {
    key: 'input_3',
    kind: 'input',
    content_schema: {
      type: 'boolean',
      title: 'Fail after sleep',
      description: 'If set to true will cause service to fail after it sleeps',
      default: false,
    },
  },
  {
    key: 'input_4',
    kind: 'input',
    content_schema: { title: 'Distance to bed', type: 'integer', x_unit: 'meter', default: 0 },
  },
  { key: 'output_1', kind: 'output', content_schema: { type: 'string', title: 'File containing one random integer' } },
];

/** jsdom's File has no text(); FileReader it has. */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

/** A host's file list and uploads kept in memory, as the file ports see them. */
function memoryFileSource(files: DescribedFile[], searches = true): FileSource & { uploaded: string[] } {
  const uploaded: string[] = [];
  return {
    uploaded,
    async describeFile(id) {
      const file = files.find((stored) => stored.id === id);
      if (!file) throw new Error(`No file ${id}`);
      return file;
    },
    async listFiles(limit, offset, text) {
      // Newest first, searched by name, as the embedded host does.
      const found = [...files]
        .reverse()
        .filter((file) => !searches || file.filename.toLowerCase().includes(text.toLowerCase()));
      const page: Page<DescribedFile> = {
        items: found.slice(offset, offset + limit),
        total: found.length,
        limit,
        offset,
        links: { first: null, last: null, self: null, next: null, prev: null },
      };
      return { page, searched: searches };
    },
    async uploadFile(file, { onProgress }) {
      onProgress?.(0.5);
      const text = await readText(file);
      uploaded.push(text);
      const stored: OsparcFile = {
        id: `f-${files.length + 1}`,
        filename: file.name,
        content_type: file.type || 'application/octet-stream',
        checksum: `sha-${text}`,
        e_tag: `etag-${text}`,
      };
      files.push(stored);
      onProgress?.(1);
      return stored;
    },
  };
}

interface Submitted {
  values: Record<string, ArgumentValue>;
  intent: SubmitIntent;
}

interface RenderOptions {
  files?: OsparcFile[];
  /** False for a host that cannot search files (a real deployment): it lists every file. */
  hostSearches?: boolean;
  serverFieldErrors?: Record<string, string>;
  initial?: PortFormData;
}

/** The form as a page holds it: values kept in state, submissions recorded. */
function Harness({
  ports,
  options,
  submitted,
}: {
  ports: SolverPort[];
  options: RenderOptions;
  submitted: Submitted[];
}) {
  const [formData, setFormData] = useState<PortFormData | undefined>(options.initial);
  return (
    <PortForm
      ports={ports}
      formData={formData}
      onChange={setFormData}
      onSubmit={(values, intent) => submitted.push({ values, intent })}
      serverFieldErrors={options.serverFieldErrors}
    />
  );
}

function renderForm(ports: SolverPort[], options: RenderOptions = {}) {
  const submitted: Submitted[] = [];
  const source = memoryFileSource(options.files ?? [], options.hostSearches ?? true);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = render(
    <QueryClientProvider client={queryClient}>
      <FileSourceContext.Provider value={source}>
        <Harness ports={ports} options={options} submitted={submitted} />
      </FileSourceContext.Provider>
    </QueryClientProvider>,
  );
  return { submitted, source, view, user: userEvent.setup() };
}

describe('the run form of the sleeper', () => {
  it('lists the inputs in API order with titles, descriptions, units and defaults', () => {
    renderForm(SLEEPER_PORTS);
    const interval = screen.getByLabelText(/Sleep interval/);
    expect(interval).toHaveValue(2);
    expect(interval).toHaveAccessibleDescription(/Choose an amount of time to sleep.* s$/);
    expect(screen.getByLabelText(/Distance to bed/)).toHaveValue(0);
    expect(screen.getByRole('checkbox', { name: /Fail after sleep/ })).not.toBeChecked();
    expect(screen.getByRole('group', { name: /File with int number/ })).toBeInTheDocument();
    expect(screen.queryByText('File containing one random integer')).not.toBeInTheDocument();
    const titles = screen.getAllByText(
      /^(File with int number|Sleep interval|Fail after sleep|Distance to bed)( \*)?$/,
      {
        selector: 'legend, label, span',
      },
    );
    expect(titles.map((element) => element.textContent?.replace(/\s*\*$/, '').trim())).toEqual([
      'File with int number',
      'Sleep interval',
      'Fail after sleep',
      'Distance to bed',
    ]);
  });

  it('sends numbers as numbers and leaves an empty optional file port out', async () => {
    const { submitted, user } = renderForm(SLEEPER_PORTS);
    const interval = screen.getByLabelText(/Sleep interval/);
    await user.clear(interval);
    await user.type(interval, '3');
    await user.click(screen.getByRole('button', { name: 'Run' }));
    expect(submitted).toEqual([{ values: { input_2: 3, input_3: false, input_4: 0 }, intent: 'run' }]);
  });

  it('refuses a sleep interval above its maximum on the field, without submitting', async () => {
    const { submitted, user } = renderForm(SLEEPER_PORTS);
    const interval = screen.getByLabelText(/Sleep interval/);
    await user.clear(interval);
    await user.type(interval, '99');
    await user.click(screen.getByRole('button', { name: 'Create without starting' }));
    expect(submitted).toEqual([]);
    expect(interval).toHaveAccessibleDescription(/must be at most 65 s/);
    expect(interval).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('alert')).toHaveTextContent(/Sleep interval: must be at most 65 s/);
  });
});

/** Ports of every kind a content schema can describe. */
const EVERY_KIND: SolverPort[] = [
  {
    key: 'length',
    kind: 'input',
    content_schema: {
      title: 'Rod length',
      type: 'number',
      x_unit: 'meter',
      exclusiveMinimum: 0,
      maximum: 100,
      default: 0.1,
    },
  },
  { key: 'cells', kind: 'input', content_schema: { title: 'Number of cells', type: 'integer', minimum: 2 } },
  { key: 'note', kind: 'input', content_schema: { title: 'Note', type: ['string', 'null'], format: 'text' } },
  {
    key: 'scheme',
    kind: 'input',
    content_schema: { title: 'Time scheme', type: 'string', enum: ['implicit', 'explicit'], default: 'implicit' },
  },
  { key: 'verbose', kind: 'input', content_schema: { title: 'Verbose', type: 'boolean' } },
  {
    key: 'spots',
    kind: 'input',
    content_schema: {
      title: 'Hot spots',
      type: 'array',
      items: {
        type: 'object',
        title: 'Hot spot',
        required: ['position'],
        properties: { position: { type: 'number', title: 'Position', x_unit: 'meter', minimum: 0 } },
      },
      default: [],
    },
  },
  {
    key: 'solver',
    kind: 'input',
    content_schema: {
      title: 'Solver settings',
      type: 'object',
      properties: {
        dt: { type: 'number', title: 'Time step', x_unit: 'second', exclusiveMinimum: 0 },
        steps: { type: 'integer', title: 'Steps', minimum: 1 },
      },
      default: { dt: 0.5, steps: 10 },
    },
  },
  { key: 'table', kind: 'input', content_schema: { title: 'Table', type: 'string', content_media_type: 'text/csv' } },
  {
    key: 'mesh',
    kind: 'input',
    content_schema: { title: 'Mesh', type: 'string', description: 'A mesh file or its name' },
  },
];

const STORED: DescribedFile[] = [
  {
    id: 'a1',
    filename: 'rod.csv',
    content_type: 'text/csv',
    checksum: 'c-rod',
    e_tag: 'e-rod',
    size: 2048,
    created_at: '2026-11-30T08:15:00Z',
  },
  { id: 'b2', filename: 'mesh.vtk', content_type: 'application/octet-stream', checksum: 'c-mesh', e_tag: 'e-mesh' },
];

describe('the run form over schemas of every kind', () => {
  it('renders each type with its control: numbers with units, enum as select, nested object and array', () => {
    renderForm(EVERY_KIND, { files: [...STORED] });
    expect(screen.getByLabelText(/Rod length/)).toHaveAttribute('type', 'number');
    expect(screen.getByLabelText(/Rod length/)).toHaveAccessibleDescription(/^m$/);
    expect(screen.getByLabelText(/Rod length/)).toHaveValue(0.1);
    expect(screen.getByLabelText(/Number of cells/)).toHaveValue(null);
    expect(screen.getByText('Number of cells').closest('label')).toHaveTextContent('*');
    expect(screen.getByText('Note').closest('label')).not.toHaveTextContent('*');
    const scheme = screen.getByRole('combobox', { name: /Time scheme/ });
    expect(
      within(scheme)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(expect.arrayContaining(['implicit', 'explicit']));
    expect(scheme).toHaveValue('0');
    expect(screen.getByRole('checkbox', { name: /Verbose/ })).not.toBeChecked();
    const solver = screen.getByRole('group', { name: /Solver settings/ });
    expect(within(solver).getByLabelText(/Time step/)).toHaveValue(0.5);
    expect(within(solver).getByLabelText(/Time step/)).toHaveAccessibleDescription(/^s$/);
    expect(within(solver).getByLabelText(/Steps/)).toHaveValue(10);
    expect(screen.getByRole('button', { name: 'Add item' })).toBeInTheDocument();
    // A port with a media type is a file port; a plain string port offers a value or a file.
    expect(screen.getByRole('group', { name: /^Table/ })).toHaveTextContent('No file chosen (takes text/csv).');
    const mesh = screen.getByRole('radiogroup', { name: 'How to give Mesh' });
    expect(within(mesh).getByRole('radio', { name: 'Type a value' })).toBeChecked();
    expect(screen.getByLabelText('Value of Mesh')).toBeInTheDocument();
  });

  it('asks for a required value without default, and leaves unset optional ones out', async () => {
    const { submitted, user } = renderForm(EVERY_KIND);
    await user.click(screen.getByRole('button', { name: 'Run' }));
    expect(submitted).toEqual([]);
    expect(screen.getByLabelText(/Number of cells/)).toHaveAccessibleDescription(/is required/);

    await user.type(screen.getByLabelText(/Number of cells/), '1');
    await user.click(screen.getByRole('button', { name: 'Run' }));
    expect(screen.getByLabelText(/Number of cells/)).toHaveAccessibleDescription(/must be at least 2/);

    await user.clear(screen.getByLabelText(/Number of cells/));
    await user.type(screen.getByLabelText(/Number of cells/), '40');
    await user.selectOptions(screen.getByRole('combobox', { name: /Time scheme/ }), 'explicit');
    await user.click(screen.getByRole('button', { name: 'Add item' }));
    await user.type(screen.getByLabelText(/Position/), '0.25');
    await user.clear(within(screen.getByRole('group', { name: /Solver settings/ })).getByLabelText(/Steps/));
    await user.type(within(screen.getByRole('group', { name: /Solver settings/ })).getByLabelText(/Steps/), '3');
    await user.click(screen.getByRole('button', { name: 'Create without starting' }));
    expect(submitted).toEqual([
      {
        intent: 'create',
        values: {
          length: 0.1,
          cells: 40,
          scheme: 'explicit',
          verbose: false,
          spots: [{ position: 0.25 }],
          solver: { dt: 0.5, steps: 3 },
        },
      },
    ]);
  });

  it('uploads a new file into a file port and sends its File reference, never its content', async () => {
    const { submitted, source, user } = renderForm(EVERY_KIND, { initial: { cells: 4 } });
    await user.upload(
      screen.getByLabelText(/Upload a new file for Table/),
      new File(['x,y\n1,2\n'], 'points.csv', { type: 'text/csv' }),
    );
    expect(await screen.findByText('points.csv')).toBeInTheDocument();
    expect(source.uploaded).toEqual(['x,y\n1,2\n']);
    await user.click(screen.getByRole('button', { name: 'Run' }));
    expect(submitted[0]?.values.table).toEqual({
      id: 'f-1',
      filename: 'points.csv',
      content_type: 'text/csv',
      checksum: 'sha-x,y\n1,2\n',
      e_tag: 'etag-x,y\n1,2\n',
    });
  });

  it('picks a file already on the host from a searchable list', async () => {
    const { submitted, user } = renderForm(EVERY_KIND, { files: [...STORED], initial: { cells: 4 } });
    const table = screen.getByRole('group', { name: /^Table/ });
    await user.click(within(table).getByText(/Choose a file already on the host/));
    const search = await within(table).findByLabelText('Search files by name or checksum');
    expect(within(table).getByRole('button', { name: 'mesh.vtk' })).toBeInTheDocument();
    await user.type(search, 'rod');
    expect(within(table).queryByRole('button', { name: 'mesh.vtk' })).not.toBeInTheDocument();
    await user.click(within(table).getByRole('button', { name: 'rod.csv' }));
    expect(within(table).getByRole('button', { name: 'rod.csv' })).toHaveAttribute('aria-pressed', 'true');
    // Known by its name, size and time stored rather than its id; the form sends the File reference alone.
    await waitFor(() => expect(table).toHaveTextContent(/Chosen file: rod\.csv \(2 KiB, stored .*2026/));
    expect(table).not.toHaveTextContent(/\ba1\b/);
    await user.click(screen.getByRole('button', { name: 'Run' }));
    const { size: _, created_at: __, ...reference } = STORED[0]!;
    expect(submitted[0]?.values.table).toEqual(reference);
  });

  it('searches the loaded files itself where the host cannot search, and says so when none matches', async () => {
    const { user } = renderForm(EVERY_KIND, { files: [...STORED], initial: { cells: 4 }, hostSearches: false });
    const table = screen.getByRole('group', { name: /^Table/ });
    await user.click(within(table).getByText(/Choose a file already on the host/));
    const search = await within(table).findByLabelText('Search files by name or checksum');
    await user.type(search, 'ROD');
    await waitFor(() => expect(within(table).queryByRole('button', { name: 'mesh.vtk' })).not.toBeInTheDocument());
    expect(within(table).getByRole('button', { name: 'rod.csv' })).toBeInTheDocument();
    await user.clear(search);
    await user.type(search, 'nothing-like-it');
    expect(await within(table).findByText('No loaded file matches “nothing-like-it”.')).toBeInTheDocument();
    expect(search).toHaveFocus();
  });

  it('lets a plain string port take a typed value or a file, keeping each when switching', async () => {
    const { submitted, user } = renderForm(EVERY_KIND, { files: [...STORED], initial: { cells: 4 } });
    await user.type(screen.getByLabelText('Value of Mesh'), 'coarse');
    await user.click(screen.getByRole('radio', { name: 'Use a file' }));
    const mesh = screen.getByRole('group', { name: /^Mesh/ });
    await user.click(within(mesh).getByText(/Choose a file already on the host/));
    await user.click(await within(mesh).findByRole('button', { name: 'mesh.vtk' }));
    await user.click(screen.getByRole('button', { name: 'Run' }));
    expect(submitted[0]?.values.mesh).toEqual(STORED[1]);

    await user.click(screen.getByRole('radio', { name: 'Type a value' }));
    expect(screen.getByLabelText('Value of Mesh')).toHaveValue('coarse');
    await user.click(screen.getByRole('button', { name: 'Run' }));
    expect(submitted[1]?.values.mesh).toBe('coarse');
  });

  it('gives an optional number (typed number or null) a number box, sends a typed value and leaves an empty one out', async () => {
    const ports: SolverPort[] = [
      {
        key: 'boundary',
        kind: 'input',
        content_schema: { title: 'Boundary temperature', type: ['number', 'null'], x_unit: 'degree_Celsius' },
      },
    ];
    const { submitted, user } = renderForm(ports);
    const field = screen.getByRole('spinbutton', { name: /Boundary temperature/ });
    await user.click(screen.getByRole('button', { name: 'Run' }));
    expect(submitted.at(-1)).toEqual({ intent: 'run', values: {} });
    await user.type(field, '21.5');
    await user.click(screen.getByRole('button', { name: 'Run' }));
    expect(submitted.at(-1)).toEqual({ intent: 'run', values: { boundary: 21.5 } });
  });

  it("shows the API host's 422 errors on the fields they name, nested ones included", async () => {
    const refusal = await errorFromResponse(
      new Response(
        JSON.stringify({
          errors: [
            { loc: ['body', 'values', 'cells'], msg: 'cells must be even on this host', type: 'value_error' },
            { loc: ['body', 'values', 'solver', 'dt'], msg: 'dt is too coarse', type: 'value_error' },
            { loc: ['body', 'values', 'table', 'id'], msg: 'table refers to file zz, which does not exist', type: 'x' },
          ],
        }),
        { status: 422, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const { user } = renderForm(EVERY_KIND, { serverFieldErrors: refusal.fieldErrors, initial: { cells: 5 } });
    const cells = screen.getByLabelText(/Number of cells/);
    expect(cells).toHaveAccessibleDescription(/cells must be even on this host/);
    expect(cells).toHaveAttribute('aria-invalid', 'true');
    const solver = screen.getByRole('group', { name: /Solver settings/ });
    expect(within(solver).getByLabelText(/Time step/)).toHaveAccessibleDescription(/dt is too coarse/);
    expect(screen.getByRole('group', { name: /^Table/ })).toHaveAccessibleDescription(/does not exist/);

    // Changing a refused value clears its error; the others stay until fixed.
    await user.clear(cells);
    await user.type(cells, '6');
    expect(cells).not.toHaveAccessibleDescription(/must be even/);
    expect(within(solver).getByLabelText(/Time step/)).toHaveAccessibleDescription(/dt is too coarse/);
  });
});
