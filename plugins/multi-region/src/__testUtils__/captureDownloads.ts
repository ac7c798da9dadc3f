/** One file saved through a clicked `<a download>`. */
export interface CapturedDownload {
  filename: string;
  href: string | null;
  blob?: Blob;
  /** The link was in the document when clicked. */
  inDocument: boolean;
}

/**
 * Stands in for the browser's side of saving a file in jsdom (no object
 * URLs, no downloads): records each `<a download>` clicked with the blob of
 * its object URL, and the object URLs released.
 */
export function captureDownloads() {
  const saved: CapturedDownload[] = [];
  const revoked: string[] = [];
  const blobs = new Map<string, Blob>();
  const original = {
    create: URL.createObjectURL,
    revoke: URL.revokeObjectURL,
  };
  URL.createObjectURL = (blob: Blob) => {
    const url = `blob:test/${blobs.size + 1}`;
    blobs.set(url, blob);
    return url;
  };
  URL.revokeObjectURL = (url: string) => {
    revoked.push(url);
  };
  const click = jest
    .spyOn(HTMLAnchorElement.prototype, 'click')
    .mockImplementation(function record(this: HTMLAnchorElement) {
      const href = this.getAttribute('href');
      saved.push({
        filename: this.download,
        href,
        blob: href ? blobs.get(href) : undefined,
        inDocument: document.body.contains(this),
      });
    });
  return {
    saved,
    revoked,
    restore() {
      click.mockRestore();
      URL.createObjectURL = original.create;
      URL.revokeObjectURL = original.revoke;
    },
  };
}
