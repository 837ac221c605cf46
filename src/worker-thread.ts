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
