/** Running the CLI from source in tests: synchronously, or as a child to send signals to. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from './random.js';

export const root = new URL('../..', import.meta.url).pathname;
export const shared = join(root, '../shared');
const args = (a: string[]) => ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...a];

export const cli = (...a: string[]) => spawnSync(process.execPath, args(a), { encoding: 'utf8', cwd: root, maxBuffer: 1 << 28 });

/** The CLI as a child process, asynchronously: independent runs share the wall-clock time of tsx's start-up. */
export const cliAsync = (...a: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args(a), { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

export const tempDir = (name: string): string => mkdtempSync(join(tmpdir(), `relu-regions-${name}-`));

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Seconds from the first signal to the exit. */
  afterSignal: number;
}

/**
 * Starts the CLI, waits until `ready(stdout, stderr)` holds (polled as output arrives and every
 * 20 ms), then `delayMs` more, sends the signals (`gapMs` apart), and resolves when the process
 * has exited.
 */
export function runAndSignal(a: string[], signals: NodeJS.Signals[], opts: { delayMs?: number; ready?: (out: string, err: string) => boolean; gapMs?: number } = {}): Promise<Finished> {
  const child: ChildProcess = spawn(process.execPath, args(a), { cwd: root });
  let stdout = '';
  let stderr = '';
  let sentAt = 0;
  let sent = false;
  const send = () => {
    if (sent || child.exitCode !== null) return;
    sent = true;
    sentAt = performance.now();
    signals.forEach((s, i) => setTimeout(() => child.exitCode === null && child.kill(s), i * (opts.gapMs ?? 50)));
  };
  const poll = () => {
    if (!sent && opts.ready?.(stdout, stderr)) setTimeout(send, opts.delayMs ?? 0);
  };
  child.stdout!.on('data', (b) => ((stdout += b), poll()));
  child.stderr!.on('data', (b) => ((stderr += b), poll()));
  const timer = opts.ready ? setInterval(poll, 20) : null; // ready may watch files
  if (!opts.ready && opts.delayMs !== undefined) setTimeout(send, opts.delayMs);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      if (timer) clearInterval(timer);
      resolve({ code, stdout, stderr, afterSignal: sent ? (performance.now() - sentAt) / 1000 : NaN });
    }),
  );
}

/** A seeded random ReLU net (uniform weights), far too large to enumerate quickly. */
export function bigNet(dir: string, widths = [4, 40, 40, 40], seed = 1): string {
  const u = mulberry32(seed);
  const layer = (i: number, o: number) => ({
    weights: Array.from({ length: o }, () => Array.from({ length: i }, () => 2 * u() - 1)),
    bias: Array.from({ length: o }, () => 2 * u() - 1),
  });
  const path = join(dir, `net-${widths.join('-')}-${seed}.json`);
  writeFileSync(path, JSON.stringify({ inputSize: widths[0], layers: widths.slice(1).map((o, k) => layer(widths[k], o)) }));
  return path;
}
