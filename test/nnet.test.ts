import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { add, cmp, div, mul, rat, sub, toDouble, ZERO, parseRational, type Rational } from '../src/kernel/rational.js';
import { forward } from '../src/network/forward.js';
import { layerSizes } from '../src/network/network.js';
import { loadNnet, parseNnet, type NnetRaw } from '../src/network/nnet.js';
import { loadNetwork } from '../src/network/load.js';
import { inputErrorOf } from './helpers/errors.js';

const acasPath = fileURLToPath(new URL('../../shared/acasxu/ACASXU_experimental_v2a_1_1.nnet', import.meta.url));
const acasOnnxPath = fileURLToPath(new URL('../../shared/acasxu/ACASXU_run2a_1_1_batch_2000.onnx', import.meta.url));

const r = (s: string): Rational => {
  const v = parseRational(s);
  if (v === null) throw new Error(`bad test number ${s}`);
  return v;
};
const strs = (v: Rational[]) => v.map((x) => `${x.n}/${x.d}`);

/** The .nnet semantics computed directly from the file's numbers: clamp, normalise, layers, scale. */
function evalUnfolded(raw: NnetRaw, x: Rational[]): Rational[] {
  const n = raw.inputSize;
  let h = x.map((v, j) => {
    const c = cmp(v, raw.mins[j]) < 0 ? raw.mins[j] : cmp(v, raw.maxes[j]) > 0 ? raw.maxes[j] : v;
    return div(sub(c, raw.means[j]), raw.ranges[j]);
  });
  raw.weights.forEach((W, l) => {
    const z = W.map((row, i) => row.reduce((s, w, j) => add(s, mul(w, h[j])), raw.biases[l][i]));
    h = l < raw.weights.length - 1 ? z.map((v) => (v.n > 0n ? v : ZERO)) : z;
  });
  return h.map((v) => add(mul(v, raw.ranges[n]), raw.means[n]));
}

/** Deterministic rational points in a box (a small LCG; not a decision, just sample points). */
function samplePoints(lo: Rational[], hi: Rational[], count: number): Rational[][] {
  let s = 12345n;
  const next = () => {
    s = (s * 6364136223846793005n + 1442695040888963407n) % (1n << 64n);
    return s >> 40n; // 24 bits
  };
  const pts: Rational[][] = [];
  for (let k = 0; k < count; k++) {
    pts.push(lo.map((l, j) => add(l, mul(sub(hi[j], l), rat(next(), 1n << 24n)))));
  }
  return pts;
}

