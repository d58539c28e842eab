import { type ReactNode, useEffect, useRef } from 'react';

interface ModalProps {
  open: boolean;
  /** Id of the element that names the dialog (its heading). */
  labelledBy: string;
  /** Escape and the dialog's own buttons close it through here, so the caller's state decides. */
  onClose(): void;
  className?: string;
  children: ReactNode;
}

/** A native modal <dialog>: the browser keeps focus inside it and Escape asks to close it. */
export function Modal({ open, labelledBy, onClose, className, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      // Environments without modal dialogs (jsdom) still show it, in the page.
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    if (!open && dialog.open) {
      if (typeof dialog.close === 'function') dialog.close();
      else dialog.removeAttribute('open');
    }
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={className}
      aria-labelledby={labelledBy}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}
