import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { CodeExportButton } from './CodeExportDialog.tsx';

const spec = {
  solverKey: 'simcore/services/comp/itis/sleeper',
  version: '2.1.6',
  jobId: 'j1',
  values: { input_2: 3, input_3: false },
};

describe('Code dialog', () => {
  it('shows the Python script, switches to curl with the arrow keys, and copies the shown script', async () => {
    const user = userEvent.setup();
    render(<CodeExportButton spec={spec} subject="for this job" />);
    await user.click(screen.getByRole('button', { name: 'Code' }));

    const dialog = screen.getByRole('dialog', { name: 'Code for this job' });
    const python = within(dialog).getByRole('tab', { name: 'Python' });
    expect(python).toHaveAttribute('aria-selected', 'true');
    expect(within(dialog).getByRole('tabpanel')).toHaveTextContent('"input_3": False,');

    python.focus();
    await user.keyboard('{ArrowRight}');
    const curl = within(dialog).getByRole('tab', { name: 'curl' });
    expect(curl).toHaveAttribute('aria-selected', 'true');
    expect(curl).toHaveFocus();
    expect(within(dialog).getByRole('tabpanel')).toHaveTextContent('-u "$OSPARC_API_KEY:$OSPARC_API_SECRET"');

    await user.click(within(dialog).getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toContain('curl -sSf');
    expect(within(dialog).getByRole('status')).toHaveTextContent('The curl script is copied to the clipboard.');
    expect(within(dialog).getByRole('button', { name: 'Download sleeper-2.1.6.sh' })).toBeInTheDocument();

    // Next to curl: the run as a notebook, one cell a step.
    curl.focus();
    await user.keyboard('{ArrowRight}');
    expect(within(dialog).getByRole('tab', { name: 'Notebook' })).toHaveAttribute('aria-selected', 'true');
    expect(within(dialog).getByRole('tabpanel')).toHaveTextContent('"nbformat": 4');
    await user.click(within(dialog).getByRole('button', { name: 'Copy' }));
    expect(within(dialog).getByRole('status')).toHaveTextContent('The notebook is copied to the clipboard.');
    expect(within(dialog).getByRole('button', { name: 'Download sleeper-2.1.6.ipynb' })).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('is disabled, saying why, when there is nothing to export', () => {
    render(<CodeExportButton spec={null} unavailable="The host does not report the inputs." subject="for this job" />);
    const button = screen.getByRole('button', { name: 'Code' });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription('The host does not report the inputs.');
  });
});
