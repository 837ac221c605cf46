/**
 * ONNX (protobuf) → exact `Network`.
 *
 * The graph is evaluated symbolically over exact rationals: every tensor is either a constant
 * (weights, shapes) or "symbolic", i.e. each element is an affine form over the current basis —
 * the network input, or the outputs of the last ReLU layer. Affine ops (Gemm, MatMul, Add, Sub,
 * Mul, Div, Neg) compose forms exactly; shape ops (Flatten, Reshape, Squeeze, Unsqueeze,
 * Transpose, Gather, Concat, Identity) only rearrange elements, so they are exact whatever
 * they do. A Relu on a symbolic tensor emits one 'relu' layer (its forms are the weights) and
 * starts a new basis; what remains at the graph output becomes a final 'linear' layer unless
 * it is exactly the last ReLU layer's output. Input normalisation (Sub/Div before the first
 * Gemm) thus folds into the first layer with exact rational division.
 *
 * Weights are taken at their exact stored value: float32 (binary32, widened exactly to a
 * double), float64, float16 and bfloat16 all are dyadic rationals. Nothing is rounded.
 */
import { readFileSync } from 'node:fs';
import { div, eq, fromDouble, gcd, neg, rat, toDouble, ONE, ZERO, type Rational } from '../kernel/rational.js';
import { InputError, withPrefix } from '../errors.js';
import { oneLine } from './parse-json.js';
import type { Layer, Network } from './network.js';
import {
  DataType,
  modelProtoType,
  type AttributeProto,
  type GraphProto,
  type Int64,
  type ModelProto,
  type NodeProto,
  type TensorProto,
} from './onnx-proto.js';

// ---------------------------------------------------------------------------------------------
// Rational arithmetic for the conversion. Weights are binary floats, so denominators are nearly
// always powers of two; these reduce such fractions with a bit trick instead of Euclid's gcd
// (which made loading an MNIST-sized network several times slower). Results are reduced
// exactly as rat() would reduce them.

/** gcd(|a|, b) for b > 0; a bit trick when either is a power of two. */
function gcdQ(a: bigint, b: bigint): bigint {
  if (a === 0n) return b;
  if ((b & (b - 1n)) === 0n) {
    const low = a & -a; // the lowest set bit of |a|
    return low < b ? low : b;
  }
  if (a > 0n && (a & (a - 1n)) === 0n) {
    const low = b & -b;
    return low < a ? low : a;
  }
  return gcd(a, b);
}

function mulQ(a: Rational, b: Rational): Rational {
  if (a.n === 0n || b.n === 0n) return ZERO;
  const g1 = gcdQ(a.n, b.d);
  const g2 = gcdQ(b.n, a.d);
  return { n: (a.n / g1) * (b.n / g2), d: (a.d / g2) * (b.d / g1) };
}

/** a + b by Knuth's method (TAOCP 4.5.1): the gcds involve only the denominators. */
function addQ(a: Rational, b: Rational): Rational {
  if (a.n === 0n) return b;
  if (b.n === 0n) return a;
  const g1 = a.d === b.d ? a.d : gcdQ(a.d, b.d);
  const t = a.n * (b.d / g1) + b.n * (a.d / g1);
  if (t === 0n) return ZERO;
  const g2 = gcdQ(t, g1);
  return { n: t / g2, d: (a.d / g1) * (b.d / g2) };
}

/** The exact value of a finite double, reduced (like fromDouble, without a general gcd). */
function fromDoubleQ(x: number): Rational {
  if (Number.isInteger(x)) return { n: BigInt(x), d: 1n };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const exponent = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  if (exponent !== 0) m |= 1n << 52n;
  const d = 1n << BigInt(exponent === 0 ? 1074 : 1075 - exponent); // x is not an integer: d > 1
  const g = gcdQ(m, d);
  return { n: hi >>> 31 === 1 ? -m / g : m / g, d: d / g };
}

// ---------------------------------------------------------------------------------------------
// Values

/** An affine form Σ coef[k]·basis[k] + c (sparse: absent keys are zero). */
interface Form {
  coef: Map<number, Rational>;
  c: Rational;
}

interface ConstTensor {
  kind: 'const';
  shape: number[];
  data: Rational[];
}

interface SymTensor {
  kind: 'sym';
  shape: number[];
  forms: Form[];
  /** Which basis the forms refer to (0 = network input, then one per emitted ReLU layer). */
  basis: number;
  /** Every element is a ReLU output (so another Relu is a no-op). */
  nonneg: boolean;
}

type Tensor = ConstTensor | SymTensor;
type Val = Rational | Form;

/** A name from the file, quoted, clipped and escaped (it may hold anything) for a one-line message. */
const q = (s: string) => oneLine(JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s));

const isForm = (v: Val): v is Form => (v as Form).coef !== undefined;
const isOne = (r: Rational) => r.n === 1n && r.d === 1n;

/** Larger tensors are refused (a corrupt file would otherwise ask for absurd allocations). */
const MAX_ELEMENTS = 1 << 27;
/**
 * Limits on what the conversion builds, as opposed to what the file stores: a declared input shape
 * or a broadcast, Gather or Concat can ask for far more elements than the file holds (a flipped
 * byte in a dimension did: 2^26 inputs filled the memory). Each input-dependent element is an
 * affine form (a Map; 2^18 of them take about 0.2 s, and an ImageNet input of 150528 fits), each
 * constant a rational object.
 */
