/**
 * Starts a worker thread on a module next to the caller: `name` without extension, resolved
 * against the caller's URL. Built code runs the .js file; from source (under tsx: tests,
 * development) the worker first registers tsx's loader, then imports the TypeScript module.
 */
import { Worker } from 'node:worker_threads';

export function startWorker(callerUrl: string, name: string, workerData: unknown): Worker {
  const fromSource = new URL(callerUrl).pathname.endsWith('.ts');
  const url = new URL(`./${name}${fromSource ? '.ts' : '.js'}`, callerUrl);
  if (!fromSource) return new Worker(url, { workerData });
  const bootstrap = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/**
 * Feeds a job queue to worker threads: each idle thread gets `next()` (null: nothing more for
 * it), each answer goes to `onAnswer`, then the thread gets its next job. Resolves when every
 * thread is idle, and terminates them all in any case.
 */
export async function runQueue<A>(threads: Worker[], next: () => unknown, onAnswer: (answer: A) => void): Promise<void> {
  try {
    await Promise.all(
      threads.map(
        (t) =>
          new Promise<void>((resolve, reject) => {
            const dispatch = () => {
              const job = next();
              if (job === null) resolve();
              else t.postMessage(job);
            };
            t.on('message', (answer: A) => {
              onAnswer(answer);
              dispatch();
            });
            t.on('error', reject);
            dispatch();
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
}
