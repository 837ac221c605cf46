/**
 * Names of a network file's inputs and outputs, for axes and legends. The network loader keeps
 * only the exact function, so they are read here from the file itself:
 *   - JSON: optional top-level "inputNames" / "outputNames" (lists of strings, one per input or
 *     output; the format allows unknown top-level keys as metadata);
 *   - ONNX: the graph's one real input tensor, as NAME[i] (NAME alone for one input);
 *   - otherwise (and .nnet): x0, x1, ... and y0, y1, ...
 * The command's --input-names / --output-names override them.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { InputError } from '../errors.js';
import { decodeOnnxModel } from '../network/onnx.js';
import { isObject, parseJsonText } from '../network/parse-json.js';

export interface IoNames {
  inputs: string[];
  outputs: string[];
}

export const defaultNames = (d: number, m: number): IoNames => ({
  inputs: Array.from({ length: d }, (_, i) => `x${i}`),
  outputs: Array.from({ length: m }, (_, k) => `y${k}`),
});

/** The names the file gives, else the defaults; d inputs, m outputs (of the file's network). */
export function namesFromFile(path: string, d: number, m: number): IoNames {
  const names = defaultNames(d, m);
  const ext = extname(path).toLowerCase();
  try {
    if (ext === '.json') {
      const v = parseJsonText(readFileSync(path, 'utf8'), path);
      if (!isObject(v)) return names;
      const read = (key: string, n: number): string[] | null => {
        const list = v[key];
        if (list === undefined) return null;
        if (!Array.isArray(list) || list.length !== n || !list.every((s) => typeof s === 'string' && s.trim() !== '')) {
          throw new InputError(`${path}: ${key}: expected a list of ${n} non-empty strings (one per ${key === 'inputNames' ? 'input' : 'output'})`);
        }
        return list as string[];
      };
      return { inputs: read('inputNames', d) ?? names.inputs, outputs: read('outputNames', m) ?? names.outputs };
    }
    if (ext === '.onnx') {
      const g = decodeOnnxModel(readFileSync(path)).graph!;
      const init = new Set((g.initializer ?? []).map((t) => t.name ?? ''));
      const real = (g.input ?? []).filter((v) => !init.has(v.name ?? ''));
      const name = real.length === 1 ? (real[0].name ?? '') : '';
      if (name !== '') names.inputs = d === 1 ? [name] : names.inputs.map((_, i) => `${name}[${i}]`);
      return names;
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    return names; // the network itself was read already: names are a nicety
  }
  return names;
}