describe('parseNnet on the ACAS Xu network 1_1', () => {
  const { network, inputBox, raw } = loadNnet(acasPath);

  it('has 5 inputs, six hidden ReLU layers of 50 and 5 linear outputs', () => {
    expect(network.inputSize).toBe(5);
    expect(layerSizes(network)).toEqual([50, 50, 50, 50, 50, 50, 5]);
    expect(network.layers.map((l) => l.activation)).toEqual([...Array(6).fill('relu'), 'linear']);
    expect(raw.numLayers).toBe(7);
    expect(raw.layerSizes).toEqual([5, 50, 50, 50, 50, 50, 50, 5]);
    expect(raw.maxLayerSize).toBe(50);
  });

  it('reads every decimal exactly', () => {
    expect(strs(inputBox.lo)).toEqual(strs(['0.0', '-3.141593', '-3.141593', '100.0', '0.0'].map(r)));
    expect(strs(inputBox.hi)).toEqual(strs(['60760.0', '3.141593', '3.141593', '1200.0', '1200.0'].map(r)));
    expect(raw.means[0]).toEqual(rat(19791091n, 1000n));
    expect(raw.means[5]).toEqual(rat(75188840201005975n, 10n ** 16n));
    expect(raw.ranges[1]).toEqual(rat(628318530718n, 10n ** 11n));
    expect(raw.ranges[5]).toEqual(rat(37394992n, 100000n));
    expect(raw.weights[0][0][1]).toEqual(rat(-261092n, 100000n)); // -2.61092e+00
    expect(raw.weights[0][1][0]).toEqual(rat(-112374n, 100000n)); // -1.12374e+00 (line 2 of the weights)
    expect(raw.biases[6][4]).toEqual(rat(-148281n, 10n ** 7n)); // the file's last line, -1.48281e-02
  });

  it('the folded network equals clamp-normalise-run-scale on the input box', () => {
    const pts = [
      inputBox.lo,
      inputBox.hi,
      inputBox.lo.map((l, j) => div(add(l, inputBox.hi[j]), rat(2n))),
      ...samplePoints(inputBox.lo, inputBox.hi, 12),
    ];
    for (const x of pts) {
      expect(strs(forward(network, x).output)).toEqual(strs(evalUnfolded(raw, x)));
    }
  });

  it('folds normalisation into layer 1 and output scaling into the last layer', () => {
    // W'[0][0] = W[0][0] / range_0, and last W' = range_out * W
    expect(network.layers[0].weights[0][0]).toEqual(div(raw.weights[0][0][0], raw.ranges[0]));
    expect(network.layers[6].weights[2][3]).toEqual(mul(raw.ranges[5], raw.weights[6][2][3]));
    expect(network.layers[6].bias[1]).toEqual(add(mul(raw.ranges[5], raw.biases[6][1]), raw.means[5]));
    // the middle layers are untouched
    expect(network.layers[3].weights).toEqual(raw.weights[3]);
  });

  it('loadNetwork dispatches .nnet to the folded network', () => {
    const net = loadNetwork(acasPath);
    expect(layerSizes(net)).toEqual([50, 50, 50, 50, 50, 50, 5]);
    expect(net.layers[0].bias).toEqual(network.layers[0].bias);
  });

  // Float sanity check against the ONNX export of the same network (its weights are the float32
  // rounding of the .nnet decimals; it takes normalised inputs and gives unscaled outputs), so only
  // a tolerance comparison makes sense. Skipped until src/network/onnx.ts exists (being written
  // concurrently); it is then reached through loadNetwork's .onnx dispatch.
  const onnxModule = fileURLToPath(new URL('../src/network/onnx.ts', import.meta.url));
  it.skipIf(!existsSync(onnxModule))('agrees with the ONNX version within float tolerance', () => {
    const onnxNet = loadNetwork(acasOnnxPath);
    expect(onnxNet.inputSize).toBe(5);
    expect(layerSizes(onnxNet)).toEqual([50, 50, 50, 50, 50, 50, 5]);
    const n = raw.inputSize;
    for (const x of samplePoints(inputBox.lo, inputBox.hi, 8)) {
      const xn = x.map((v, j) => div(sub(v, raw.means[j]), raw.ranges[j]));
      const yOnnx = forward(onnxNet, xn).output.map((v) => toDouble(v) * toDouble(raw.ranges[n]) + toDouble(raw.means[n]));
      const yNnet = forward(network, x).output.map(toDouble);
      yNnet.forEach((v, i) => expect(Math.abs(v - yOnnx[i])).toBeLessThan(1e-3 * (1 + Math.abs(v))));
    }
  });
});

// 2 inputs, 1 output, one (linear) layer: y = 8 * (3 (x0 - 0.5)/2 - (x1 - 2)/4 + 0.5) + 10 = 12 x0 - 2 x1 + 12
const ONE_LAYER = `// a hand-made net
// second comment
1,2,1,2,
2,1,
0,
-1,0,
1,4,
0.5,2,10,
2,4,8,
3,-1,
0.5,
`;

