/** One statement drizzle sent, with its parameters, as `onQuery` saw it. */
export interface Statement {
  query: string;
  params: unknown[];
}

/**
 * Tells a read's statements apart from the server's own background work (the
 * event tailer's poll, session checks, log pruning), which goes through the
 * same pool and the same `onQuery`. A statement seen while no call is in
 * flight is background; `capture` returns what was sent during one call,
 * less any text known to be background.
 */
export class StatementRecorder {
  private inFlight = 0;
  private watching = false;
  private captured: Statement[] | null = null;
  private readonly background = new Set<string>();

  readonly onQuery = (query: string, params: unknown[]): void => {
    if (this.inFlight === 0) {
      // Sign-ups and other set-up calls are not background: only idle time after set-up is.
      if (this.watching) this.background.add(query);
      return;
    }
    this.captured?.push({ query, params });
  };

  /** From now on, statements sent while no call is in flight are taken for background work. */
  watchBackground(): void {
    this.watching = true;
  }

  async around<T>(call: () => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await call();
    } finally {
      this.inFlight--;
    }
  }

  /** The statements of one call of `call`, in the order they were sent. */
  async capture(call: () => Promise<unknown>): Promise<Statement[]> {
    this.captured = [];
    try {
      await this.around(call);
      return this.captured.filter((s) => !this.background.has(s.query));
    } finally {
      this.captured = null;
    }
  }
}
