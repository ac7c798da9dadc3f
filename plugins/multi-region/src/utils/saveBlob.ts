/**
 * Saves a file the app fetched itself (with the caller's token, which a
 * plain link would not carry): an object URL clicked through a temporary
 * `<a download>`, then released.
 */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  // In the document: some browsers ignore a click on a detached link.
  document.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    // After the click's download has started reading it.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
