import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { InputError, withPrefix } from '../errors.js';
import type { Domain } from '../domain/domain.js';
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
  return loadModel(path).network;
}

/** A network file with what it says about its inputs. */
export interface Model {
  network: Network;
  /**
   * The box the file defines the function on (.nnet: its input minimums and maximums, in raw
   * units; the reference evaluator clamps inputs to it). The default domain when given.
   */
  inputBox?: Domain & { kind: 'box' };
}

export function loadModel(path: string): Model {
  const ext = extname(path).toLowerCase();
  if (ext === '.onnx') return { network: loadOnnxNetwork(path) }; // binary protobuf, see onnx.ts
  if (ext === '.nnet') {
    const { network, inputBox } = loadNnet(path); // raw units
    return { network, inputBox };
  }
  if (ext !== '.json') throw new InputError(`${path}: unsupported network format (expected .json, .onnx or .nnet)`);
  const text = readInputFile(path);
  return { network: withPrefix(path, () => parseNetworkJson(text, path)) };
}
