/** What happened to a stored record: created, changed while it runs, or ended. */
export interface RecordChange {
  kind: 'started' | 'updated' | 'finished';
  id: string;
}

/** Told of every {@link RecordChange} once it is committed; must not take long. */
export type RecordListener = (change: RecordChange) => Promise<void>;

/**
 * The listeners of one store: live updates and notifications hear of every
 * change where it is written, not where some caller remembers to say so. A
 * listener's failure is its own: it never fails the write.
 */
export class ChangeFeed {
  private readonly listeners: RecordListener[] = [];

  add(listener: RecordListener): void {
    this.listeners.push(listener);
  }

  async emit(kind: RecordChange['kind'], id: string): Promise<void> {
    for (const listener of this.listeners) {
      await listener({ kind, id }).catch(() => {});
    }
  }
}
