import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rat, toString } from '../src/kernel/rational.js';
import { layerSizes } from '../src/network/network.js';
import { parseNetworkJson, parseNetworkValue } from '../src/network/parse-json.js';
import { loadNetwork } from '../src/network/load.js';
import { inputErrorOf } from './helpers/errors.js';

const sharedNet = fileURLToPath(new URL('../../shared/nets/random-d2-16x16.json', import.meta.url));

const ok = () => ({
  inputSize: 2,
  layers: [
    { weights: [[1, 2], [3, 4], [5, 6]], bias: [0, 0, 0], activation: 'relu' },
    { weights: [[1, 1, 1]], bias: [0], activation: 'linear' },
  ],
});
// the edits deliberately break the schema
type Net = any;
const bad = (edit: (n: Net) => void) => {
  const n: Net = ok();
  edit(n);
  return inputErrorOf(() => parseNetworkValue(n));
};

describe('parseNetworkJson', () => {
  it('parses the format', () => {
    const net = parseNetworkJson(JSON.stringify(ok()));
    expect(net.inputSize).toBe(2);
    expect(layerSizes(net)).toEqual([3, 1]);
    expect(net.layers.map((l) => l.activation)).toEqual(['relu', 'linear']);
    expect(net.layers[0].weights[2]).toEqual([rat(5n), rat(6n)]);
  });

  it('takes JSON numbers as exact binary64 and strings as exact rationals', () => {
    const net = parseNetworkJson('{"inputSize": 1, "layers": [{"weights": [[0.1], ["0.1"], ["-3/7"], ["1e-3"]], "bias": [1e-320, "2.5E2", -0.1, 3]}]}');
    expect(net.layers[0].weights.map((r) => toString(r[0]))).toEqual(['3602879701896397/36028797018963968', '1/10', '-3/7', '1/1000']);
    expect(net.layers[0].bias.map(toString)).toEqual(['253/' + (2n ** 1071n).toString(), '250', '-3602879701896397/36028797018963968', '3']);
  });

  it('defaults a missing activation to relu, on any layer including the last', () => {
    const n = ok();
    delete (n.layers[0] as Partial<(typeof n.layers)[0]>).activation;
    n.layers[1].activation = 'relu';
    expect(parseNetworkValue(n).layers.map((l) => l.activation)).toEqual(['relu', 'relu']);
  });

  it('reports invalid JSON with the source', () => {
    expect(inputErrorOf(() => parseNetworkJson('{"inputSize": 2,'))).toMatch(/^network: invalid JSON: /);
    expect(inputErrorOf(() => parseNetworkJson('', 'net.json'))).toMatch(/^net\.json: invalid JSON: /);
    expect(inputErrorOf(() => parseNetworkJson('[1]'))).toMatch(/^network: expected a JSON object/);
  });

  it('accepts a UTF-8 byte order mark', () => {
    expect(parseNetworkJson('\uFEFF' + JSON.stringify(ok())).inputSize).toBe(2);
  });

  it.each<[string, (n: Net) => void, string]>([
    ['missing inputSize', (n) => delete n.inputSize, 'inputSize: missing'],
    ['fractional inputSize', (n) => (n.inputSize = 1.5), 'inputSize: expected a positive integer, got 1.5'],
    ['zero inputSize', (n) => (n.inputSize = 0), 'inputSize: expected a positive integer, got 0'],
    ['string inputSize', (n) => (n.inputSize = '2'), 'inputSize: expected a positive integer, got "2"'],
    ['missing layers', (n) => delete n.layers, 'layers: missing'],
    ['layers not an array', (n) => (n.layers = {}), 'layers: expected an array, got object'],
    ['empty layers', (n) => (n.layers = []), 'layers: empty'],
    ['layer not an object', (n) => (n.layers[1] = [1]), 'layers[1]: expected an object with "weights" and "bias", got an array'],
    ['empty layer', (n) => (n.layers[0].weights = []), 'layers[0]: empty layer (no neurons)'],
    ['missing weights', (n) => delete n.layers[1].weights, 'layers[1].weights: missing'],
    ['row too short for inputSize', (n) => (n.layers[0].weights[2] = [1]), 'layers[0].weights[2]: 1 entries, expected 2'],
    ['row too long for the previous layer', (n) => (n.layers[1].weights[0] = [1, 2, 3, 4]), 'layers[1].weights[0]: 4 entries, expected 3'],
    ['row not an array', (n) => (n.layers[1].weights[0] = 1), 'layers[1].weights[0]: expected an array of numbers, got number'],
    ['missing bias', (n) => delete n.layers[0].bias, 'layers[0].bias: missing'],
    ['bias length', (n) => (n.layers[0].bias = [0, 0]), 'layers[0].bias: 2 entries, expected 3'],
    ['bad number string', (n) => (n.layers[0].bias[1] = 'abc'), 'layers[0].bias[1]: not a number or exact rational string: "abc"'],
    ['null number', (n) => (n.layers[0].weights[1][0] = null), 'layers[0].weights[1][0]: not a number or exact rational string: null'],
    ['boolean number', (n) => (n.layers[0].bias[0] = true), 'layers[0].bias[0]: not a number or exact rational string: true'],
    ['zero denominator', (n) => (n.layers[0].bias[0] = '1/0'), 'layers[0].bias[0]: not a number or exact rational string: "1/0"'],
    ['"NaN"', (n) => (n.layers[0].bias[2] = 'NaN'), 'layers[0].bias[2]: not a finite number: "NaN"'],
    ['"-Infinity"', (n) => (n.layers[0].bias[2] = '-Infinity'), 'layers[0].bias[2]: not a finite number: "-Infinity"'],
    ['NaN value', (n) => (n.layers[1].weights[0][1] = NaN), 'layers[1].weights[0][1]: not a finite number: NaN'],
    ['unknown activation', (n) => (n.layers[1].activation = 'tanh'), 'layers[1].activation: unknown activation "tanh" (expected "relu" or "linear")'],
    ['misspelt key', (n) => (n.layers[0].activaton = 'linear'), 'layers[0]: unknown key "activaton" (expected "weights", "bias", "activation")'],
  ])('rejects %s', (_name, edit, message) => {
    expect(bad(edit)).toBe(message);
  });

  it('rejects a JSON number that overflows binary64', () => {
    const text = JSON.stringify(ok()).replace('[0,0,0]', '[0,1e400,0]');
    expect(inputErrorOf(() => parseNetworkJson(text))).toMatch(/^layers\[0\]\.bias\[1\]: not a finite number: Infinity/);
  });

  it('ignores unknown top-level keys (metadata)', () => {
    expect(parseNetworkValue({ ...ok(), name: 'demo' }).inputSize).toBe(2);
  });
});

