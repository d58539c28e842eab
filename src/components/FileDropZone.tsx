import { useId, useRef, useState } from 'react';

interface FileDropZoneProps {
  onFiles(files: File[]): void;
  disabled?: boolean;
}

/** Drop files here, or pick them with the system's file chooser (several at once). */
export function FileDropZone({ onFiles, disabled }: FileDropZoneProps) {
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const [dragging, setDragging] = useState(false);

  const take = (list: FileList | null) => {
    const files = list ? Array.from(list) : [];
    if (files.length > 0) onFiles(files);
  };

  return (
    // Dropping is an addition for mouse users; the button is the way in for everyone.
    <fieldset
      className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
      onDragOver={(event) => {
        if (disabled || !event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        if (!disabled) take(event.dataTransfer.files);
      }}
    >
      <legend className="visually-hidden">Upload files</legend>
      <p id={hintId}>Drop files here to upload them, or</p>
      <button type="button" onClick={() => input.current?.click()} disabled={disabled} aria-describedby={hintId}>
        Choose files…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label="Files to upload"
        onChange={(event) => {
          take(event.target.files);
          // The same file can be chosen again (e.g. to see it reused).
          event.target.value = '';
        }}
      />
    </fieldset>
  );
}
