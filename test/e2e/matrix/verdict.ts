// Collects the assertions of one combination: every check runs, every failure is kept.

export class Verdict {
  readonly failures: string[] = [];
  readonly notes: string[] = [];
  /** Seconds each step took. */
  readonly timings: Record<string, number> = {};
  checks = 0;

  constructor(readonly name: string) {}

  check(ok: boolean, what: string, detail = ''): boolean {
    this.checks++;
    if (!ok) this.failures.push(detail ? `${what}: ${detail}` : what);
    return ok;
  }

  equal<T>(actual: T, expected: T, what: string): boolean {
    return this.check(JSON.stringify(actual) === JSON.stringify(expected), what, `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  /** Runs a step; an exception is recorded as a failure and ends that step only. */
  async step(what: string, body: () => Promise<void> | void): Promise<void> {
    const started = Date.now();
    try {
      await body();
    } catch (error) {
      this.checks++;
      this.failures.push(`${what}: ${(error as Error).message.split('\n')[0]}`);
    } finally {
      this.timings[what] = (Date.now() - started) / 1000;
    }
  }

  get passed(): boolean {
    return this.failures.length === 0 && this.checks > 0;
  }
}
