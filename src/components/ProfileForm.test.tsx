import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import type { Profile, ProfileUpdate } from '../api/types.ts';
import { ProfileForm } from './ProfileForm.tsx';

const profile: Profile = { id: 1, login: 'ada@example.com', role: 'USER', first_name: 'Ada', last_name: null };

describe('ProfileForm', () => {
  it('sends the edited names and says they are saved', async () => {
    const sent: ProfileUpdate[] = [];
    render(
      <ProfileForm
        profile={profile}
        onSave={async (update) => {
          sent.push(update);
        }}
      />,
    );
    expect(screen.getByLabelText('First name')).toHaveValue('Ada');
    expect(screen.getByRole('button', { name: 'Save name' })).toBeDisabled();

    await userEvent.type(screen.getByLabelText('Last name'), 'Lovelace');
    await userEvent.click(screen.getByRole('button', { name: 'Save name' }));

    expect(sent).toEqual([{ first_name: 'Ada', last_name: 'Lovelace' }]);
    expect(await screen.findByRole('status')).toHaveTextContent('Saved.');
  });

  it('shows the API host’s validation errors on the fields they name', async () => {
    render(
      <ProfileForm
        profile={profile}
        onSave={() =>
          Promise.reject(
            new ApiError('Some values are invalid.', 422, [], {
              last_name: 'String should have at most 50 characters',
            }),
          )
        }
      />,
    );
    await userEvent.type(screen.getByLabelText('Last name'), 'X');
    await userEvent.click(screen.getByRole('button', { name: 'Save name' }));

    const lastName = screen.getByLabelText('Last name');
    expect(lastName).toHaveAttribute('aria-invalid', 'true');
    expect(lastName).toHaveAccessibleDescription('String should have at most 50 characters');
    expect(screen.getByLabelText('First name')).not.toHaveAttribute('aria-invalid');
  });

  it('shows other failures under the form', async () => {
    render(
      <ProfileForm
        profile={profile}
        onSave={() => Promise.reject(new ApiError('The API host is unavailable right now.', 502))}
      />,
    );
    await userEvent.type(screen.getByLabelText('First name'), 'n');
    await userEvent.click(screen.getByRole('button', { name: 'Save name' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('The API host is unavailable right now.');
  });
});
