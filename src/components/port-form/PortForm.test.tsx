import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { ArgumentValue, OsparcFile, Page, SolverPort } from '../../api/types.ts';
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

/** A host's file list and uploads kept in memory, as the file ports see them. */
function memoryFileSource(files: OsparcFile[]): FileSource & { uploaded: string[] } {
  const uploaded: string[] = [];
  return {
    uploaded,
    async listFiles(limit, offset): Promise<Page<OsparcFile>> {
      return {
        items: files.slice(offset, offset + limit),
        total: files.length,
        limit,
        offset,
        links: { first: null, last: null, self: null, next: null, prev: null },
      };
    },
    async uploadFile(file, { onProgress }) {
      onProgress?.(0.5);
      const text = await file.text();
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
  const source = memoryFileSource(options.files ?? []);
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
    expect(interval).toHaveAccessibleDescription(/Choose an amount of time to sleep.*second/);
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
    expect(interval).toHaveAccessibleDescription(/must be at most 65 second/);
    expect(interval).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('alert')).toHaveTextContent(/Sleep interval: must be at most 65 second/);
  });
});
