import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';

/**
 * The background runs of one runner (drills, evacuations) on this replica:
 * tracked so that tests can wait for them and shutdown can stop them (the
 * signal aborts their waits; another replica takes their work over).
 */
export class BackgroundRuns {
  private readonly running = new Set<Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly what: string,
    private readonly logger: LoggerService,
  ) {}

  /** Aborted at shutdown: runs stop driving, without recording an end. */
  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  /** Runs `run` in the background; a crash is logged, never thrown. */
  track(run: Promise<void>): void {
    const tracked = run
      .catch(error =>
        this.logger.error(`${this.what} crashed: ${stringifyError(error)}`),
      )
      .finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  /** Resolves when every run has ended (tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Stops driving and waits for the runs to notice. */
  async shutdown(): Promise<void> {
    this.stopping.abort();
    await this.idle();
  }
}
