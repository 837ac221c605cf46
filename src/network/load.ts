import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { InputError, withPrefix } from '../errors.js';
import type { Network } from './network.js';
import { parseNetworkJson } from './parse-json.js';

/** Reads the text of a user-named file; failures become "<path>: cannot read: <reason>". */
export function readInputFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new InputError(`${path}: cannot read: ${reason}`);
  }
}

/** Loads a network file, chosen by extension (only .json so far). Errors start with the path. */
export function loadNetwork(path: string): Network {
  if (extname(path).toLowerCase() !== '.json') {
    throw new InputError(`${path}: unsupported network format (expected .json)`);
  }
  const text = readInputFile(path);
  return withPrefix(path, () => parseNetworkJson(text, path));
}
