import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { sweepMetadata } from '../../sweep/metadata.ts';
import { JobLabelsCell } from './JobLabelsCell.tsx';

function renderCell(metadata: Parameters<typeof JobLabelsCell>[0]['metadata']) {
  return render(
    <MemoryRouter>
      <JobLabelsCell metadata={metadata} />
    </MemoryRouter>,
  );
}

describe('a job’s labels in the jobs list', () => {
  it('shows each label as key: value, and folds those past the third into "+N more"', () => {
    renderCell({ project: 'apollo', run: 3, ok: true, owner: 'me', site: 'lab' });
    const items = screen.getAllByRole('listitem').map((item) => item.textContent);
    expect(items).toEqual(['project: apollo', 'run: 3', 'ok: true', '+2 more']);
    expect(screen.getByText('+2 more').getAttribute('title')).toBe('owner: me\nsite: lab');
  });

  it('names the sweep a job belongs to as a link to the sweep, and hides the sweep’s own keys', () => {
    const sweepId = '0b6c8f2e-4a57-4a43-9d43-3f6f1f0b9a11';
    renderCell({
      ...sweepMetadata({ sweepId, index: 1, size: 3, inputs: ['input_2'], values: { input_2: 1 }, attempt: 1 }),
      project: 'apollo',
    });
    expect(screen.getByRole('link', { name: 'sweep job 2 of 3' }).getAttribute('href')).toBe(`/sweeps/${sweepId}`);
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'sweep job 2 of 3',
      'project: apollo',
    ]);
  });

  it('links a node’s run to the study job it is part of, and hides the keys the host wrote for it', () => {
    const studyId = '5e1a7b62-2c4f-4d1e-9a37-0b8c1f6d2a11';
    const jobId = '7d0c3a41-9b2e-4f6a-8c1d-2e3f4a5b6c7d';
    renderCell({ study_id: studyId, study_job_id: jobId, study_node: 'left', project: 'apollo' });
    expect(screen.getByRole('link', { name: 'node left of a study job' }).getAttribute('href')).toBe(
      `/studies/${studyId}/jobs/${jobId}`,
    );
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'node left of a study job',
      'project: apollo',
    ]);
  });

  it('shows nothing for a job without labels or before they are read, and markup as text', () => {
    const { container, rerender } = renderCell({});
    expect(container.textContent).toBe('');
    rerender(
      <MemoryRouter>
        <JobLabelsCell metadata={undefined} />
      </MemoryRouter>,
    );
    expect(container.textContent).toBe('');
    rerender(
      <MemoryRouter>
        <JobLabelsCell metadata={{ note: '<img src=x onerror=alert(1)>' }} />
      </MemoryRouter>,
    );
    expect(screen.getByText('note: <img src=x onerror=alert(1)>')).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
  });
});
