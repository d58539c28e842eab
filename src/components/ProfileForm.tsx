import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { ApiError, errorMessage } from '../api/client.ts';
import type { Profile, ProfileUpdate } from '../api/types.ts';

interface ProfileFormProps {
  profile: Profile;
  /** Saves the names; an ApiError's field errors are shown on the matching fields. */
  onSave(update: ProfileUpdate): Promise<unknown>;
}

interface NameFields {
  first_name: string;
  last_name: string;
}

const NAME_MAX = 255;
const FIELDS = ['first_name', 'last_name'] as const;

/** First and last name of the signed-in user, edited in place. */
export function ProfileForm({ profile, onSave }: ProfileFormProps) {
  const ids = { first_name: useId(), last_name: useId() };
  const errorIds = { first_name: useId(), last_name: useId() };
  const statusId = useId();
  const [saved, setSaved] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<NameFields>({
    values: { first_name: profile.first_name ?? '', last_name: profile.last_name ?? '' },
  });

  const submit = handleSubmit(async (fields) => {
    setSaved(false);
    setFormError(null);
    try {
      await onSave({ first_name: fields.first_name.trim() || null, last_name: fields.last_name.trim() || null });
      reset(fields);
      setSaved(true);
    } catch (error) {
      const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};
      let mapped = false;
      for (const field of FIELDS) {
        const message = fieldErrors[field];
        if (message) {
          setError(field, { type: 'server', message });
          mapped = true;
        }
      }
      if (!mapped) setFormError(errorMessage(error));
    }
  });

  const labels: Record<keyof NameFields, string> = { first_name: 'First name', last_name: 'Last name' };

  return (
    <form onSubmit={submit} noValidate aria-describedby={statusId}>
      <div className="grid">
        {FIELDS.map((field) => (
          <div key={field}>
            <label htmlFor={ids[field]}>{labels[field]}</label>
            <input
              id={ids[field]}
              autoComplete={field === 'first_name' ? 'given-name' : 'family-name'}
              aria-invalid={errors[field] ? true : undefined}
              aria-describedby={errors[field] ? errorIds[field] : undefined}
              {...register(field, {
                maxLength: { value: NAME_MAX, message: `At most ${NAME_MAX} characters.` },
                onChange: () => setSaved(false),
              })}
            />
            {errors[field] && <small id={errorIds[field]}>{errors[field]?.message}</small>}
          </div>
        ))}
      </div>
      <button type="submit" disabled={isSubmitting || !isDirty} aria-busy={isSubmitting}>
        Save name
      </button>
      <p id={statusId} role="status" className="form-status">
        {saved && !isDirty ? 'Saved.' : ''}
      </p>
      {formError && (
        <p role="alert" className="error-text">
          {formError}
        </p>
      )}
    </form>
  );
}
