import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import type { SolverPort } from '../api/types.ts';
import { OutputsTable } from './OutputsTable.tsx';

function withQueries(children: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

const SLEEPER_OUTPUT_PORTS: SolverPort[] = [
  {
    key: 'output_1',
    kind: 'output',
    content_schema: { title: 'File containing one random integer', type: 'string', content_media_type: 'text/plain' },
  },
  {
    key: 'output_2',
    kind: 'output',
    content_schema: { title: 'Random sleep interval', type: 'integer', x_unit: 'second' },
  },
];

const OUTPUT_FILE = {
  id: '9fb4f70e-3589-3e9e-991e-3059086c3aae',
  filename: 'single_number.txt',
  content_type: 'text/plain',
  checksum: '859fda0cb82fc4acb4686510a172d9a9-1',
};

describe('OutputsTable', () => {
  it("shows the sleeper's number with its unit and its file with a download button", () => {
    render(
      withQueries(<OutputsTable results={{ output_1: OUTPUT_FILE, output_2: 4.0 }} ports={SLEEPER_OUTPUT_PORTS} />),
    );
    const values = screen.getByRole('table', { name: 'Values' });
    const numberRow = within(values).getByRole('row', { name: /Random sleep interval/ });
    expect(
      within(numberRow)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['4', 's']);

    const files = screen.getByRole('table', { name: 'Files' });
    const fileRow = within(files).getByRole('row', { name: /File containing one random integer/ });
    expect(fileRow).toHaveTextContent('single_number.txt');
    expect(fileRow).toHaveTextContent('text/plain');
    const download = within(fileRow).getByRole('button', { name: 'Download output_1: single_number.txt' });
    expect(download).toHaveAttribute('href', `/v0/files/${OUTPUT_FILE.id}/content`);
    expect(download).toHaveAttribute('download', 'single_number.txt');

    // a text output gets a preview in the page
    expect(screen.getByRole('figure', { name: 'output_1: single_number.txt' })).toBeInTheDocument();
  });

  it('lists values in the order of the ports, strings and structured values as text', () => {
    const ports: SolverPort[] = [
      { key: 'b_label', kind: 'output', content_schema: { title: 'Label', type: 'string' } },
      { key: 'a_stats', kind: 'output', content_schema: { title: 'Statistics', type: 'object' } },
    ];
    render(
      withQueries(
        <OutputsTable
          results={{ a_stats: { mean: 2.5, n: 4 }, b_label: '<b>not html</b>', extra: true }}
          ports={ports}
        />,
      ),
    );
    const rows = within(screen.getByRole('table', { name: 'Values' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
      'Label b_label',
      'Statistics a_stats',
      'extra',
    ]);
    expect(rows[0]).toHaveTextContent('<b>not html</b>');
    expect(rows[1]).toHaveTextContent('"mean": 2.5');
    expect(rows[2]).toHaveTextContent('true');
    expect(screen.queryByRole('table', { name: 'Files' })).toBeNull();
  });

  it('previews images and text but not other files, and says when there is nothing', () => {
    const { unmount } = render(
      withQueries(
        <OutputsTable
          results={{
            plot: { id: 'f1', filename: 'temperature.svg', content_type: 'image/svg+xml' },
            archive: { id: 'f2', filename: 'results.zip', content_type: 'application/zip' },
            table: { id: 'f3', filename: 'profile.csv', content_type: null },
          }}
        />,
      ),
    );
    expect(screen.getByRole('figure', { name: 'plot: temperature.svg' })).toBeInTheDocument();
    expect(screen.getByRole('figure', { name: 'table: profile.csv' })).toBeInTheDocument();
    expect(screen.queryByRole('figure', { name: /results\.zip/ })).toBeNull();
    expect(within(screen.getByRole('table', { name: 'Files' })).getAllByRole('row')).toHaveLength(4);
    unmount();

    render(withQueries(<OutputsTable results={{}} />));
    expect(screen.getByText('The job produced no outputs.')).toBeInTheDocument();
  });
});
