/**
 * Output folders that never exist half-written under their final name: files go to
 * `DIR.partial/`, renamed to DIR by `commit()` when complete (`abandon()` removes it; `keep()`
 * leaves it as DIR.partial, e.g. a corpus stopped by Ctrl-C). DIR must not exist yet, nor
 * DIR.partial (a leftover of a run killed hard: remove it), and its parent must be a folder;
 * this is checked by `planFolder` before anything runs. I/O failures are one-line InputErrors
 * naming the folder (exit 2), after which the partial folder is removed.
 */
import { existsSync, lstatSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.js';

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const exists = (p: string): boolean => {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
};

/** Refuses a folder that cannot be written safely (`flag` names the option in the message). */
export function planFolder(flag: string, dir: string): void {
  const refuse = (why: string): never => {
    throw new InputError(`${flag} ${dir}: ${why}`);
  };
  if (dir === '') refuse('empty path');
  if (exists(dir)) refuse('exists already: refusing to replace it (remove it or choose another name)');
  if (exists(`${dir}.partial`)) refuse(`${dir}.partial exists (left by a run that was stopped or killed): remove it first`);
  const parent = dirname(dir);
  let ok = false;
  try {
    ok = statSync(parent).isDirectory();
  } catch {
    /* refused below */
  }
  if (!ok) refuse(`cannot write: the folder ${parent} does not exist`);
}

/** The first of DIR, DIR-2, DIR-3, ... that can be written (for default names). */
export function freeFolderName(dir: string): string {
  for (let k = 1; ; k++) {
    const name = k === 1 ? dir : `${dir}-${k}`;
    if (!existsSync(name) && !existsSync(`${name}.partial`)) return name;
  }
}

export class FolderOutput {
  readonly writing: string;
  private done = false;

  constructor(readonly dir: string) {
    this.writing = `${dir}.partial`;
    try {
      mkdirSync(this.writing); // fails if it exists: never write into (or later remove) a folder that is not ours
    } catch (e) {
      this.done = true;
      throw new InputError(`${dir}: cannot write: ${reasonOf(e)}`);
    }
  }

  /** Writes `text` to `relative` inside the folder (sub-folders are created). */
  write(relative: string, text: string): void {
    const path = join(this.writing, relative);
    this.io(() => {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    });
  }

  /** The folder is complete: renamed to its final name. */
  commit(): void {
    this.io(() => renameSync(this.writing, this.dir));
    this.done = true;
  }

  /** Leaves the incomplete folder as DIR.partial. */
  keep(): void {
    this.done = true;
  }

  /** Removes the incomplete folder (errors ignored: another error is on its way). */
  abandon(): void {
    if (this.done) return;
    this.done = true;
    rmSync(this.writing, { recursive: true, force: true });
  }

  private io<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      this.abandon();
      throw new InputError(`${this.dir}: cannot write: ${reasonOf(e)}`);
    }
  }
}
