/**
 * A small bound-propagation engine to test with the oracle: interval arithmetic over the
 * network's layers, answering the protocol's `range` requests (docs/oracle-protocol.md) with a
 * lower and an upper bound on one output over a box.
 *
 * - sound (default): doubles with outward rounding: every input, weight and intermediate result
 *   is widened to the neighbouring doubles (round-to-nearest is off by at most half an ulp per
 *   operation, and the exact "p/q" of a weight or box bound by at most two), so the exact range
 *   is always inside the answer;
 * - bug 'drop-bias': the same, but forgets the biases (a real class of bug);
 * - float32: rounds everything to float32 to nearest, no widening (how many fast float engines
 *   work): usually close, but its bounds can exclude the exact minimum or maximum.
 */

export interface RangeRequest {
  id?: number | string;
  query: 'range';
  network: { inputSize: number; layers: { weights: string[][]; bias: string[]; activation?: string }[] };
  domain: { kind: 'box'; lo: string[]; hi: string[] };
  output: number;
}
export interface RangeAnswer {
  id?: number | string;
  lower: number;
  upper: number;
}

export interface EngineOptions {
  bug?: 'drop-bias';
  float32?: boolean;
}

const view = new DataView(new ArrayBuffer(8));
/** The next double towards +inf (x finite). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, x > 0 ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}
const nextDown = (x: number): number => -nextUp(-x);

type Interval = [number, number];

/** A "p/q" or decimal string as an interval of doubles around its exact value. */
function parse(s: string, widen: boolean): Interval {
  const [p, q = '1'] = s.split('/');
  const v = Number(p) / Number(q); // at most about two roundings away from p/q
  return widen ? [nextDown(nextDown(v)), nextUp(nextUp(v))] : [v, v];
}

export function intervalEngine(options: EngineOptions = {}): (request: RangeRequest) => RangeAnswer {
  const round = options.float32 ? Math.fround : (x: number) => x;
  const widen = !options.float32;
  const lo = (x: number) => (widen ? nextDown(x) : round(x));
  const hi = (x: number) => (widen ? nextUp(x) : round(x));
  const mul = (a: Interval, b: Interval): Interval => {
    const ps = [a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]];
    return [lo(Math.min(...ps)), hi(Math.max(...ps))];
  };
  const add = (a: Interval, b: Interval): Interval => [lo(a[0] + b[0]), hi(a[1] + b[1])];
  const num = (s: string): Interval => parse(s, widen).map(round) as Interval;

  return (request) => {
    let x: Interval[] = request.domain.lo.map((l, i) => [num(l)[0], num(request.domain.hi[i])[1]]);
    for (const layer of request.network.layers) {
      x = layer.weights.map((row, j) => {
        let s: Interval = options.bug === 'drop-bias' ? [0, 0] : num(layer.bias[j]);
        row.forEach((w, i) => (s = add(s, mul(num(w), x[i]))));
        return (layer.activation ?? 'relu') === 'relu' ? [Math.max(0, s[0]), Math.max(0, s[1])] : s;
      });
    }
    const [lower, upper] = x[request.output];
    return { id: request.id, lower, upper };
  };
}
