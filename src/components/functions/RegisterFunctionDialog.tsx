import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { type FunctionRegistration, registerFunction } from '../../api/functions.ts';
import type { ArgumentValue } from '../../api/types.ts';
import { paths } from '../../paths.ts';
import { Modal } from '../Modal.tsx';

interface RegisterFunctionProps {
  /** What the function wraps and its schemas; title, description and defaults come from the dialog. */
  base: Omit<FunctionRegistration, 'title' | 'description' | 'default_inputs'>;
  suggestedTitle: string;
  /** The run form's current values, offered as the function's default inputs. */
  currentValues(): Record<string, ArgumentValue>;
}

/**
 * "Register as function": a dialog for the title and description, the run form's current
 * values as default inputs; once registered, the function's page opens.
 */
export function RegisterFunctionButton({ base, suggestedTitle, currentValues }: RegisterFunctionProps) {
  const navigate = useNavigate();
  const headingId = useId();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState(suggestedTitle);
  const [description, setDescription] = useState('');
  const [defaults, setDefaults] = useState<Record<string, ArgumentValue>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function openDialog() {
    setDefaults(currentValues());
    setError(null);
    setOpen(true);
  }

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const fn = await registerFunction({ ...base, title, description, default_inputs: defaults });
      setOpen(false);
      navigate(paths.function.getHref(fn.uid));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="secondary" onClick={openDialog}>
        Register as function
      </button>
      <Modal open={open} labelledBy={headingId} onClose={() => setOpen(false)}>
        <article>
          <h2 id={headingId}>Register as function</h2>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void submit();
            }}
          >
            <label>
              Title
              <input value={title} onChange={(event) => setTitle(event.target.value)} required maxLength={600} />
            </label>
            <label>
              Description
              <textarea value={description} onChange={(event) => setDescription(event.target.value)} rows={3} />
            </label>
            <p>Default inputs, taken from the run form as it is now:</p>
            {Object.keys(defaults).length === 0 ? (
              <p>
                <em>none</em>
              </p>
            ) : (
              <ul aria-label="Default inputs">
                {Object.entries(defaults).map(([key, value]) => (
                  <li key={key}>
                    <code>{key}</code> = <code>{JSON.stringify(value)}</code>
                  </li>
                ))}
              </ul>
            )}
            {error && (
              <p role="alert" className="error-box">
                The function could not be registered: {error}
              </p>
            )}
            <footer>
              <button type="button" className="secondary" onClick={() => setOpen(false)}>
                Cancel
              </button>
              <button type="submit" aria-busy={busy} disabled={busy || !title.trim()}>
                Register
              </button>
            </footer>
          </form>
        </article>
      </Modal>
    </>
  );
}