describe('loadNetwork', () => {
  it('loads the shared random network', () => {
    const net = loadNetwork(sharedNet);
    expect(net.inputSize).toBe(2);
    expect(layerSizes(net)).toEqual([16, 16]);
    expect(net.layers.every((l) => l.activation === 'relu')).toBe(true);
  });

  const dir = mkdtempSync(join(tmpdir(), 'relu-regions-test-'));
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('prefixes parse errors with the path', () => {
    const n = ok();
    n.layers[1].weights[0] = [1, 2];
    const p = write('short.json', JSON.stringify(n));
    expect(inputErrorOf(() => loadNetwork(p))).toBe(`${p}: layers[1].weights[0]: 2 entries, expected 3`);
  });

  it('names the path once for whole-file errors', () => {
    const p = write('broken.json', '{');
    expect(inputErrorOf(() => loadNetwork(p))).toMatch(new RegExp(`^${p.replace(/[.\\]/g, '\\$&')}: invalid JSON: [^\\n]+$`));
    const q = write('array.json', '[]');
    expect(inputErrorOf(() => loadNetwork(q))).toBe(`${q}: expected a JSON object with "inputSize" and "layers", got an array`);
  });

  it('reports unreadable files and unsupported formats', () => {
    const missing = join(dir, 'nope.json');
    expect(inputErrorOf(() => loadNetwork(missing))).toMatch(new RegExp(`^${missing.replace(/[.\\]/g, '\\$&')}: cannot read: .*ENOENT`));
    expect(inputErrorOf(() => loadNetwork('model.h5'))).toBe('model.h5: unsupported network format (expected .json, .onnx or .nnet)');
    expect(inputErrorOf(() => loadNetwork('model.onnx'))).toMatch(/^model\.onnx: cannot read: .*ENOENT/);
    expect(inputErrorOf(() => loadNetwork('model.nnet'))).toMatch(/^model\.nnet: cannot read: .*ENOENT/);
  });

  it('accepts an upper-case extension', () => {
    const p = write('upper.JSON', JSON.stringify(ok()));
    expect(layerSizes(loadNetwork(p))).toEqual([3, 1]);
  });
});
