import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { InputError, withPrefix } from '../errors.js';
import type { Network } from './network.js';
import { parseNetworkJson } from './parse-json.js';
import { loadNnet } from './nnet.js';
import { loadOnnxNetwork } from './onnx.js';

/** Reads the text of a user-named file; failures become "<path>: cannot read: <reason>". */
export function readInputFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new InputError(`${path}: cannot read: ${reason}`);
  }
}

/** Loads a network file, chosen by extension: .json, .onnx, .nnet. Errors start with the path. */
export function loadNetwork(path: string): Network {
  const ext = extname(path).toLowerCase();
  if (ext === '.onnx') return loadOnnxNetwork(path); // binary protobuf, see onnx.ts
  if (ext === '.nnet') return loadNnet(path).network; // raw units; the input box via loadNnet
  if (ext !== '.json') throw new InputError(`${path}: unsupported network format (expected .json, .onnx or .nnet)`);
  const text = readInputFile(path);
  return withPrefix(path, () => parseNetworkJson(text, path));
}
