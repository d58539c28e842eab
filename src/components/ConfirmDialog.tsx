import { useId } from 'react';
import { Modal } from './Modal.tsx';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** What will happen, in a sentence. */
  message: string;
  confirmLabel: string;
  busy?: boolean;
  /**
   * Set when what was asked about can no longer happen (a job that ended while the question was
   * open): the dialog says so, with only a Close button, instead of offering an action that
   * would do nothing.
   */
  overtaken?: { title: string; message: string };
  onConfirm(): void;
  onCancel(): void;
}

/** A modal question (native <dialog>: focus trap, Escape to cancel) before a destructive action. */
export function ConfirmDialog({
  open,
  title,
  message,
  confirmLabel,
  busy,
  overtaken,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const titleId = useId();
  return (
    <Modal open={open} labelledBy={titleId} onClose={onCancel}>
      <article>
        <h2 id={titleId}>{overtaken ? overtaken.title : title}</h2>
        <p role={overtaken ? 'status' : undefined}>{overtaken ? overtaken.message : message}</p>
        <footer>
          {overtaken ? (
            <button type="button" onClick={onCancel}>
              Close
            </button>
          ) : (
            <>
              <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
                Cancel
              </button>{' '}
              <button type="button" className="danger" onClick={onConfirm} aria-busy={busy} disabled={busy}>
                {confirmLabel}
              </button>
            </>
          )}
        </footer>
      </article>
    </Modal>
  );
}
