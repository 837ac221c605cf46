import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, cmp, rat, toString, type Rational } from '../src/kernel/rational.js';
import type { Network } from '../src/network/network.js';
import { networkArb } from '../src/testing/arbitraries.js';
import { outputRange } from '../src/verify/region-queries.js';
import { verifyProperty } from '../src/verify/verify.js';
import { parseVnnlib } from '../src/verify/vnnlib.js';
import { box, layer, net, sawtooth } from './helpers/nets.js';

/** A property over the box [-1,1]^d whose unsafe set is "Y_k >= t" (t exact, as p/q via a decimal-free form). */
function atLeast(d: number, outputs: number, k: number, t: Rational, lo = '-1', hi = '1'): string {
  const lines: string[] = [];
  for (let i = 0; i < d; i++) lines.push(`(declare-const X_${i} Real)`);
  for (let j = 0; j < outputs; j++) lines.push(`(declare-const Y_${j} Real)`);
  for (let i = 0; i < d; i++) lines.push(`(assert (>= X_${i} ${lo}))`, `(assert (<= X_${i} ${hi}))`);
  // t = n/d exactly: d·Y_k >= n is not VNN-LIB, so use a decimal only when exact; else scale via a rational-free form
  lines.push(`(assert (>= Y_${k} ${decimal(t)}))`);
  return lines.join('\n');
}

function decimal(t: Rational): string {
  // every dyadic or decimal rational has a finite decimal expansion; the tests only use such t
  let den = t.d;
  let twos = 0;
  let fives = 0;
  while (den % 2n === 0n) (den /= 2n), twos++;
  while (den % 5n === 0n) (den /= 5n), fives++;
  if (den !== 1n) throw new Error('not a finite decimal');
  const digits = Math.max(twos, fives);
  const scaled = (t.n * 10n ** BigInt(digits)) / t.d;
  const s = (scaled < 0n ? -scaled : scaled).toString().padStart(digits + 1, '0');
  return `${scaled < 0n ? '-' : ''}${s.slice(0, s.length - digits)}${digits ? '.' + s.slice(s.length - digits) : ''}`;
}

const verdict = async (n: Network, text: string) => verifyProperty(n, parseVnnlib(text));

describe('verify: exact verdicts', () => {
  it("Telgarsky's sawtooth reaches 1 but nothing above it on [0,1]", async () => {
    const n = sawtooth(4);
    expect((await verdict(n, atLeast(1, 1, 0, rat(1n), '0', '1'))).result).toBe('sat');
    const above = await verdict(n, atLeast(1, 1, 0, rat(1000001n, 1000000n), '0', '1'));
    expect(above.result).toBe('unsat');
  });

  it('a sat verdict carries an exact counterexample that the forward pass confirms', async () => {
    const n = net(2, layer([[1, -1], [1, 1]], [0, '-1/3']), layer([[1, 1]], [0], 'linear'));
    const v = await verdict(n, atLeast(2, 1, 0, rat(3n, 2n)));
    expect(v.result).toBe('sat');
    if (v.result !== 'sat') return;
    expect(cmp(v.y[0], rat(3n, 2n))).toBeGreaterThanOrEqual(0);
  });

  it('agrees with the exact range: Y_0 >= t is sat iff t <= max Y_0', async () => {
    await fc.assert(
      fc.asyncProperty(
        networkArb({ inputSize: 2, widths: [4, 3, 1], weights: 'float32', lastLayer: 'linear' }),
        fc.integer({ min: -2, max: 2 }),
        async (n, offset) => {
          const { max } = await outputRange(n, [rat(1n)], box(-1, 1, 2));
          // thresholds just above, at, and just below the exact maximum (dyadic, so finite decimals)
          const t = add(max.value, rat(BigInt(offset), 1n << 40n));
          const dyadic = rat((t.n << 60n) / t.d, 1n << 60n); // round down to a dyadic
          const v = await verdict(n, atLeast(2, 1, 0, dyadic));
          expect(v.result).toBe(cmp(dyadic, max.value) <= 0 ? 'sat' : 'unsat');
          if (v.result === 'sat') expect(cmp(v.y[0], dyadic) >= 0).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('stops with unknown when the timeout is hit', async () => {
    const n = sawtooth(10);
    const v = await verifyProperty(n, parseVnnlib(atLeast(1, 1, 0, rat(2n), '0', '1')), { timeoutSeconds: 0 });
    expect(v.result).toBe('unknown');
  });

  it('rejects a property whose sizes do not match the network', async () => {
    await expect(verdict(sawtooth(2), atLeast(2, 1, 0, rat(1n)))).rejects.toThrow(/2 inputs/);
  });

  it('prints thresholds as exact decimals', () => {
    expect(decimal(rat(3n, 8n))).toBe('0.375');
    expect(toString(rat(3n, 8n))).toBe('3/8');
  });
});

describe('verify: pinned inputs', () => {
  const n = net(2, layer([[1, -1], [1, 1]], [0, '-1/3']), layer([[1, 1]], [0], 'linear'));
  const prop = (x1: string, t: string) =>
    parseVnnlib(`(declare-const X_0 Real)(declare-const X_1 Real)(declare-const Y_0 Real)
      (assert (>= X_0 -1))(assert (<= X_0 1))(assert (>= X_1 ${x1}))(assert (<= X_1 ${x1}))(assert (>= Y_0 ${t}))`);
  it('folds an input fixed by lo = hi into the first layer', async () => {
    // X_1 = 1/2: y = ReLU(x - 1/2) + ReLU(x + 1/6), max at x = 1: 1/2 + 7/6 = 5/3
    const sat = await verifyProperty(n, prop('0.5', '1.66'));
    expect(sat.result).toBe('sat');
    if (sat.result === 'sat') expect(toString(sat.x[1])).toBe('1/2');
    expect((await verifyProperty(n, prop('0.5', '1.67'))).result).toBe('unsat');
  });
  it('decides a single point by the forward pass', async () => {
    const single = parseVnnlib(`(declare-const X_0 Real)(declare-const Y_0 Real)(assert (>= X_0 0.25))(assert (<= X_0 0.25))(assert (<= Y_0 0))`);
    expect((await verifyProperty(net(1, layer([[1]], ['-1/4'])), single)).result).toBe('sat');
    expect((await verifyProperty(net(1, layer([[1]], ['-1/4']), layer([[1]], [1], 'linear')), single)).result).toBe('unsat');
  });
});
