import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { SessionCredentials } from '../api/client.ts';
import { SessionCredentialsForm } from './SessionCredentialsForm.tsx';

describe('SessionCredentialsForm', () => {
  it('asks for both the key and the secret before keeping them', async () => {
    const saved: SessionCredentials[] = [];
    render(<SessionCredentialsForm current={null} onSave={(c) => saved.push(c)} onForget={() => undefined} />);

    await userEvent.click(screen.getByRole('button', { name: 'Use this key' }));
    expect(screen.getByLabelText('API key')).toHaveAccessibleDescription('Enter the API key.');
    expect(screen.getByLabelText('API secret')).toHaveAccessibleDescription('Enter the API secret.');
    expect(saved).toEqual([]);

    await userEvent.type(screen.getByLabelText('API key'), ' my-key ');
    await userEvent.type(screen.getByLabelText('API secret'), 's3cret');
    await userEvent.click(screen.getByRole('button', { name: 'Use this key' }));
    expect(saved).toEqual([{ key: 'my-key', secret: 's3cret' }]);
  });

  it('shows the key in use, never the secret, and forgets it', async () => {
    let forgotten = false;
    render(
      <SessionCredentialsForm
        current={{ key: 'my-key', secret: 's3cret' }}
        onSave={() => undefined}
        onForget={() => {
          forgotten = true;
        }}
      />,
    );
    expect(screen.getByText('my-key')).toBeInTheDocument();
    expect(screen.queryByText(/s3cret/)).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Forget the key' }));
    expect(forgotten).toBe(true);
  });
});
