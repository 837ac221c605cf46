import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromDouble, rat, toDouble, toString, type Rational } from '../src/kernel/rational.js';
import { forward } from '../src/network/forward.js';
import { loadNetwork } from '../src/network/load.js';
import { layerSizes, type Network } from '../src/network/network.js';
import { decodeOnnxModel, parseOnnx } from '../src/network/onnx.js';
import { modelProtoType } from '../src/network/onnx-proto.js';
import { inputErrorOf } from './helpers/errors.js';

const shared = (p: string) => fileURLToPath(new URL(`../../shared/${p}`, import.meta.url));
const ACAS = shared('acasxu/ACASXU_run2a_1_1_batch_2000.onnx');
const VNN = (n: string) => shared(`vnncomp-test/${n}.onnx`);

const tmp = mkdtempSync(join(tmpdir(), 'relu-regions-onnx-'));
let fileNo = 0;

const str = (rows: Rational[][]) => rows.map((r) => r.map(toString));
const strv = (v: Rational[]) => v.map(toString);
const R = (s: string) => {
  const [n, d = '1'] = s.split('/');
  return rat(BigInt(n), BigInt(d));
};

// ----- building small ONNX models with the vendored descriptor -------------------------------

type Enc = 'raw32' | 'raw64' | 'float' | 'double' | 'int64' | 'int64raw';

function tensor(name: string, dims: number[], values: number[], enc: Enc = 'raw32'): object {
  switch (enc) {
    case 'raw32':
      return { name, dims, dataType: 1, rawData: new Uint8Array(new Float32Array(values).buffer) };
    case 'raw64':
      return { name, dims, dataType: 11, rawData: new Uint8Array(new Float64Array(values).buffer) };
    case 'float':
      return { name, dims, dataType: 1, floatData: values };
    case 'double':
      return { name, dims, dataType: 11, doubleData: values };
    case 'int64':
      return { name, dims, dataType: 7, int64Data: values };
    case 'int64raw':
      return { name, dims, dataType: 7, rawData: new Uint8Array(new BigInt64Array(values.map(BigInt)).buffer) };
  }
}

function valueInfo(name: string, dims: (number | string)[]): object {
  const dim = dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  return { name, type: { tensorType: { elemType: 1, shape: { dim } } } };
}

type Attr = { name: string; f?: number; i?: number; ints?: number[]; t?: object };
function attrProto(a: Attr): object {
  const type = a.f !== undefined ? 1 : a.i !== undefined ? 2 : a.t !== undefined ? 4 : 7;
  return { ...a, type };
}

function node(opType: string, input: string[], output: string[], name = '', attrs: Attr[] = []): object {
  return { opType, input, output, name, attribute: attrs.map(attrProto) };
}

interface G {
  inputs: object[];
  output: string;
  inits?: object[];
  nodes: object[];
}

function encode(g: G): Uint8Array {
  const T = modelProtoType();
  const graph = { name: 'g', node: g.nodes, initializer: g.inits ?? [], input: g.inputs, output: [valueInfo(g.output, [])] };
  return T.encode(T.fromObject({ irVersion: 7, producerName: 'onnx.test', opsetImport: [{ domain: '', version: 13 }], graph })).finish();
}

function writeOnnx(bytes: Uint8Array): string {
  const path = join(tmp, `m${fileNo++}.onnx`);
  writeFileSync(path, bytes);
  return path;
}

const build = (g: G): Network => loadNetwork(writeOnnx(encode(g)));

const out = (net: Network, x: string[]) => strv(forward(net, x.map(R)).output);

// ----- the shared benchmark files ----------------------------------------------------------

