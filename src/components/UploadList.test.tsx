import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { formatBytes } from '../lib/format.ts';
import { type UploadItem, UploadList } from './UploadList.tsx';

const item = (change: Partial<UploadItem> & { id: string; name: string }): UploadItem => ({
  size: 2048,
  status: 'uploading',
  loaded: 0,
  total: 2048,
  reused: false,
  ...change,
});

describe('UploadList', () => {
  it('shows each file with its phase, progress and outcome', () => {
    render(
      <UploadList
        items={[
          item({ id: '1', name: 'a.txt', status: 'hashing', loaded: 512 }),
          item({ id: '2', name: 'b.csv', status: 'uploading', loaded: 1024 }),
          item({ id: '3', name: 'c.dat', status: 'done', reused: true }),
          item({ id: '4', name: 'd.bin', status: 'failed', error: 'The storage does not answer.' }),
        ]}
        onCancel={() => undefined}
        onClearFinished={() => undefined}
      />,
    );
    const hashing = screen.getByRole('listitem', { name: 'Upload of a.txt' });
    expect(within(hashing).getByRole('progressbar', { name: 'Checksum of a.txt' })).toHaveAttribute('value', '25');
    expect(within(hashing).getByRole('status')).toHaveTextContent('Computing the checksum');

    const uploading = screen.getByRole('listitem', { name: 'Upload of b.csv' });
    expect(within(uploading).getByRole('progressbar', { name: 'Upload of b.csv' })).toHaveAttribute('value', '50');
    expect(within(uploading).getByRole('status')).toHaveTextContent('Uploading: 1 KiB of 2 KiB');

    const reused = screen.getByRole('listitem', { name: 'Upload of c.dat' });
    expect(within(reused).getByRole('status')).toHaveTextContent('Already on the host, reused');
    expect(within(reused).queryByRole('button')).toBeNull();

    const failed = screen.getByRole('listitem', { name: 'Upload of d.bin' });
    expect(within(failed).getByRole('alert')).toHaveTextContent('The storage does not answer.');
    expect(within(failed).queryByRole('progressbar')).toBeNull();
  });

  it('cancels a running upload and clears finished ones', async () => {
    const cancelled: string[] = [];
    let cleared = 0;
    render(
      <UploadList
        items={[item({ id: '1', name: 'a.txt' }), item({ id: '2', name: 'b.txt', status: 'cancelled' })]}
        onCancel={(id) => cancelled.push(id)}
        onClearFinished={() => {
          cleared++;
        }}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Cancel upload of a.txt' }));
    await userEvent.click(screen.getByRole('button', { name: 'Clear finished' }));
    expect(cancelled).toEqual(['1']);
    expect(cleared).toBe(1);
  });

  it('shows nothing without uploads', () => {
    const { container } = render(
      <UploadList items={[]} onCancel={() => undefined} onClearFinished={() => undefined} />,
    );
    expect(container).toBeEmptyDOMElement();
  });

  it('writes sizes in binary units', () => {
    expect(formatBytes(12)).toBe('12 B');
    expect(formatBytes(17 * 1024 * 1024)).toBe('17 MiB');
  });
});
