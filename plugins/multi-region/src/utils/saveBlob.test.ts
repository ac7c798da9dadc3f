import { captureDownloads } from '../__testUtils__/captureDownloads';
import { saveBlob } from './saveBlob';

describe('saveBlob', () => {
  let downloads: ReturnType<typeof captureDownloads>;
  beforeEach(() => {
    jest.useFakeTimers();
    downloads = captureDownloads();
  });
  afterEach(() => {
    downloads.restore();
    jest.useRealTimers();
  });

  it('clicks a temporary <a download> on an object URL of the blob, then removes it and releases the URL', () => {
    const blob = new Blob(['# Report\n'], { type: 'text/markdown' });
    saveBlob(blob, 'drill-report-orders-2030-01-12-1a2b3c4d.md');

    expect(downloads.saved).toEqual([
      {
        filename: 'drill-report-orders-2030-01-12-1a2b3c4d.md',
        href: 'blob:test/1',
        blob,
        inDocument: true,
      },
    ]);
    expect(document.querySelector('a[download]')).toBeNull();
    expect(downloads.revoked).toEqual([]);
    jest.runAllTimers();
    expect(downloads.revoked).toEqual(['blob:test/1']);
  });
});