describe('shared ONNX files', () => {
  it('test_nano / test_tiny / test_small parse to the exact small networks', () => {
    const nano = loadNetwork(VNN('test_nano'));
    expect(nano.inputSize).toBe(1);
    expect(nano.layers.map((l) => l.activation)).toEqual(['relu']); // MatMul, Relu: the output is the ReLU
    expect(layerSizes(nano)).toEqual([1]);

    const tiny = loadNetwork(VNN('test_tiny'));
    expect(tiny.inputSize).toBe(1);
    expect(layerSizes(tiny)).toEqual([1, 1]);
    expect(tiny.layers.map((l) => l.activation)).toEqual(['relu', 'linear']);

    const small = loadNetwork(VNN('test_small'));
    expect(small.inputSize).toBe(1);
    expect(layerSizes(small)).toEqual([2, 2, 1]);
    expect(small.layers.map((l) => l.activation)).toEqual(['relu', 'relu', 'linear']);
    // W·x with the weight on the left (W0 is [2,1], X_0 is [1])
    expect(str(small.layers[0].weights)).toEqual([['1'], ['1']]);
    expect(strv(small.layers[0].bias)).toEqual(['3/2', '3/2']);
  });

  it('test_small is the single linear region y = 24x + 54.5 on [-1, 1] (exact forward pass)', () => {
    const net = loadNetwork(VNN('test_small'));
    for (const x of ['-1', '-1/2', '0', '1/3', '7/10', '1']) {
      const tr = forward(net, [R(x)]);
      const expected = toString(add24(R(x)));
      expect(strv(tr.output)).toEqual([expected]);
      expect(tr.signs.slice(0, 2).flat().every((s) => s === 1)).toBe(true); // one activation pattern
    }
    function add24(x: Rational): Rational {
      return rat(24n * x.n * 2n + 109n * x.d, 2n * x.d); // 24x + 109/2
    }
  });

  it('ACAS Xu (MATLAB export): 5 inputs, six ReLU layers of 50, 5 linear outputs', () => {
    for (const path of [ACAS, VNN('test_sat'), VNN('test_unsat')]) {
      const net = loadNetwork(path);
      expect(net.inputSize).toBe(5);
      expect(layerSizes(net)).toEqual([50, 50, 50, 50, 50, 50, 5]);
      expect(net.layers.map((l) => l.activation)).toEqual([...Array(6).fill('relu'), 'linear']);
    }
  });

  it('ACAS Xu weights are the exact binary32 values of the file (x·W: layer row j is column j of W)', () => {
    const net = loadNetwork(ACAS);
    const model = decodeOnnxModel(readFileSync(ACAS));
    const w = model.graph!.initializer!.find((t) => t.name === 'Operation_1_MatMul_W')!;
    const raw = w.rawData!;
    const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 50; j++) {
        const expected = fromDouble(v.getFloat32(4 * (i * 50 + j), true));
        expect(net.layers[0].weights[j][i]).toEqual(expected);
      }
    }
  });

  it('ACAS Xu: the exact forward pass agrees with a float evaluation of the graph (sanity check)', () => {
    const net = loadNetwork(ACAS);
    const x = [0.1, -0.2, 0.3, 0.05, -0.4];
    const exact = forward(net, x.map(fromDouble)).output.map(toDouble);
    const float = floatEvalAcas(readFileSync(ACAS), x);
    expect(exact).toHaveLength(5);
    for (let k = 0; k < 5; k++) expect(Math.abs(exact[k] - float[k])).toBeLessThan(1e-9 * (1 + Math.abs(float[k])));
  });
});

/** A plain float interpreter for the ACAS Xu graph (Sub, Flatten, MatMul x·W, Add, Relu). */
function floatEvalAcas(bytes: Uint8Array, x: number[]): number[] {
  const g = decodeOnnxModel(bytes).graph!;
  const vals = new Map<string, { dims: number[]; data: number[] }>();
  for (const t of g.initializer!) {
    const raw = t.rawData!;
    const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    vals.set(t.name!, { dims: t.dims!.map(Number), data: Array.from({ length: raw.length / 4 }, (_, i) => v.getFloat32(4 * i, true)) });
  }
  let cur = x;
  for (const n of g.node!) {
    const [a, b] = n.input!;
    const B = vals.get(b ?? '');
    if (n.opType === 'Sub') cur = cur.map((c, i) => c - B!.data[i]);
    else if (n.opType === 'Add') cur = cur.map((c, i) => c + B!.data[i]);
    else if (n.opType === 'Relu') cur = cur.map((c) => Math.max(c, 0));
    else if (n.opType === 'MatMul') {
      const [K, N] = B!.dims;
      cur = Array.from({ length: N }, (_, j) => {
        let s = 0;
        for (let k = 0; k < K; k++) s += cur[k] * B!.data[k * N + j];
        return s;
      });
    } else if (n.opType !== 'Flatten') throw new Error(`unexpected op ${n.opType} on ${a}`);
  }
  return cur;
}

