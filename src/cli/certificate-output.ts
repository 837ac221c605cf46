/** Certificates of queries that stream their lines while they run (range, injective). */
import { OutputFile, planOutput } from './output-file.js';

/**
 * Runs `f` with a sink that streams certificate lines to `path`.partial, renamed to `path` only
 * when `keep` says the answer has a certificate (a stopped run never has). No path: no sink.
 * The path is checked (output-file.ts) against `inputs` first.
 */
export async function withCertificate<T>(
  path: string | undefined,
  inputs: (string | undefined)[],
  f: (sink: ((line: unknown) => void) | undefined) => Promise<T>,
  keep: (result: T) => boolean,
): Promise<T> {
  if (path === undefined) return f(undefined);
  const file = new OutputFile(planOutput('--certificate', path, inputs.filter((p): p is string => p !== undefined)));
  let result: T;
  try {
    result = await f((line) => file.writeLine(line));
  } catch (e) {
    file.abandon();
    throw e;
  }
  if (keep(result)) file.commit();
  else file.abandon();
  return result;
}
