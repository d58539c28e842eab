import { useId } from 'react';
import { useForm } from 'react-hook-form';
import type { SessionCredentials } from '../api/client.ts';

interface SessionCredentialsFormProps {
  /** The pair kept in this tab, if any. */
  current: SessionCredentials | null;
  onSave(credentials: SessionCredentials): void;
  onForget(): void;
}

/**
 * API key and secret typed in by the user when the dashboard's server has none. They are kept
 * in this tab's sessionStorage only and sent to the dashboard's own origin.
 */
export function SessionCredentialsForm({ current, onSave, onForget }: SessionCredentialsFormProps) {
  const keyId = useId();
  const secretId = useId();
  const keyErrorId = useId();
  const secretErrorId = useId();
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors },
  } = useForm<SessionCredentials>({ defaultValues: { key: '', secret: '' } });

  if (current) {
    return (
      <div>
        <p>
          Using the API key <code>{current.key}</code>, kept in this browser tab only (closing the tab forgets it).
        </p>
        <button type="button" className="secondary" onClick={onForget}>
          Forget the key
        </button>
      </div>
    );
  }

  return (
    <form
      noValidate
      onSubmit={handleSubmit((values) => {
        onSave({ key: values.key.trim(), secret: values.secret });
        reset();
      })}
    >
      <p>
        The dashboard's server has no API credentials. Enter an API key and secret of your account on this host; they
        are kept in this browser tab only.
      </p>
      <div className="grid">
        <div>
          <label htmlFor={keyId}>API key</label>
          <input
            id={keyId}
            autoComplete="username"
            aria-invalid={errors.key ? true : undefined}
            aria-describedby={errors.key ? keyErrorId : undefined}
            {...register('key', { validate: (value) => value.trim() !== '' || 'Enter the API key.' })}
          />
          {errors.key && <small id={keyErrorId}>{errors.key.message}</small>}
        </div>
        <div>
          <label htmlFor={secretId}>API secret</label>
          <input
            id={secretId}
            type="password"
            autoComplete="current-password"
            aria-invalid={errors.secret ? true : undefined}
            aria-describedby={errors.secret ? secretErrorId : undefined}
            {...register('secret', { validate: (value) => value !== '' || 'Enter the API secret.' })}
          />
          {errors.secret && <small id={secretErrorId}>{errors.secret.message}</small>}
        </div>
      </div>
      <button type="submit">Use this key</button>
    </form>
  );
}