const MAX_SYMBOLIC = 1 << 18;
const MAX_COMPUTED = 1 << 23;
/**
 * Weights of the emitted layers, all together: a layer is dense, so a Relu right after an
 * elementwise op on 10^6 inputs (a few bytes of file) would be a 10^6 × 10^6 matrix.
 */
const MAX_WEIGHTS = 1 << 25;

/** Refuses a result shape beyond the limits above. */
function checkResult(shape: number[], symbolic: boolean): void {
  const n = numel(shape);
  const max = symbolic ? MAX_SYMBOLIC : MAX_COMPUTED;
  if (!(n <= max)) {
    throw new InputError(`result of shape ${showShape(shape)} has more than ${max} ${symbolic ? 'input-dependent ' : ''}elements`);
  }
}

function numel(shape: number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

function showShape(shape: number[]): string {
  return `[${shape.join(',')}]`;
}

function constForm(r: Rational): Form {
  return { coef: new Map(), c: r };
}

/** Accumulates a linear combination of forms and constants. */
class Acc {
  coef = new Map<number, Rational>();
  c: Rational = ZERO;

  addVal(v: Val, s: Rational): void {
    if (s.n === 0n) return;
    if (!isForm(v)) {
      if (v.n !== 0n) this.c = addQ(this.c, isOne(s) ? v : mulQ(v, s));
      return;
    }
    for (const [k, x] of v.coef) {
      const p = isOne(s) ? x : mulQ(x, s);
      const o = this.coef.get(k);
      this.coef.set(k, o === undefined ? p : addQ(o, p));
    }
    if (v.c.n !== 0n) this.c = addQ(this.c, isOne(s) ? v.c : mulQ(v.c, s));
  }

  form(): Form {
    for (const [k, x] of this.coef) if (x.n === 0n) this.coef.delete(k);
    return { coef: this.coef, c: this.c };
  }
}

function addV(x: Val, y: Val): Val {
  if (!isForm(x) && !isForm(y)) return addQ(x, y);
  const acc = new Acc();
  acc.addVal(x, ONE);
  acc.addVal(y, ONE);
  return acc.form();
}

function scaleV(x: Val, s: Rational): Val {
  if (!isForm(x)) return mulQ(x, s);
  const acc = new Acc();
  acc.addVal(x, s);
  return acc.form();
}

function mulV(x: Val, y: Val): Val {
  if (isForm(x) && isForm(y)) {
    throw new InputError('product of two input-dependent values (not affine)');
  }
  return isForm(x) ? scaleV(x, y as Rational) : scaleV(y, x);
}

function divV(x: Val, y: Val): Val {
  if (isForm(y)) throw new InputError('division by an input-dependent value (not affine)');
  if (y.n === 0n) throw new InputError('division by zero');
  return isForm(x) ? scaleV(x, div(ONE, y)) : div(x, y);
}

function valuesOf(t: Tensor): Val[] {
  return t.kind === 'const' ? t.data : t.forms;
}

/** A tensor from values; symbolic if any value is a form. */
function makeTensor(shape: number[], vals: Val[], basis: number, nonneg = false): Tensor {
  if (vals.every((v) => !isForm(v))) return { kind: 'const', shape, data: vals as Rational[] };
  const forms = vals.map((v) => (isForm(v) ? v : constForm(v)));
  return { kind: 'sym', shape, forms, basis, nonneg };
}

/** Same elements, new shape (row-major order is kept). */
function reshaped(t: Tensor, shape: number[]): Tensor {
  return { ...t, shape };
}

/** Elements picked by flat index (a pure rearrangement). */
function rearranged(t: Tensor, shape: number[], src: ArrayLike<number>): Tensor {
  const vals = valuesOf(t);
  const out = Array.from({ length: src.length }, (_, i) => vals[src[i]]);
  return t.kind === 'const'
    ? { kind: 'const', shape, data: out as Rational[] }
    : { kind: 'sym', shape, forms: out as Form[], basis: t.basis, nonneg: t.nonneg };
}

function strides(shape: number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

function broadcastShape(a: number[], b: number[]): number[] {
  const r = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    const x = a[a.length - r + i] ?? 1;
    const y = b[b.length - r + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new InputError(`shapes ${showShape(a)} and ${showShape(b)} do not broadcast`);
    }
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** For each flat index of `out`, the flat index of the (numpy-)broadcast operand of shape `inp`. */
function broadcastIndex(out: number[], inp: number[]): Int32Array {
  const n = numel(out);
  const idx = new Int32Array(n);
  const r = out.length;
  const inStr = strides(inp);
  const pad = r - inp.length;
  const multi = new Array<number>(r).fill(0);
  for (let f = 0; f < n; f++) {
    let j = 0;
    for (let d = pad; d < r; d++) if (inp[d - pad] !== 1) j += multi[d] * inStr[d - pad];
    idx[f] = j;
    for (let d = r - 1; d >= 0; d--) {
      if (++multi[d] < out[d]) break;
      multi[d] = 0;
    }
  }
  return idx;
}

// ---------------------------------------------------------------------------------------------
// Reading tensors

function int64ToBigInt(v: Int64 | undefined): bigint {
  if (v === undefined) return 0n;
  if (typeof v === 'number') return BigInt(v);
  return BigInt(v.toString()); // protobufjs Long; toString() honours `unsigned`
}

function int64ToNumber(v: Int64 | undefined, place: string): number {
  return bigToNumber(int64ToBigInt(v), place);
}

function bigToNumber(b: bigint, place: string): number {
  if (b > BigInt(Number.MAX_SAFE_INTEGER) || b < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new InputError(`${place}: integer ${b} out of range`);
  }
  return Number(b);
}

function finite(x: number, place: string, i: number): Rational {
  if (!Number.isFinite(x)) throw new InputError(`${place}: element ${i} is not finite (${x})`);
  return fromDoubleQ(x);
}

/** Exact value of an IEEE binary16 bit pattern. */
function fromHalf(bits: number, place: string, i: number): Rational {
  const sign = bits & 0x8000 ? -1n : 1n;
  const e = (bits >> 10) & 0x1f;
  const m = BigInt(bits & 0x3ff);
  if (e === 31) throw new InputError(`${place}: element ${i} is not finite`);
  if (e === 0) return rat(sign * m, 1n << 24n);
  const mant = sign * (m | 0x400n);
  const p = e - 25;
  return p >= 0 ? rat(mant << BigInt(p)) : rat(mant, 1n << BigInt(-p));
}

function fromBfloat16(bits: number, place: string, i: number): Rational {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, (bits & 0xffff) << 16);
  return finite(view.getFloat32(0), place, i);
}

const DTYPE_NAMES: Record<number, string> = {
  0: 'UNDEFINED', 1: 'FLOAT', 2: 'UINT8', 3: 'INT8', 4: 'UINT16', 5: 'INT16', 6: 'INT32', 7: 'INT64',
  8: 'STRING', 9: 'BOOL', 10: 'FLOAT16', 11: 'DOUBLE', 12: 'UINT32', 13: 'UINT64', 14: 'COMPLEX64',
  15: 'COMPLEX128', 16: 'BFLOAT16',
};

const BYTES: Record<number, number> = {
  [DataType.FLOAT]: 4, [DataType.DOUBLE]: 8, [DataType.INT64]: 8, [DataType.UINT64]: 8, [DataType.INT32]: 4,
  [DataType.UINT32]: 4, [DataType.INT16]: 2, [DataType.UINT16]: 2, [DataType.FLOAT16]: 2, [DataType.BFLOAT16]: 2,
  [DataType.INT8]: 1, [DataType.UINT8]: 1, [DataType.BOOL]: 1,
};

/** A TensorProto as an exact constant tensor. `place` names it in errors. */
export function tensorFromProto(t: TensorProto, place: string): { shape: number[]; data: Rational[] } {
  const shape = (t.dims ?? []).map((d, i) => {
    const n = int64ToNumber(d, `${place}: dims[${i}]`);
    if (n < 0) throw new InputError(`${place}: negative dimension ${n}`);
    return n;
  });
  const n = numel(shape);
  if (n > MAX_ELEMENTS) throw new InputError(`${place}: ${showShape(shape)} is too large`);
  const dt = t.dataType ?? 0;
  const dtName = DTYPE_NAMES[dt] ?? String(dt);
  if (t.dataLocation === 1) throw new InputError(`${place}: external data (a separate weights file) is not supported`);
  const width = BYTES[dt];
  if (width === undefined) throw new InputError(`${place}: unsupported tensor data type ${dtName}`);
  const raw = t.rawData;
  if (raw !== undefined && raw.length > 0) {
    if (raw.length !== n * width) {
      throw new InputError(`${place}: raw_data has ${raw.length} bytes, expected ${n * width} for ${dtName}${showShape(shape)}`);
    }
    const data: Rational[] = new Array(n);
    const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < n; i++) {
      const o = i * width;
      switch (dt) {
        case DataType.FLOAT: data[i] = finite(v.getFloat32(o, true), place, i); break;
        case DataType.DOUBLE: data[i] = finite(v.getFloat64(o, true), place, i); break;
        case DataType.INT64: data[i] = rat(v.getBigInt64(o, true)); break;
        case DataType.UINT64: data[i] = rat(v.getBigUint64(o, true)); break;
        case DataType.INT32: data[i] = rat(BigInt(v.getInt32(o, true))); break;
        case DataType.UINT32: data[i] = rat(BigInt(v.getUint32(o, true))); break;
        case DataType.INT16: data[i] = rat(BigInt(v.getInt16(o, true))); break;
        case DataType.UINT16: data[i] = rat(BigInt(v.getUint16(o, true))); break;
        case DataType.INT8: data[i] = rat(BigInt(v.getInt8(o))); break;
        case DataType.UINT8: case DataType.BOOL: data[i] = rat(BigInt(v.getUint8(o))); break;
        case DataType.FLOAT16: data[i] = fromHalf(v.getUint16(o, true), place, i); break;
        default: data[i] = fromBfloat16(v.getUint16(o, true), place, i); break; // BFLOAT16
      }
    }
    return { shape, data };
  }
  // Typed fields: float_data (FLOAT), double_data (DOUBLE), int64_data (INT64), uint64_data
  // (UINT32/UINT64), int32_data (everything narrower, FLOAT16/BFLOAT16 as bit patterns).
  let src: ArrayLike<unknown>;
  let conv: (x: unknown, i: number) => Rational;
  switch (dt) {
    case DataType.FLOAT:
      src = t.floatData ?? [];
      conv = (x, i) => finite(Math.fround(x as number), place, i);
      break;
    case DataType.DOUBLE:
      src = t.doubleData ?? [];
      conv = (x, i) => finite(x as number, place, i);
      break;
    case DataType.INT64:
      src = t.int64Data ?? [];
      conv = (x) => rat(int64ToBigInt(x as Int64));
      break;
    case DataType.UINT32:
    case DataType.UINT64:
      src = t.uint64Data ?? [];
      conv = (x) => rat(int64ToBigInt(x as Int64));
      break;
    case DataType.FLOAT16:
      src = t.int32Data ?? [];
      conv = (x, i) => fromHalf(x as number, place, i);
      break;
    case 16:
      src = t.int32Data ?? [];
      conv = (x, i) => fromBfloat16(x as number, place, i);
      break;
    default:
      src = t.int32Data ?? [];
      conv = (x) => rat(BigInt(x as number));
  }
  if (src.length !== n) {
    throw new InputError(`${place}: ${src.length} values, expected ${n} for ${dtName}${showShape(shape)}`);
  }
  const data: Rational[] = new Array(n);
  for (let i = 0; i < n; i++) data[i] = conv(src[i], i);
  return { shape, data };
}

// ---------------------------------------------------------------------------------------------
// Attributes

function attr(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute?.find((a) => a.name === name);
}

function intAttr(node: NodeProto, name: string, dflt: number): number {
  const a = attr(node, name);
  return a === undefined ? dflt : int64ToNumber(a.i, `attribute ${name}`);
}

function floatAttr(node: NodeProto, name: string, dflt: Rational): Rational {
  const a = attr(node, name);
  if (a === undefined) return dflt;
  return finite(Math.fround(a.f ?? 0), `attribute ${name}`, 0); // attribute floats are binary32
}

function intsAttr(node: NodeProto, name: string): number[] | undefined {
  const a = attr(node, name);
  return a === undefined ? undefined : (a.ints ?? []).map((v, i) => int64ToNumber(v, `attribute ${name}[${i}]`));
}

// ---------------------------------------------------------------------------------------------
// The converter

class Converter {
  private values = new Map<string, Tensor>();
  private layers: Layer[] = [];
  private basis = 0;
  private basisWidth: number;
  private weightCount = 0;

  constructor(input: { name: string; shape: number[] }, initializers: Map<string, ConstTensor>) {
    for (const [k, v] of initializers) this.values.set(k, v);
    const d = numel(input.shape);
    this.basisWidth = d;
    const forms: Form[] = Array.from({ length: d }, (_, i) => ({ coef: new Map([[i, ONE]]), c: ZERO }));
    this.values.set(input.name, { kind: 'sym', shape: input.shape, forms, basis: 0, nonneg: false });
  }

  get(name: string): Tensor {
    const t = this.values.get(name);
    if (t === undefined) {
      throw new InputError(`input ${q(name)} is not defined (no initializer, graph input or earlier node produces it)`);
    }
    if (t.kind === 'sym' && t.basis !== this.basis) {
      throw new InputError(`uses ${q(name)} from before a ReLU layer (skip connections and branches are not supported)`);
    }
    return t;
  }

  optional(node: NodeProto, i: number): Tensor | undefined {
    const name = node.input?.[i];
    return name ? this.get(name) : undefined;
  }

  required(node: NodeProto, i: number): Tensor {
    const name = node.input?.[i];
    if (!name) throw new InputError(`missing input ${i}`);
    return this.get(name);
  }

  constOf(node: NodeProto, i: number, what: string): ConstTensor {
    const t = this.required(node, i);
    if (t.kind !== 'const') throw new InputError(`${what} must be a constant`);
    return t;
  }

  ints(t: ConstTensor, what: string): number[] {
    return t.data.map((r, i) => {
      if (r.d !== 1n) throw new InputError(`${what}[${i}] is not an integer`);
      return bigToNumber(r.n, `${what}[${i}]`);
    });
  }

  set(node: NodeProto, t: Tensor, i = 0): void {
    const name = node.output?.[i];
    if (name) this.values.set(name, t);
  }

  /** Emits the forms of `t` as one layer; the layer's outputs become the new basis. */
  emit(t: SymTensor, activation: 'relu' | 'linear'): void {
    const n = t.forms.length;
    if (n === 0) throw new InputError('empty layer (no neurons)');
    const w = this.basisWidth;
    this.weightCount += n * w;
    if (this.weightCount > MAX_WEIGHTS) {
      throw new InputError(`layer ${this.layers.length} (${n} neurons on ${w} inputs) takes the network beyond ${MAX_WEIGHTS} weights`);
    }
    const weights = t.forms.map((f) => {
      const row = new Array<Rational>(w).fill(ZERO);
      for (const [k, x] of f.coef) row[k] = x;
      return row;
    });
    this.layers.push({ weights, bias: t.forms.map((f) => f.c), activation });
    this.basis++;
    this.basisWidth = n;
  }

  private relu(t: Tensor): Tensor {
    if (t.kind === 'const') return { ...t, data: t.data.map((r) => (r.n > 0n ? r : ZERO)) };
    if (t.nonneg) return t;
    this.emit(t, 'relu');
    const forms: Form[] = t.forms.map((_, i) => ({ coef: new Map([[i, ONE]]), c: ZERO }));
    return { kind: 'sym', shape: t.shape, forms, basis: this.basis, nonneg: true };
  }

  private elementwise(a: Tensor, b: Tensor, f: (x: Val, y: Val) => Val): Tensor {
    const shape = broadcastShape(a.shape, b.shape);
    checkResult(shape, a.kind === 'sym' || b.kind === 'sym');
    const ia = broadcastIndex(shape, a.shape);
    const ib = broadcastIndex(shape, b.shape);
    const va = valuesOf(a);
    const vb = valuesOf(b);
    const out = Array.from({ length: ia.length }, (_, i) => f(va[ia[i]], vb[ib[i]]));
    return makeTensor(shape, out, this.basis);
  }

  /** numpy.matmul: 1-D operands are promoted and the added axis removed again. */
  private matmul(a: Tensor, b: Tensor): Tensor {
    if (a.kind === 'sym' && b.kind === 'sym') throw new InputError('product of two input-dependent values (not affine)');
    if (a.shape.length === 0 || b.shape.length === 0) throw new InputError('MatMul of a scalar');
    const as = a.shape.length === 1 ? [1, a.shape[0]] : a.shape;
    const bs = b.shape.length === 1 ? [b.shape[0], 1] : b.shape;
    const [M, K] = as.slice(-2);
    const [K2, N] = bs.slice(-2);
    if (K !== K2) throw new InputError(`MatMul shapes ${showShape(a.shape)} and ${showShape(b.shape)} do not match`);
    const batch = broadcastShape(as.slice(0, -2), bs.slice(0, -2));
    checkResult([...batch, M, N], a.kind === 'sym' || b.kind === 'sym');
    const ia = broadcastIndex(batch, as.slice(0, -2));
    const ib = broadcastIndex(batch, bs.slice(0, -2));
    const va = valuesOf(a);
    const vb = valuesOf(b);
    const out: Val[] = [];
    for (let p = 0; p < ia.length; p++) {
      const oa = ia[p] * M * K;
      const ob = ib[p] * K * N;
      for (let i = 0; i < M; i++) {
        for (let j = 0; j < N; j++) {
          if (a.kind === 'const' && b.kind === 'const') {
            let s = ZERO;
            for (let k = 0; k < K; k++) s = addQ(s, mulQ(a.data[oa + i * K + k], b.data[ob + k * N + j]));
            out.push(s);
          } else {
            const acc = new Acc();
            for (let k = 0; k < K; k++) {
              const x = va[oa + i * K + k];
              const y = vb[ob + k * N + j];
              if (isForm(x)) acc.addVal(x, y as Rational);
              else acc.addVal(y, x);
            }
            out.push(acc.form());
          }
        }
      }
    }
    const shape = [...batch];
    if (a.shape.length !== 1) shape.push(M);
    if (b.shape.length !== 1) shape.push(N);
    return makeTensor(shape, out, this.basis);
  }

  private transpose(t: Tensor, perm: number[]): Tensor {
    const r = t.shape.length;
    if (perm.length !== r || [...perm].sort((x, y) => x - y).some((p, i) => p !== i)) {
      throw new InputError(`perm ${showShape(perm)} is not a permutation of the ${r} axes`);
    }
    const shape = perm.map((p) => t.shape[p]);
    const inStr = strides(t.shape);
    const n = numel(shape);
    const src = new Int32Array(n);
    const multi = new Array<number>(r).fill(0);
    for (let f = 0; f < n; f++) {
      let j = 0;
      for (let d = 0; d < r; d++) j += multi[d] * inStr[perm[d]];
      src[f] = j;
      for (let d = r - 1; d >= 0; d--) {
        if (++multi[d] < shape[d]) break;
        multi[d] = 0;
      }
    }
    return rearranged(t, shape, src);
  }

  private axis(a: number, rank: number, what = 'axis'): number {
    const x = a < 0 ? a + rank : a;
    if (x < 0 || x >= rank) throw new InputError(`${what} ${a} out of range for rank ${rank}`);
    return x;
  }

  /** Old-style (opset < 7) broadcasting: B's axes are aligned with A's starting at `axis`. */
  private legacyAligned(node: NodeProto, a: Tensor, b: Tensor): Tensor {
    const ax = attr(node, 'axis');
    if (intAttr(node, 'broadcast', 0) !== 1 || ax === undefined || b.shape.length >= a.shape.length) return b;
    const start = this.axis(int64ToNumber(ax.i, 'attribute axis'), a.shape.length);
    const shape = [...b.shape, ...new Array<number>(a.shape.length - start - b.shape.length).fill(1)];
    return reshaped(b, shape);
  }

  run(node: NodeProto): void {
    const op = node.opType ?? '';
    switch (op) {
      case 'Identity':
        this.set(node, this.required(node, 0));
        return;
      case 'Dropout': {
        // Inference mode: the identity (the optional mask output is not produced).
        const training = this.optional(node, 2);
        if (training !== undefined && (training.kind !== 'const' || training.data.some((x) => x.n !== 0n))) {
          throw new InputError('Dropout in training mode');
        }
        this.set(node, this.required(node, 0));
        return;
      }
      case 'Relu':
        this.set(node, this.relu(this.required(node, 0)));
        return;
      case 'Add':
      case 'Sub':
      case 'Mul':
      case 'Div': {
        const a = this.required(node, 0);
        const b = this.legacyAligned(node, a, this.required(node, 1));
        const f =
          op === 'Add' ? addV
          : op === 'Sub' ? (x: Val, y: Val) => addV(x, scaleV(y, neg(ONE)))
          : op === 'Mul' ? mulV
          : divV;
        this.set(node, this.elementwise(a, b, f));
        return;
      }
      case 'Neg': {
        const a = this.required(node, 0);
        const vals = valuesOf(a).map((v) => scaleV(v, neg(ONE)));
        this.set(node, makeTensor(a.shape, vals, this.basis));
        return;
      }
      case 'MatMul':
        this.set(node, this.matmul(this.required(node, 0), this.required(node, 1)));
        return;
      case 'Gemm': {
        let a = this.required(node, 0);
        let b = this.required(node, 1);
        if (a.shape.length !== 2 || b.shape.length !== 2) {
          throw new InputError(`Gemm needs 2-D operands, got ${showShape(a.shape)} and ${showShape(b.shape)}`);
        }
        if (intAttr(node, 'transA', 0)) a = this.transpose(a, [1, 0]);
        if (intAttr(node, 'transB', 0)) b = this.transpose(b, [1, 0]);
        const alpha = floatAttr(node, 'alpha', ONE);
        const beta = floatAttr(node, 'beta', ONE);
        // Scale whichever operand is constant (cheaper than scaling the product).
        if (!isOne(alpha)) {
          if (b.kind === 'const') b = { ...b, data: b.data.map((x) => mulQ(x, alpha)) };
          else a = makeTensor(a.shape, valuesOf(a).map((v) => scaleV(v, alpha)), this.basis);
        }
        let y = this.matmul(a, b);
        const c = this.optional(node, 2);
        if (c !== undefined && beta.n !== 0n) {
          const cs = isOne(beta) ? c : makeTensor(c.shape, valuesOf(c).map((v) => scaleV(v, beta)), this.basis);
          y = this.elementwise(y, cs, addV);
          if (y.shape.length !== 2) throw new InputError(`Gemm bias of shape ${showShape(c.shape)} does not fit`);
        }
        this.set(node, y);
        return;
      }
      case 'Flatten': {
        const t = this.required(node, 0);
        const r = t.shape.length;
        let ax = intAttr(node, 'axis', 1);
        if (ax < 0) ax += r;
        if (ax < 0 || ax > r) throw new InputError(`axis ${intAttr(node, 'axis', 1)} out of range for rank ${r}`);
        this.set(node, reshaped(t, [numel(t.shape.slice(0, ax)), numel(t.shape.slice(ax))]));
        return;
      }
      case 'Reshape': {
        const t = this.required(node, 0);
        const spec = node.input?.[1]
          ? this.ints(this.constOf(node, 1, 'the target shape'), 'shape')
          : (intsAttr(node, 'shape') ?? []); // opset 1-4: an attribute
        const allowZero = intAttr(node, 'allowzero', 0) === 1;
        const shape = spec.map((s, i) => (s === 0 && !allowZero ? (t.shape[i] ?? NaN) : s));
        const unknown = shape.filter((s) => s === -1).length;
        if (unknown > 1 || shape.some((s) => Number.isNaN(s) || s < -1)) {
          throw new InputError(`invalid target shape ${showShape(spec)}`);
        }
        const n = numel(t.shape);
        if (unknown === 1) {
          const rest = numel(shape.filter((s) => s !== -1));
          if (rest === 0 || n % rest !== 0) throw new InputError(`cannot reshape ${showShape(t.shape)} to ${showShape(spec)}`);
          shape[shape.indexOf(-1)] = n / rest;
        }
        if (numel(shape) !== n) throw new InputError(`cannot reshape ${showShape(t.shape)} to ${showShape(spec)}`);
        this.set(node, reshaped(t, shape));
        return;
      }
      case 'Squeeze':
      case 'Unsqueeze': {
        const t = this.required(node, 0);
        const axes = node.input?.[1] ? this.ints(this.constOf(node, 1, 'axes'), 'axes') : intsAttr(node, 'axes');
        if (op === 'Squeeze') {
          const r = t.shape.length;
          const drop = new Set((axes ?? t.shape.flatMap((s, i) => (s === 1 ? [i] : []))).map((a) => this.axis(a, r)));
          for (const a of drop) if (t.shape[a] !== 1) throw new InputError(`cannot squeeze axis ${a} of size ${t.shape[a]}`);
          this.set(node, reshaped(t, t.shape.filter((_, i) => !drop.has(i))));
        } else {
          if (axes === undefined) throw new InputError('Unsqueeze without axes');
          const r = t.shape.length + axes.length;
          const ins = new Set(axes.map((a) => this.axis(a, r)));
          const shape: number[] = [];
          let k = 0;
          for (let i = 0; i < r; i++) shape.push(ins.has(i) ? 1 : t.shape[k++]);
          this.set(node, reshaped(t, shape));
        }
        return;
      }
      case 'Transpose': {
        const t = this.required(node, 0);
        const perm = intsAttr(node, 'perm') ?? t.shape.map((_, i) => t.shape.length - 1 - i);
        this.set(node, this.transpose(t, perm));
        return;
      }
      case 'Constant': {
        const a = node.attribute?.[0];
        if (a === undefined) throw new InputError('Constant without a value');
        let t: ConstTensor;
        switch (a.name) {
          case 'value': {
            const c = tensorFromProto(a.t ?? {}, 'value');
            t = { kind: 'const', ...c };
            break;
          }
          case 'value_float':
            t = { kind: 'const', shape: [], data: [finite(Math.fround(a.f ?? 0), 'value_float', 0)] };
            break;
          case 'value_floats':
            t = { kind: 'const', shape: [a.floats?.length ?? 0], data: (a.floats ?? []).map((x, i) => finite(Math.fround(x), 'value_floats', i)) };
            break;
          case 'value_int':
            t = { kind: 'const', shape: [], data: [rat(int64ToBigInt(a.i))] };
            break;
          case 'value_ints':
            t = { kind: 'const', shape: [a.ints?.length ?? 0], data: (a.ints ?? []).map((x) => rat(int64ToBigInt(x))) };
            break;
          default:
            throw new InputError(`Constant with unsupported attribute ${q(a.name ?? '')}`);
        }
        this.set(node, t);
        return;
      }
      case 'Shape': {
        const t = this.required(node, 0);
        const r = t.shape.length;
        const clamp = (x: number) => Math.min(Math.max(x < 0 ? x + r : x, 0), r);
        const dims = t.shape.slice(clamp(intAttr(node, 'start', 0)), clamp(intAttr(node, 'end', r)));
        this.set(node, { kind: 'const', shape: [dims.length], data: dims.map((d) => rat(BigInt(d))) });
        return;
      }
      case 'Gather': {
        const t = this.required(node, 0);
        const ind = this.constOf(node, 1, 'the indices');
        const r = t.shape.length;
        const ax = this.axis(intAttr(node, 'axis', 0), r);
        const size = t.shape[ax];
        const idx = this.ints(ind, 'indices').map((i) => {
          if (i < -size || i >= size) throw new InputError(`index ${i} out of range for axis of size ${size}`);
          return i < 0 ? i + size : i;
        });
        const outer = numel(t.shape.slice(0, ax));
        const inner = numel(t.shape.slice(ax + 1));
        checkResult([outer, idx.length, inner], t.kind === 'sym');
        const src: number[] = [];
        for (let o = 0; o < outer; o++) for (const i of idx) for (let k = 0; k < inner; k++) src.push((o * size + i) * inner + k);
        this.set(node, rearranged(t, [...t.shape.slice(0, ax), ...ind.shape, ...t.shape.slice(ax + 1)], src));
        return;
      }
      case 'Concat': {
        const ts = (node.input ?? []).filter((n) => n).map((n) => this.get(n));
        if (ts.length === 0) throw new InputError('Concat without inputs');
        const r = ts[0].shape.length;
        const ax = this.axis(intAttr(node, 'axis', 0), r);
        for (const t of ts) {
          if (t.shape.length !== r || t.shape.some((s, i) => i !== ax && s !== ts[0].shape[i])) {
            throw new InputError(`cannot concatenate shapes ${ts.map((x) => showShape(x.shape)).join(' and ')}`);
          }
        }
        const outer = numel(ts[0].shape.slice(0, ax));
        checkResult([outer, ts.reduce((s, t) => s + numel(t.shape.slice(ax)), 0)], ts.some((t) => t.kind === 'sym'));
        const vals: Val[] = [];
        for (let o = 0; o < outer; o++) {
          for (const t of ts) {
            const chunk = numel(t.shape.slice(ax));
            const v = valuesOf(t);
            for (let k = 0; k < chunk; k++) vals.push(v[o * chunk + k]);
          }
        }
        const shape = [...ts[0].shape];
        shape[ax] = ts.reduce((s, t) => s + t.shape[ax], 0);
        const nonneg = ts.every((t) => t.kind === 'sym' && t.nonneg);
        this.set(node, makeTensor(shape, vals, this.basis, nonneg));
        return;
      }
      case 'Cast': {
        const t = this.required(node, 0);
        const to = intAttr(node, 'to', 0);
        const target = DTYPE_NAMES[to] ?? String(to);
        const isFloat = to === DataType.FLOAT || to === DataType.DOUBLE || to === DataType.FLOAT16 || to === 16;
        if (t.kind === 'sym') {
          // Exact real arithmetic throughout: a cast between float types changes nothing here.
          if (!isFloat) throw new InputError(`Cast of an input-dependent value to ${target}`);
        } else {
          // Constants: only casts that keep every value are taken; anything that would round is refused.
          const keeps = (x: Rational): boolean => {
            if (to === DataType.DOUBLE) return eq(fromDouble(toDouble(x)), x);
            if (to === DataType.FLOAT) return eq(fromDouble(Math.fround(toDouble(x))), x);
            if (isFloat) return x.d === 1n && x.n >= -2048n && x.n <= 2048n; // exact in binary16 and bfloat16
            return x.d === 1n && (to !== DataType.BOOL || x.n === 0n || x.n === 1n);
          };
          if (!t.data.every(keeps)) throw new InputError(`Cast of constants to ${target} would change their values`);
        }
        this.set(node, t);
        return;
      }
      default: {
        const dom = node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.` : '';
        throw new InputError(`unsupported op ${/^[\w.]+$/.test(dom + op) ? dom + op : q(dom + op)}`);
      }
    }
  }

  /** The network whose output is the tensor `name`. */
  finish(name: string, inputSize: number): Network {
    const t = this.values.get(name);
    if (t === undefined) throw new InputError(`graph output ${q(name)} is not produced by any node`);
    if (t.kind === 'const') throw new InputError(`graph output ${q(name)} does not depend on the input`);
    if (t.basis !== this.basis) throw new InputError(`graph output ${q(name)} is from before the last ReLU layer`);
    // No trailing layer only when the output *is* the last ReLU layer's output (possibly
    // reshaped); any affine op after it, even one that computes the identity, gets its layer.
    const identity =
      t.nonneg &&
      t.forms.length === this.basisWidth &&
      t.forms.every((f, i) => f.c.n === 0n && f.coef.size === 1 && isOne(f.coef.get(i) ?? ZERO));
    if (!(identity && this.layers.length > 0)) this.emit(t, 'linear');
    return { inputSize, layers: this.layers };
  }
}

// ---------------------------------------------------------------------------------------------
// Entry points

/** Decodes the protobuf bytes of an ONNX model (an InputError, not a crash, on garbage). */
export function decodeOnnxModel(bytes: Uint8Array): ModelProto {
  let m: ModelProto;
  try {
    m = modelProtoType().decode(bytes) as unknown as ModelProto;
  } catch (e) {
    const reason = oneLine((e instanceof Error ? e.message : String(e)).split('\n')[0]);
    throw new InputError(`not a valid ONNX model (protobuf decoding failed: ${reason})`);
  }
  if (!m.graph) throw new InputError('not a valid ONNX model (no graph)');
  return m;
}

/** The shape of the one real graph input (a dynamic leading batch dimension counts as 1). */
function inputShape(g: GraphProto, name: string): number[] {
  const vi = g.input?.find((v) => v.name === name);
  const dims = vi?.type?.tensorType?.shape?.dim;
  if (!vi?.type?.tensorType?.shape || dims === undefined) throw new InputError(`input ${q(name)}: no shape given`);
  return dims.map((d, i) => {
    const n = d.dimValue !== undefined && d.dimValue !== null ? int64ToNumber(d.dimValue, `input ${q(name)}`) : 0;
    if (n > 0) return n;
    if (i === 0) return 1; // batch dimension ("N", "batch_size", 0 or -1)
    throw new InputError(`input ${q(name)}: dimension ${i} has no fixed size${d.dimParam ? ` (${q(d.dimParam)})` : ''}`);
  });
}

function nodePlace(i: number, node: NodeProto): string {
  return node.name ? `node ${i} (${q(node.name)})` : `node ${i}`;
}

/** Converts a decoded ONNX model into an exact network. */
export function onnxModelToNetwork(model: ModelProto): Network {
  const g = model.graph;
  if (!g) throw new InputError('not a valid ONNX model (no graph)');
  const initializers = new Map<string, ConstTensor>();
  for (const [i, t] of (g.initializer ?? []).entries()) {
    const place = t.name ? `initializer ${q(t.name)}` : `initializer #${i}`;
    initializers.set(t.name ?? '', { kind: 'const', ...tensorFromProto(t, place) });
  }
  // Old exporters (MATLAB, early PyTorch) also list every weight as a graph input.
  const real = (g.input ?? []).filter((v) => !initializers.has(v.name ?? ''));
  if (real.length !== 1) {
    const names = real.slice(0, 5).map((v) => q(v.name ?? '')).join(', ') + (real.length > 5 ? ', ...' : '');
    throw new InputError(`expected exactly one graph input (besides initializers), found ${real.length}${names ? `: ${names}` : ''}`);
  }
  const outs = g.output ?? [];
  if (outs.length !== 1) throw new InputError(`expected exactly one graph output, found ${outs.length}`);
  const inputName = real[0].name ?? '';
  const shape = inputShape(g, inputName);
  const inputSize = numel(shape);
  if (inputSize === 0 || !(inputSize <= MAX_SYMBOLIC)) {
    throw new InputError(`input ${q(inputName)}: shape ${showShape(shape)} is not a usable input size (at most ${MAX_SYMBOLIC} elements)`);
  }

  // Only the nodes the output depends on are converted (so unused side branches do not matter).
  const nodes = g.node ?? [];
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => n.output?.forEach((o) => o && producer.set(o, i)));
  const live = new Set<number>();
  const stack = [outs[0].name ?? ''];
  while (stack.length > 0) {
    const p = producer.get(stack.pop()!);
    if (p === undefined || live.has(p)) continue;
    live.add(p);
    for (const inp of nodes[p].input ?? []) if (inp) stack.push(inp);
  }

  const conv = new Converter({ name: inputName, shape }, initializers);
  nodes.forEach((node, i) => {
    if (live.has(i)) withPrefix(nodePlace(i, node), () => conv.run(node));
  });
  return conv.finish(outs[0].name ?? '', inputSize);
}

/** Parses ONNX bytes into an exact network. Errors are one-line InputErrors (without the file name). */
export function parseOnnx(bytes: Uint8Array): Network {
  return onnxModelToNetwork(decodeOnnxModel(bytes));
}

/** Reads and parses an .onnx file; errors start with the path. */
export function loadOnnxNetwork(path: string): Network {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new InputError(`${path}: cannot read: ${reason}`);
  }
  return withPrefix(path, () => parseOnnx(bytes));
}
