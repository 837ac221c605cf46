/**
 * Output files that are never half-written under their final name and never replace anything
 * but a regular file.
 *
 * - A path that does not exist yet, or names a regular file: the text goes to `PATH.partial`,
 *   renamed to PATH by `commit()` only when complete. A symbolic link is followed: the file it
 *   points to is replaced, the link itself stays.
 * - A character device or FIFO (/dev/null, /dev/stdout, a named pipe): written directly, since
 *   renaming over it would replace the device; there is nothing to leave half-written.
 * - Anything else (a directory, a dangling link, a socket, a missing folder), or a file that is
 *   also an input of the command: refused before any computation starts (`planOutput`).
 *
 * Every I/O failure is an InputError "PATH: cannot write: REASON" (exit 2), after which the
 * partial file is removed. Lines are buffered and reach the file in whole lines, so a file cut
 * short by a kill holds only complete lines.
 */
import { closeSync, fstatSync, lstatSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../errors.js';

/** Where and how an output goes, decided before the run. */
export interface OutputPlan {
  /** As the user wrote it (for messages). */
  readonly path: string;
  /** The file finally written: PATH, or the target of the link PATH. */
  readonly target: string;
  readonly direct: boolean;
}

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const statOrNull = (f: () => Stats): Stats | null => {
  try {
    return f();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
};

/**
 * Checks that `path` (given by `flag`) can be written without harm, before anything is opened:
 * refuses directories, dangling links, sockets, block devices, missing folders, and files that
 * are also inputs of the command (`inputs`: the paths it reads).
 */
export function planOutput(flag: string, path: string, inputs: readonly string[] = []): OutputPlan {
  const refuse = (why: string): never => {
    throw new InputError(`${flag} ${path}: ${why}`);
  };
  if (path === '') refuse('empty path');
  let st: Stats | null;
  let link: Stats | null;
  try {
    link = statOrNull(() => lstatSync(path));
    st = statOrNull(() => statSync(path));
  } catch (e) {
    return refuse(`cannot write: ${reasonOf(e)}`);
  }
  if (link?.isSymbolicLink() && !st) refuse('is a symbolic link to a missing file: refusing to follow it');
  if (st?.isDirectory()) refuse('is a directory');
  const direct = st !== null && (st.isCharacterDevice() || st.isFIFO());
  if (st && !direct && !st.isFile()) refuse('is not a regular file (refusing to replace it)');
  if (st && st.isFile()) {
    for (const input of inputs) {
      const other = statOrNull(() => statSync(input));
      if (other && other.dev === st.dev && other.ino === st.ino) refuse(`is also an input of this command (${input}): refusing to overwrite it`);
    }
  }
  const target = st ? realpathSync(path) : path;
  if (!direct) {
    const folder = statOrNull(() => statSync(dirname(target)));
    if (!folder) refuse(`cannot write: the folder ${dirname(target)} does not exist`);
    if (!folder!.isDirectory()) refuse(`cannot write: ${dirname(target)} is not a folder`);
    const partial = statOrNull(() => lstatSync(`${target}.partial`));
    if (partial && !partial.isFile()) refuse(`cannot write: ${target}.partial exists and is not a regular file`);
  }
  return { path, target, direct };
}

/** Every output still open, so that an error anywhere removes their partial files. */
const open = new Set<OutputFile>();

/** Removes the partial files of every output still open (on an error or an abort). */
export function abandonAll(): void {
  for (const f of [...open]) f.abandon();
}

export class OutputFile {
  private fd: number | null;
  private buffer: string[] = [];
  private size = 0;
  /** The file being written: PATH.partial, or the device itself. */
  readonly writing: string;

  constructor(readonly plan: OutputPlan) {
    this.writing = plan.direct ? plan.target : `${plan.target}.partial`;
    this.fd = this.io(() => openSync(this.writing, 'w'));
    open.add(this);
    if (!plan.direct && !this.io(() => fstatSync(this.fd!)).isFile()) {
      this.abandon();
      throw new InputError(`${plan.path}: cannot write: ${this.writing} is not a regular file`);
    }
  }

  /** Opens a file that needs no checks against inputs (see planOutput). */
  static create(flag: string, path: string, inputs: readonly string[] = []): OutputFile {
    return new OutputFile(planOutput(flag, path, inputs));
  }

  write(text: string): void {
    this.buffer.push(text);
    this.size += text.length;
    if (this.size > 1 << 16) this.flush();
  }

  writeLine(value: unknown): void {
    this.write(JSON.stringify(value) + '\n');
  }

  flush(): void {
    if (this.buffer.length === 0 || this.fd === null) return;
    const data = Buffer.from(this.buffer.join(''));
    this.buffer = [];
    this.size = 0;
    let done = 0;
    while (done < data.length) done += this.io(() => writeSync(this.fd!, data, done));
  }

  /** The file is complete: flush, close and move it to its final name. */
  commit(): void {
    this.flush();
    this.close();
    if (!this.plan.direct) this.io(() => renameSync(this.writing, this.plan.target));
    open.delete(this);
  }

  /**
   * The run ended without a complete file: flush and close; `keep` leaves PATH.partial (every
   * line in it complete), otherwise it is removed.
   */
  stopShort(keep: boolean): void {
    if (!keep) return this.abandon();
    this.flush();
    this.close();
    open.delete(this);
  }

  /** Closes and removes the partial file, ignoring further errors (an error is already on its way). */
  abandon(): void {
    this.buffer = [];
    try {
      this.close();
    } catch {
      /* already failing */
    }
    if (!this.plan.direct) rmSync(this.writing, { force: true });
    open.delete(this);
  }

  private close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    this.io(() => closeSync(fd));
  }

  /** Runs an fs call; a failure removes the partial file and becomes one line naming the path. */
  private io<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (this.fd !== null) {
        try {
          closeSync(this.fd);
        } catch {
          /* the write error is the one to report */
        }
        this.fd = null;
      }
      if (!this.plan.direct && this.writing) rmSync(this.writing, { force: true });
      open.delete(this);
      throw new InputError(`${this.plan.path}: cannot write: ${reasonOf(e)}`);
    }
  }
}
