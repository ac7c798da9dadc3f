import {
  UrlReaderService,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchOptions,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import {
  NotAllowedError,
  NotFoundError,
  NotModifiedError,
} from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Reads `file:` URLs inside the local publish directory, and nothing else,
 * so that `catalog:register` can register what `multi-region:publish:local`
 * wrote. The catalog reads `url` locations through `search`.
 */
export class LocalPublishUrlReader implements UrlReaderService {
  constructor(private readonly root: string) {}

  /** True for file: URLs that resolve inside the publish directory. */
  predicate = (url: URL): boolean => {
    if (url.protocol !== 'file:') return false;
    const file = path.resolve(fileURLToPath(url));
    return file.startsWith(this.root + path.sep);
  };

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const file = this.resolve(url);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) {
      throw new NotFoundError(`${url} does not exist`);
    }
    const etag = `${stat.size}-${stat.mtimeMs}`;
    if (options?.etag === etag) {
      throw new NotModifiedError();
    }
    return {
      buffer: () => fs.readFile(file),
      etag,
      lastModifiedAt: stat.mtime,
    };
  }

  async search(
    url: string,
    options?: UrlReaderServiceSearchOptions,
  ): Promise<UrlReaderServiceSearchResponse> {
    try {
      const response = await this.readUrl(url, { etag: options?.etag });
      return {
        etag: response.etag!,
        files: [
          {
            url,
            content: response.buffer,
            lastModifiedAt: response.lastModifiedAt,
          },
        ],
      };
    } catch (error) {
      if (error instanceof NotFoundError) return { etag: '', files: [] };
      throw error;
    }
  }

  async readTree(): Promise<UrlReaderServiceReadTreeResponse> {
    throw new NotAllowedError(
      'Reading directory trees from the local publish directory is not supported',
    );
  }

  toString() {
    return `localPublish{root=${this.root}}`;
  }

  private resolve(url: string): string {
    const parsed = new URL(url);
    if (!this.predicate(parsed)) {
      throw new NotAllowedError(
        `${url} is outside the local publish directory ${this.root}`,
      );
    }
    return fileURLToPath(parsed);
  }
}