describe('parseNnet on hand-made files', () => {
  it('folds a one-layer net exactly (normalisation and output scaling on the same layer)', () => {
    const { network, inputBox } = parseNnet(ONE_LAYER);
    expect(network.inputSize).toBe(2);
    expect(network.layers).toHaveLength(1);
    expect(network.layers[0].activation).toBe('linear');
    expect(network.layers[0].weights).toEqual([[rat(12n), rat(-2n)]]);
    expect(network.layers[0].bias).toEqual([rat(12n)]);
    expect(inputBox).toEqual({ kind: 'box', lo: [rat(-1n), rat(0n)], hi: [rat(1n), rat(4n)] });
  });

  it('takes decimals exactly, with scientific notation, CRLF and no trailing commas', () => {
    const text = ONE_LAYER.replace('3,-1,', '3e0,-1.000000000000000000001e0').replace('0.5,\n', '5e-1\n').replace(/\n/g, '\r\n');
    const { network } = parseNnet(text);
    // W'[1] = 8 * (-1 - 1e-21) / 4
    expect(network.layers[0].weights[0][1]).toEqual(rat(-2n * (10n ** 21n + 1n), 10n ** 21n));
  });

  it('runs hidden layers through ReLU and the last layer linear', () => {
    // 1 input in [-1,1] (mean 0, range 1); hidden relu(x), relu(-x); last layer relu(x) - relu(-x) = x;
    // output mean 1, range 2, so y = 2x + 1 (and it would not be without both ReLUs)
    const text = ['2,1,1,2,', '1,2,1,', '0,', '-1,', '1,', '0,1,', '1,2,', '1,', '-1,', '0,', '0,', '1,-1,', '0,'].join('\n');
    const { network, raw } = parseNnet(text, 'h.nnet');
    expect(network.layers.map((l) => l.activation)).toEqual(['relu', 'linear']);
    for (const x of [rat(-1n), rat(-1n, 3n), ZERO, rat(3n, 4n)]) {
      expect(forward(network, [x]).output).toEqual([add(mul(rat(2n), x), rat(1n))]);
      expect(forward(network, [x]).output).toEqual(evalUnfolded(raw, [x]));
    }
  });

  it('reports malformed files with the line number', () => {
    const lines = ONE_LAYER.split('\n');
    const withLine = (k: number, s: string) => lines.map((l, i) => (i === k - 1 ? s : l)).join('\n');
    expect(inputErrorOf(() => parseNnet(withLine(10, '3,'), 'net.nnet'))).toBe(
      'net.nnet: line 10: layer 1 weight row 1: expected 2 numbers, found 1',
    );
    expect(inputErrorOf(() => parseNnet(withLine(10, '3,abc,'), 'net.nnet'))).toBe(
      'net.nnet: line 10: layer 1 weight row 1: value 2: not a number: "abc"',
    );
    expect(inputErrorOf(() => parseNnet(withLine(10, '3,nan,'), 'net.nnet'))).toMatch(/^net\.nnet: line 10: .*not a number: "nan"$/);
    expect(inputErrorOf(() => parseNnet(withLine(3, '1,2,1,'), 'net.nnet'))).toBe(
      'net.nnet: line 3: numLayers, inputSize, outputSize, maxLayerSize: expected 4 numbers, found 3',
    );
    expect(inputErrorOf(() => parseNnet(withLine(3, '1,2.5,1,2,'), 'net.nnet'))).toBe(
      'net.nnet: line 3: value 2: expected a positive integer, found "2.5"',
    );
    expect(inputErrorOf(() => parseNnet(withLine(4, '2,1,1,'), 'net.nnet'))).toBe(
      'net.nnet: line 4: layer sizes: expected 2 numbers (numLayers + 1), found 3',
    );
    expect(inputErrorOf(() => parseNnet(withLine(4, '3,1,'), 'net.nnet'))).toBe(
      'net.nnet: line 4: first layer size 3 differs from inputSize 2',
    );
    expect(inputErrorOf(() => parseNnet(withLine(6, '-1,0,0,'), 'net.nnet'))).toBe(
      'net.nnet: line 6: input minimums: expected 2 numbers, found 3',
    );
    expect(inputErrorOf(() => parseNnet(withLine(7, '-2,4,'), 'net.nnet'))).toBe(
      'net.nnet: line 7: input maximums: value 1 is below the minimum on line 6',
    );
    expect(inputErrorOf(() => parseNnet(withLine(8, '0.5,2,'), 'net.nnet'))).toBe(
      'net.nnet: line 8: means (inputs, then output): expected 3 numbers, found 2',
    );
    expect(inputErrorOf(() => parseNnet(withLine(9, '2,0,8,'), 'net.nnet'))).toBe('net.nnet: line 9: ranges: value 2 is zero');
    expect(inputErrorOf(() => parseNnet(withLine(11, '0.5,1,'), 'net.nnet'))).toBe(
      'net.nnet: line 11: layer 1 bias 1: expected 1 number, found 2',
    );
    expect(inputErrorOf(() => parseNnet(lines.slice(0, 10).join('\n'), 'net.nnet'))).toBe(
      'net.nnet: unexpected end of file (expected layer 1 bias 1)',
    );
    expect(inputErrorOf(() => parseNnet(`${ONE_LAYER}\n7,\n`, 'net.nnet'))).toBe(
      'net.nnet: line 13: unexpected content after the last layer',
    );
    expect(inputErrorOf(() => parseNnet('// only a comment\n', 'net.nnet'))).toBe(
      'net.nnet: unexpected end of file (expected numLayers, inputSize, outputSize, maxLayerSize)',
    );
  });

  it('loadNnet and loadNetwork read files; errors start with the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnet-test-'));
    const good = join(dir, 'one.nnet');
    writeFileSync(good, ONE_LAYER);
    expect(loadNnet(good).network.layers[0].bias).toEqual([rat(12n)]);
    expect(loadNetwork(good).layers[0].weights).toEqual([[rat(12n), rat(-2n)]]);
    const bad = join(dir, 'bad.NNET');
    writeFileSync(bad, ONE_LAYER.replace('0.5,\n', '0.5,0.5\n'));
    expect(inputErrorOf(() => loadNetwork(bad))).toBe(`${bad}: line 11: layer 1 bias 1: expected 1 number, found 2`);
    expect(inputErrorOf(() => loadNnet(join(dir, 'missing.nnet')))).toMatch(/missing\.nnet: cannot read: /);
  });
});
