/**
 * An engine under test as one persistent process speaking the oracle protocol: started once
 * (`sh -c "CMD ARGS"`, in its own process group), asked one request at a time (a line on its
 * stdin), answered by one JSON line on its stdout. Blank lines are ignored; stderr is kept (its
 * last lines are quoted when the engine fails) and not shown otherwise.
 *
 * Every failure of the engine is an EngineFailure naming the case: it exited, wrote a line that
 * is not JSON, wrote without being asked, or did not answer within the per-case timeout. At the
 * end its stdin is closed (an engine should exit at end of input); one still running 2 s later
 * is sent SIGTERM (its whole process group), and SIGKILL 1 s after that. A stop request
 * (`shouldStop`, polled every 50 ms) abandons the wait for an answer (EngineStopped).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { EngineReply } from './check-case.js';
import { EngineFailure } from './differential.js';
import { parseAnswerLine, type OracleRequest } from './protocol.js';

const STDERR_KEEP = 4096;

/** The wait for an answer was given up because a stop was requested (not a failure of the engine). */
export class EngineStopped extends Error {
  constructor() {
    super('stopped while waiting for the engine');
    this.name = 'EngineStopped';
  }
}

const clip = (s: string, n = 200): string => (s.length > n ? `${s.slice(0, n - 3)}...` : s);

export class EngineProcess {
  private readonly child: ChildProcess;
  private pending: { id: number | string; resolve: (r: EngineReply) => void; reject: (e: Error) => void; timer?: NodeJS.Timeout; poll?: NodeJS.Timeout } | null = null;
  private failure: EngineFailure | null = null;
  private closing = false;
  /** A request was abandoned (stop requested): its answer line, if it comes, is ignored. */
  private abandoned = false;
  private stderrTail = '';
  private exited: Promise<void>;
  private hasExited = false;

  private readonly timeoutSeconds?: number;
  private readonly shouldStop?: () => boolean;
  /** If this process exits first (a second Ctrl-C), the engine's process group goes too. */
  private readonly onExit = () => this.signal('SIGTERM');

  constructor(
    readonly command: string,
    options: { timeoutSeconds?: number; shouldStop?: () => boolean } = {},
  ) {
    this.timeoutSeconds = options.timeoutSeconds;
    this.shouldStop = options.shouldStop;
    this.child = spawn(command, { shell: true, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    process.on('exit', this.onExit);
    // 'close' (not 'exit'): stdout is drained first, so an answer written just before exiting counts
    this.exited = new Promise((resolve) => this.child.once('close', () => resolve()));
    this.child.once('close', (code, signal) => {
      this.hasExited = true;
      process.off('exit', this.onExit);
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      this.fail(() => `engine ${how}${this.pending ? ` while answering case ${this.pending.id}` : ''}${this.lastStderr()}`);
    });
    this.child.once('error', (e) => this.fail(() => `engine "${command}" could not be started: ${e.message}`));
    this.child.stdin!.on('error', () => {
      /* EPIPE: the exit event reports it */
    });
    this.child.stderr!.on('data', (b: Buffer) => {
      this.stderrTail = (this.stderrTail + b.toString('utf8')).slice(-STDERR_KEEP);
    });
    createInterface({ input: this.child.stdout!, crlfDelay: Infinity }).on('line', (line) => this.onLine(line));
  }

  private lastStderr(): string {
    const lines = this.stderrTail.trim().split('\n').filter((l) => l.trim() !== '');
    return lines.length ? ` (its stderr ends: ${clip(lines[lines.length - 1].trim())})` : '';
  }

  /** Records the first failure and rejects the pending request with it. */
  private fail(message: () => string): void {
    if (this.failure) return;
    if (this.closing && !this.pending) return; // exiting after end of input is the expected end
    this.failure = new EngineFailure(message());
    const p = this.pending;
    this.pending = null;
    if (p) {
      clearTimeout(p.timer);
      clearInterval(p.poll);
      p.reject(this.failure);
    }
  }

  private onLine(line: string): void {
    if (line.trim() === '') return;
    const p = this.pending;
    if (!p && this.abandoned) return;
    if (!p) return this.fail(() => `engine wrote a line without being asked: ${clip(line)}`);
    const parsed = parseAnswerLine(line);
    if (!parsed.ok) return this.fail(() => `engine: answer to case ${p.id} is ${parsed.reason}`);
    this.pending = null;
    clearTimeout(p.timer);
    clearInterval(p.poll);
    p.resolve({ value: parsed.value, raw: line });
  }

  /** Sends one request and waits for its answer line. */
  ask(request: OracleRequest): Promise<EngineReply> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error('internal: one request at a time'));
    return new Promise((resolve, reject) => {
      this.pending = { id: request.id, resolve, reject };
      if (this.timeoutSeconds !== undefined) {
        this.pending.timer = setTimeout(() => {
          this.abandoned = true;
          this.fail(() => `engine did not answer case ${request.id} within ${this.timeoutSeconds} s (--timeout-per-case)`);
        }, this.timeoutSeconds * 1000);
      }
      if (this.shouldStop) {
        const pending = this.pending;
        pending.poll = setInterval(() => {
          if (this.pending !== pending || !this.shouldStop!()) return;
          this.pending = null;
          clearTimeout(pending.timer);
          clearInterval(pending.poll);
          this.abandoned = true;
          pending.reject(new EngineStopped());
        }, 50);
      }
      this.child.stdin!.write(JSON.stringify(request) + '\n');
    });
  }

  /** Closes stdin and waits for the engine to exit (SIGTERM after 2 s, SIGKILL 1 s later). */
  async close(): Promise<void> {
    this.closing = true;
    if (this.pending) this.fail(() => 'engine closed with a request pending');
    this.child.stdin!.end();
    if (this.hasExited) return;
    if (this.abandoned) {
      // it was still answering a request when the run stopped: no reason to wait for it
      this.signal('SIGTERM');
      if (await this.wait(1000)) return;
      this.signal('SIGKILL');
      await this.wait(1000);
      return;
    }
    if (await this.wait(2000)) return;
    this.signal('SIGTERM');
    if (await this.wait(1000)) return;
    this.signal('SIGKILL');
    await this.wait(1000);
  }

  private wait(ms: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), ms);
      void this.exited.then(() => (clearTimeout(t), resolve(true)));
    });
  }

  private signal(sig: NodeJS.Signals): void {
    if (this.hasExited) return;
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, sig);
    } catch {
      this.child.kill(sig);
    }
  }
}
