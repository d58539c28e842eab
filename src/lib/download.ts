/** Saves bytes the page already holds as a download with the given file name. */
export function saveBlob(blob: Blob | ArrayBuffer, filename: string): void {
  const url = URL.createObjectURL(blob instanceof Blob ? blob : new Blob([blob]));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the bytes are released.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
