import { useId } from 'react';
import { Modal } from './Modal.tsx';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** What will happen, in a sentence. */
  message: string;
  confirmLabel: string;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** A modal question (native <dialog>: focus trap, Escape to cancel) before a destructive action. */
export function ConfirmDialog({ open, title, message, confirmLabel, busy, onConfirm, onCancel }: ConfirmDialogProps) {
  const titleId = useId();
  return (
    <Modal open={open} labelledBy={titleId} onClose={onCancel}>
      <article>
        <h2 id={titleId}>{title}</h2>
        <p>{message}</p>
        <footer>
          <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </button>{' '}
          <button type="button" className="danger" onClick={onConfirm} aria-busy={busy} disabled={busy}>
            {confirmLabel}
          </button>
        </footer>
      </article>
    </Modal>
  );
}
