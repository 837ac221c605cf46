/** Reading a file the user named: file-system failures are bad input (exit 2) with one line. */
import { InputError } from '../errors.js';

/** Runs `f`, which reads `path`; an fs error (missing, unreadable, a directory) becomes "PATH: cannot read: REASON". */
export async function reading<T>(path: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string') {
      throw new InputError(`${path}: cannot read: ${e.message}`);
    }
    throw e; // bad content (InputError), a stop (StoppedError) or a bug
  }
}