// ----- hand-made models ------------------------------------------------------------------

describe('hand-made ONNX models (exact, hand-computed answers)', () => {
  it('MatMul with the weight on the right (x·W, dynamic batch)', () => {
    const net = build({
      inputs: [valueInfo('x', ['N', 2])],
      output: 'y',
      inits: [
        tensor('W1', [2, 3], [1, 0.5, -2, 0.25, 3, 1]),
        tensor('b1', [3], [0.5, -1, 0]),
        tensor('W2', [3, 1], [2, -1, 0.75]),
        tensor('b2', [1], [1.5]),
      ],
      nodes: [
        node('MatMul', ['x', 'W1'], ['m1']),
        node('Add', ['m1', 'b1'], ['h1']),
        node('Relu', ['h1'], ['r1']),
        node('MatMul', ['r1', 'W2'], ['m2']),
        node('Add', ['m2', 'b2'], ['y']),
      ],
    });
    expect(net.inputSize).toBe(2);
    expect(str(net.layers[0].weights)).toEqual([['1', '1/4'], ['1/2', '3'], ['-2', '1']]);
    expect(strv(net.layers[0].bias)).toEqual(['1/2', '-1', '0']);
    expect(str(net.layers[1].weights)).toEqual([['2', '-1', '3/4']]);
    expect(strv(net.layers[1].bias)).toEqual(['3/2']);
    expect(net.layers.map((l) => l.activation)).toEqual(['relu', 'linear']);
    // x = (2, 1): h1 = relu(11/4, 3, -3) = (11/4, 3, 0) → y = 11/2 - 3 + 0 + 3/2 = 4
    expect(out(net, ['2', '1'])).toEqual(['4']);
    // x = (1, 2): h1 = (2, 11/2, 0) → y = 4 - 11/2 + 3/2 = 0
    expect(out(net, ['1', '2'])).toEqual(['0']);
  });

  it('MatMul with the weight on the left (W·x, 1-D input) gives the same layer', () => {
    const net = build({
      inputs: [valueInfo('x', [2])],
      output: 'y',
      inits: [tensor('W', [3, 2], [1, 0.25, 0.5, 3, -2, 1]), tensor('b', [3], [0.5, -1, 0])],
      nodes: [node('MatMul', ['W', 'x'], ['m']), node('Add', ['b', 'm'], ['h']), node('Relu', ['h'], ['y'])],
    });
    expect(str(net.layers[0].weights)).toEqual([['1', '1/4'], ['1/2', '3'], ['-2', '1']]);
    expect(strv(net.layers[0].bias)).toEqual(['1/2', '-1', '0']);
    expect(net.layers.map((l) => l.activation)).toEqual(['relu']); // the output is the ReLU itself
  });

  it('Gemm with transB = 1, alpha = 0.5, beta = 2', () => {
    const net = build({
      inputs: [valueInfo('X', ['batch', 2])],
      output: 'Y',
      inits: [tensor('B', [3, 2], [1, 2, 3, -4, 0.5, 0]), tensor('C', [3], [1, -0.25, 0])],
      nodes: [
        node('Gemm', ['X', 'B', 'C'], ['G'], 'Gemm_0', [{ name: 'alpha', f: 0.5 }, { name: 'beta', f: 2 }, { name: 'transB', i: 1 }]),
        node('Relu', ['G'], ['Y']),
      ],
    });
    // 0.5·B as rows, 2·C as bias
    expect(str(net.layers[0].weights)).toEqual([['1/2', '1'], ['3/2', '-2'], ['1/4', '0']]);
    expect(strv(net.layers[0].bias)).toEqual(['2', '-1/2', '0']);
    // x = (1, 1): pre = (7/2, -1, 1/4) → (7/2, 0, 1/4)
    expect(out(net, ['1', '1'])).toEqual(['7/2', '0', '1/4']);
  });

  it('Gemm with transA = 1 and a binary32 alpha (0.1 is taken as its exact float32 value)', () => {
    const net = build({
      inputs: [valueInfo('X', [2, 1])],
      output: 'Y',
      inits: [tensor('B', [2, 1], [1, 3])],
      nodes: [node('Gemm', ['X', 'B'], ['Y'], '', [{ name: 'alpha', f: 0.1 }, { name: 'transA', i: 1 }])],
    });
    const a = '13421773/134217728'; // float32(0.1) = 0x3DCCCCCD
    expect(str(net.layers[0].weights)).toEqual([[a, toString(rat(3n * 13421773n, 134217728n))]]);
    expect(strv(net.layers[0].bias)).toEqual(['0']);
    expect(net.layers[0].activation).toBe('linear');
  });

  it('Sub/Div input normalisation folds exactly into the first layer (exact division by 3)', () => {
    const net = build({
      inputs: [valueInfo('x', [1, 2])],
      output: 'y',
      inits: [
        tensor('mean', [2], [0.5, 1]),
        tensor('std', [2], [3, 0.25]),
        tensor('W', [2, 2], [1, 2, -1, 0.5]),
        tensor('c', [2], [0, 1]),
      ],
      nodes: [
        node('Sub', ['x', 'mean'], ['s']),
        node('Div', ['s', 'std'], ['n']),
        node('Gemm', ['n', 'W', 'c'], ['g'], '', [{ name: 'transB', i: 1 }]),
        node('Relu', ['g'], ['y']),
      ],
    });
    expect(layerSizes(net)).toEqual([2]);
    // W[j][i]/std[i]; bias c_j - Σ_i W[j][i]·mean[i]/std[i]
    expect(str(net.layers[0].weights)).toEqual([['1/3', '8'], ['-1/3', '2']]);
    expect(strv(net.layers[0].bias)).toEqual(['-49/6', '-5/6']);
    expect(out(net, ['1/2', '1'])).toEqual(['0', '1']); // at the mean: relu(c)
  });

  it('Mul by a constant and Neg fold as well', () => {
    const net = build({
      inputs: [valueInfo('x', [1, 2])],
      output: 'y',
      inits: [tensor('k', [2], [0.5, -4]), tensor('W', [2, 1], [1, 1])],
      nodes: [node('Mul', ['k', 'x'], ['m']), node('Neg', ['m'], ['n']), node('MatMul', ['n', 'W'], ['y'])],
    });
    expect(str(net.layers[0].weights)).toEqual([['-1/2', '4']]);
    expect(net.layers[0].activation).toBe('linear');
  });

  it('raw_data, float_data and double_data give the same exact values', () => {
    const net = (enc: Enc) =>
      build({
        inputs: [valueInfo('x', [1])],
        output: 'y',
        inits: [tensor('W', [1, 1], [0.1], enc), tensor('b', [1], [-2.5], enc)],
        nodes: [node('MatMul', ['x', 'W'], ['m']), node('Add', ['m', 'b'], ['y'])],
      });
    const f32 = '13421773/134217728'; // the binary32 value of 0.1
    const f64 = '3602879701896397/36028797018963968'; // the binary64 value of 0.1
    for (const [enc, w] of [['raw32', f32], ['float', f32], ['raw64', f64], ['double', f64]] as const) {
      const n = net(enc);
      expect(str(n.layers[0].weights)).toEqual([[w]]);
      expect(strv(n.layers[0].bias)).toEqual(['-5/2']);
    }
  });

  it('float16 weights (int32_data bit patterns and raw_data) are exact, subnormals included', () => {
    for (const w of [
      { name: 'W', dims: [1, 2], dataType: 10, int32Data: [0x3555, 0x0001] },
      { name: 'W', dims: [1, 2], dataType: 10, rawData: new Uint8Array(new Uint16Array([0x3555, 0x0001]).buffer) },
    ]) {
      const net = build({ inputs: [valueInfo('x', [1])], output: 'y', inits: [w], nodes: [node('MatMul', ['x', 'W'], ['y'])] });
      // 0x3555 = (1024 + 341)·2^(13-25); 0x0001 = 2^-24
      expect(str(net.layers[0].weights)).toEqual([['1365/4096'], ['1/16777216']]);
    }
  });

  it('initializers also listed as graph inputs (old MATLAB / PyTorch exports) are not inputs', () => {
    const net = build({
      inputs: [valueInfo('W', [3, 2]), valueInfo('x', ['N', 3]), valueInfo('b', [2])],
      output: 'y',
      inits: [tensor('W', [3, 2], [1, 2, 3, 4, 5, 6]), tensor('b', [2], [1, 1])],
      nodes: [node('MatMul', ['x', 'W'], ['m']), node('Add', ['m', 'b'], ['y'])],
    });
    expect(net.inputSize).toBe(3);
    expect(str(net.layers[0].weights)).toEqual([['1', '3', '5'], ['2', '4', '6']]);
  });

  it('shape-only ops (Squeeze, Unsqueeze, Flatten, Reshape from a Constant, Identity), Relu after Relu', () => {
    const net = build({
      inputs: [valueInfo('x', ['N', 1, 2])],
      output: 'y',
      inits: [tensor('ax1', [1], [1], 'int64'), tensor('W', [2, 2], [1, -1, 2, 0.5]), tensor('b', [2], [0, -1])],
      nodes: [
        node('Squeeze', ['x', 'ax1'], ['sq']), // [1,2]
        node('Unsqueeze', ['sq', 'ax1'], ['us']), // [1,1,2]
        node('Flatten', ['us'], ['fl'], '', [{ name: 'axis', i: 1 }]), // [1,2]
        node('MatMul', ['fl', 'W'], ['m']),
        node('Add', ['m', 'b'], ['h']),
        node('Relu', ['h'], ['r']),
        node('Relu', ['r'], ['rr']), // a no-op
        node('Identity', ['rr'], ['id']),
        node('Constant', [], ['shape'], '', [{ name: 'value', t: tensor('', [1], [-1], 'int64raw') }]),
        node('Reshape', ['id', 'shape'], ['y']),
      ],
    });
    expect(net.inputSize).toBe(2);
    expect(layerSizes(net)).toEqual([2]); // one ReLU layer, nothing trailing
    expect(str(net.layers[0].weights)).toEqual([['1', '2'], ['-1', '1/2']]);
    expect(out(net, ['1', '3'])).toEqual(['7', '0']);
  });

  it('consecutive affine ops fold into one layer; an identity op after a ReLU still makes a linear layer', () => {
    const net = build({
      inputs: [valueInfo('x', [1, 1])],
      output: 'y',
      inits: [tensor('A', [1, 2], [2, -3]), tensor('B', [2, 1], [0.5, 1]), tensor('one', [1], [1])],
      nodes: [
        node('MatMul', ['x', 'A'], ['a']),
        node('MatMul', ['a', 'B'], ['b']), // x·(A·B) = -2x
        node('Relu', ['b'], ['r']),
        node('Mul', ['r', 'one'], ['y']),
      ],
    });
    expect(str(net.layers[0].weights)).toEqual([['-2']]);
    expect(net.layers.map((l) => l.activation)).toEqual(['relu', 'linear']);
    expect(str(net.layers[1].weights)).toEqual([['1']]);
  });
});

