/**
 * Cooperative stopping for long computations. JavaScript runs signal handlers, timers and I/O
 * callbacks only between tasks, so a synchronous loop never sees a Ctrl-C or an AbortSignal that
 * a timer fires. Every long loop awaits `pacer.tick()` once per step: about every 20 ms it
 * yields to the event loop (a macrotask turn, so pending signals are handled), and it reports
 * whether the run should stop — a `shouldStop` callback, an `AbortSignal`, or a deadline.
 */

export interface StopOptions {
  /** Polled at every step; returning true stops the run (the answer is then partial). */
  shouldStop?: () => boolean;
  /** Aborting it stops the run (the answer is then partial). */
  signal?: AbortSignal;
  /** Give up (partial answer, reason 'timeout') after this many seconds. */
  timeoutSeconds?: number;
}

export type StopReason = 'interrupted' | 'timeout';

export class Pacer {
  private readonly start = performance.now();
  private last = this.start;
  /** Why the run stopped, once it has. */
  reason: StopReason | null = null;

  constructor(
    private readonly options: StopOptions = {},
    private readonly everyMs = 20,
  ) {}

  /** Seconds since the pacer was made. */
  seconds(): number {
    return (performance.now() - this.start) / 1000;
  }

  /** A stop request, checked without yielding (for synchronous code such as worker threads). */
  check(): StopReason | null {
    if (this.reason) return this.reason;
    const o = this.options;
    if (o.shouldStop?.() || o.signal?.aborted) this.reason = 'interrupted';
    else if (o.timeoutSeconds !== undefined && this.seconds() > o.timeoutSeconds) this.reason = 'timeout';
    return this.reason;
  }

  /** One step of a long loop: yields to the event loop when due, then checks for a stop request. */
  async tick(): Promise<StopReason | null> {
    const now = performance.now();
    if (now - this.last > this.everyMs) {
      await new Promise((resolve) => setImmediate(resolve));
      this.last = performance.now();
    }
    return this.check();
  }
}

/** The fields of an answer about its completeness: `{partial: false}`, or `{partial: true, stopReason}`. */
export const partialFields = (stopped: StopReason | undefined): { partial: false } | { partial: true; stopReason: StopReason } =>
  stopped ? { partial: true, stopReason: stopped } : { partial: false };

/** Splits the stopping options off an options object (the rest goes to the enumerator). */
export function splitStopOptions<T extends StopOptions>(options: T): [StopOptions, Omit<T, keyof StopOptions>] {
  const { shouldStop, signal, timeoutSeconds, ...rest } = options;
  return [{ shouldStop, signal, timeoutSeconds }, rest];
}

/** Thrown by streaming checks (certify/checker.ts feedFile) that were stopped before an answer. */
export class StoppedError extends Error {
  constructor(
    readonly reason: StopReason,
    /** Lines read so far. */
    readonly line: number,
  ) {
    super(`stopped (${reason}) after line ${line}: no answer`);
    this.name = 'StoppedError';
  }
}
