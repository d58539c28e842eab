import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PortsTable } from './PortsTable.tsx';

describe('the ports table', () => {
  it('shows each port with its title, type, media type, unit, range and default', () => {
    render(
      <PortsTable
        caption="Inputs"
        ports={[
          {
            key: 'input_1',
            kind: 'input',
            content_schema: { type: 'string', title: 'File with int number', content_media_type: 'text/plain' },
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
              default: 2,
            },
          },
          {
            key: 'length',
            kind: 'input',
            content_schema: { title: 'Rod length', type: 'number', exclusiveMinimum: 0 },
          },
        ]}
      />,
    );
    const table = screen.getByRole('table', { name: 'Inputs' });
    const cells = (key: string) =>
      within(within(table).getByRole('row', { name: new RegExp(key) }))
        .getAllByRole('cell')
        .map((cell) => cell.textContent);
    expect(cells('input_1')).toEqual(['File with int number', 'file (text/plain)', '', '', '']);
    expect(cells('input_2')).toEqual(['Sleep interval', 'integer', 's', '0 – 65', '2']);
    expect(cells('length')).toEqual(['Rod length', 'number', '', '> 0', '']);
  });

  it('says so when a release has no ports of a kind', () => {
    render(<PortsTable caption="Outputs" ports={[]} />);
    expect(screen.getByText(/none/)).toHaveTextContent('Outputs: none.');
  });
});