describe('ONNX errors are one-line InputErrors', () => {
  it('an unsupported op names the op and the node', () => {
    const path = writeOnnx(
      encode({
        inputs: [valueInfo('x', [1, 1, 4, 4])],
        output: 'y',
        inits: [tensor('k', [1, 1, 2, 2], [1, 1, 1, 1]), tensor('s', [1], [2])],
        nodes: [node('Mul', ['x', 's'], ['m'], 'Mul_0'), node('Conv', ['m', 'k'], ['y'], 'Conv_0')],
      }),
    );
    expect(inputErrorOf(() => loadNetwork(path))).toBe(`${path}: node 1 ("Conv_0"): unsupported op Conv`);
    const unnamed = encode({
      inputs: [valueInfo('x', [2])],
      output: 'y',
      nodes: [node('Sigmoid', ['x'], ['y'])],
    });
    expect(inputErrorOf(() => parseOnnx(unnamed))).toBe('node 0: unsupported op Sigmoid');
  });

  it('unused nodes do not matter, even unsupported ones', () => {
    const net = build({
      inputs: [valueInfo('x', [2])],
      output: 'y',
      nodes: [node('Sigmoid', ['x'], ['unused']), node('Relu', ['x'], ['y'])],
    });
    expect(str(net.layers[0].weights)).toEqual([['1', '0'], ['0', '1']]);
  });

  it('non-affine graphs, division by zero and skip connections are refused', () => {
    const sq = encode({ inputs: [valueInfo('x', [2])], output: 'y', nodes: [node('Mul', ['x', 'x'], ['y'], 'sq')] });
    expect(inputErrorOf(() => parseOnnx(sq))).toMatch(/^node 0 \("sq"\): product of two input-dependent values/);
    const dz = encode({
      inputs: [valueInfo('x', [2])],
      output: 'y',
      inits: [tensor('z', [2], [1, 0])],
      nodes: [node('Div', ['x', 'z'], ['y'])],
    });
    expect(inputErrorOf(() => parseOnnx(dz))).toBe('node 0: division by zero');
    const skip = encode({
      inputs: [valueInfo('x', [2])],
      output: 'y',
      nodes: [node('Relu', ['x'], ['r']), node('Add', ['r', 'x'], ['y'], 'res')],
    });
    expect(inputErrorOf(() => parseOnnx(skip))).toMatch(/^node 1 \("res"\): .*skip connections/);
  });

  it('a bad raw_data length, two real inputs and a missing weight are reported', () => {
    const bad = encode({
      inputs: [valueInfo('x', [2])],
      output: 'y',
      inits: [{ name: 'W', dims: [2, 2], dataType: 1, rawData: new Uint8Array(12) }],
      nodes: [node('MatMul', ['x', 'W'], ['y'])],
    });
    expect(inputErrorOf(() => parseOnnx(bad))).toBe('initializer "W": raw_data has 12 bytes, expected 16 for FLOAT[2,2]');
    const two = encode({ inputs: [valueInfo('x', [2]), valueInfo('z', [2])], output: 'y', nodes: [node('Add', ['x', 'z'], ['y'])] });
    expect(inputErrorOf(() => parseOnnx(two))).toMatch(/exactly one graph input.*"x", "z"/);
    const missing = encode({ inputs: [valueInfo('x', [2])], output: 'y', nodes: [node('MatMul', ['x', 'W'], ['y'], 'mm')] });
    expect(inputErrorOf(() => parseOnnx(missing))).toMatch(/^node 0 \("mm"\): input "W" is not defined/);
  });

  it('truncated, garbage, empty and non-ONNX files are InputErrors naming the file, not crashes', () => {
    const bytes = readFileSync(ACAS);
    for (let cut = 1; cut < bytes.length; cut += 1013) {
      const path = writeOnnx(bytes.subarray(0, cut));
      expect(inputErrorOf(() => loadNetwork(path))).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    }
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) & 0xff;
    for (let k = 0; k < 20; k++) {
      const junk = Uint8Array.from({ length: 50 + 37 * k }, rnd);
      inputErrorOf(() => parseOnnx(junk));
    }
    const empty = writeOnnx(new Uint8Array(0));
    expect(inputErrorOf(() => loadNetwork(empty))).toBe(`${empty}: not a valid ONNX model (no graph)`);
    const json = writeOnnx(new TextEncoder().encode('{"inputSize": 2, "layers": []}'));
    expect(inputErrorOf(() => loadNetwork(json))).toMatch(/not a valid ONNX model/);
    const nofile = join(tmp, 'does-not-exist.onnx');
    expect(inputErrorOf(() => loadNetwork(nofile))).toMatch(/cannot read/);
  });
});
