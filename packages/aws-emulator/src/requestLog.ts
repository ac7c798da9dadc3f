import { RequestLogEntry } from './types';

/** Bounded in-memory request log (oldest entries dropped first). */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  constructor(private readonly capacity = 5000) {}

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) {
      this.entries.splice(0, this.entries.length - this.capacity);
    }
  }

  list(): RequestLogEntry[] {
    return this.entries.map(entry => ({ ...entry }));
  }

  clear(): void {
    this.entries = [];
  }
}
