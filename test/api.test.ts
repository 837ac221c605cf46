/**
 * The library API (src/api/): inputs in every exact form, Fractions out, known answers,
 * certificates that check, partial answers when stopped, one-line InputErrors naming the place.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkCertificate,
  countRegions,
  equivalence,
  Fraction,
  InputError,
  injectivity,
  lipschitzConstant,
  monotonicity,
  NoAnswerError,
  outputRange,
  toRational,
  verify,
} from '../src/index.js';
import { shared } from './helpers/cli.js';

// y = relu(x0 - x1) - relu(x1) + 1/3 on [-1,1]^2: range [-2/3, 7/3], 4 regions, L∞ = 3
const net = {
  inputSize: 2,
  layers: [
    { weights: [[1, -1], [0, 1]], bias: [0, 0] },
    { weights: [[1, -1]], bias: ['1/3'], activation: 'linear' },
  ],
};
const f = (s: string) => new Fraction(s);
const vnn = (unsafe: string) =>
  `(declare-const X_0 Real)(declare-const X_1 Real)(declare-const Y_0 Real)(assert (>= X_0 -1))(assert (<= X_0 1))(assert (>= X_1 -1))(assert (<= X_1 1))${unsafe}`;

describe('exact numbers at the edge', () => {
  it('numbers are their exact binary64 value, strings exact, Fractions and bigints as they are', () => {
    expect(toRational(0.1, 'x')).toEqual({ n: 3602879701896397n, d: 36028797018963968n });
    expect(toRational('0.1', 'x')).toEqual({ n: 1n, d: 10n });
    expect(toRational(new Fraction(-2, 6), 'x')).toEqual({ n: -1n, d: 3n });
    expect(toRational(5n, 'x')).toEqual({ n: 5n, d: 1n });
    expect(() => toRational('1/0', 'w[0]')).toThrow(/^w\[0\]: not an exact number: "1\/0"/);
    expect(() => toRational(NaN, 'w[1]')).toThrow(InputError);
  });

  it('the same network from numbers, strings, Fractions and bigints gives the same exact range', async () => {
    const forms = [
      net,
      { ...net, layers: [{ weights: [['1', '-1'], ['0', '1']], bias: ['0', '0'] }, { weights: [[1n, -1n]], bias: [new Fraction(1, 3)], activation: 'linear' }] },
    ];
    for (const n of forms) {
      const r = await outputRange(n, { output: 0 });
      expect(r.min.value.equals(f('-2/3'))).toBe(true);
      expect(r.max.value.equals(f('7/3'))).toBe(true);
    }
  });

  it('0.1 as a number is not 1/10: the range moves by the difference', async () => {
    const one = (b: number | string) => ({ inputSize: 1, layers: [{ weights: [[0]], bias: [b], activation: 'linear' }] });
    const a = await outputRange(one(0.1), { output: 0 });
    const b = await outputRange(one('0.1'), { output: 0 });
    expect(a.max.value.toFraction()).toBe('3602879701896397/36028797018963968');
    expect(b.max.value.toFraction()).toBe('1/10');
  });
});

describe('every query: known answers, Fractions, certificates', () => {
  it('outputRange: min, max, points, certificate checked independently', async () => {
    const r = await outputRange(net, { output: 0, domain: { kind: 'box', lo: [-1, -1], hi: [1, 1] }, certificate: true });
    expect(r.min.value).toBeInstanceOf(Fraction);
    expect([r.min.value.toFraction(), r.max.value.toFraction()]).toEqual(['-2/3', '7/3']);
    expect(r.max.point.map((v) => v.toFraction())).toEqual(['1', '-1']);
    expect(r.partial).toBe(false);
    expect(checkCertificate(net, r.certificate!)).toMatchObject({ valid: true, kind: 'range' });
    const c = checkCertificate(net, r.certificate!);
    expect(c.valid && (c.max as Fraction).equals(f('7/3'))).toBe(true);
    const objective = await outputRange(net, { objective: ['-1/2'], domain: '-1,1' });
    expect(objective.max.value.toFraction()).toBe('1/3');
  });

  it('outputRange: unbounded on the whole space rejects with NoAnswerError; bad options name the place', async () => {
    await expect(outputRange(net, { output: 0, domain: { kind: 'whole' } })).rejects.toBeInstanceOf(NoAnswerError);
    await expect(outputRange(net, { output: 3 })).rejects.toThrow(/^output: expected an index 0..0, got 3/);
    await expect(outputRange(net, {})).rejects.toThrow(/give one of output or objective/);
    await expect(outputRange({ inputSize: 2, layers: [{ weights: [[1, 2, 3]], bias: [0] }] }, { output: 0 })).rejects.toThrow(/^network: layers\[0\]\.weights\[0\]: 3 entries, expected 2/);
    await expect(outputRange(net, { output: 0, domain: { kind: 'box', lo: [0, 0], hi: [1] } })).rejects.toThrow(/^domain: hi: 1 entries, expected 2/);
  });

  it('verify: unsat with a certificate, sat with an exact counterexample (re-evaluated)', async () => {
    const holds = await verify(net, vnn('(assert (<= Y_0 -1))'), { certificate: true });
    expect(holds.result).toBe('unsat');
    expect(checkCertificate(net, holds.certificate!, { property: vnn('(assert (<= Y_0 -1))') })).toMatchObject({ valid: true, kind: 'verify' });
    const violated = await verify(net, vnn('(assert (>= Y_0 2))'), { certificate: true });
    expect(violated.result).toBe('sat');
    const { x, y } = violated.counterexample!;
    const relu = (v: Fraction) => (v.s < 0n ? new Fraction(0) : v);
    const expectY = relu(x[0].sub(x[1])).sub(relu(x[1])).add(f('1/3'));
    expect(y[0].equals(expectY)).toBe(true);
    expect(y[0].gte(2)).toBe(true);
    expect(checkCertificate(net, violated.certificate!)).toMatchObject({ valid: true, verdict: 'sat' });
  });

  it('countRegions, lipschitzConstant, monotonicity, injectivity, equivalence', async () => {
    const three = { inputSize: 2, layers: [{ weights: [[1, 0], [0, 1], [1, 1]], bias: ['-1/3', '-1/3', '-2/3'] }] };
    expect(await countRegions(three, { linear: true })).toMatchObject({ activationRegions: 6, linearRegions: 6, partial: false });
    expect(await countRegions(three, { maxRegions: 2 })).toMatchObject({ activationRegions: 2, partial: true, stopReason: 'max-regions' });
    const l = await lipschitzConstant(net);
    expect([l.value.toFraction(), l.pattern, l.partial]).toEqual(['3', '11', false]);
    expect((await lipschitzConstant(net, { norm: '1' })).value.toFraction()).toBe('2');
    expect((await monotonicity(net, { input: 0, output: 0 })).answer).toBe('nondecreasing');
    const m = await monotonicity(net, { input: 1, output: 0 });
    expect(m.answer).toBe('nonincreasing');
    expect(m.counterexamples.increasing!.slope.toFraction()).toBe('-2');
    const fold = { inputSize: 1, layers: [{ weights: [[1], [-1]], bias: [0, 0] }, { weights: [[1, 1]], bias: [0], activation: 'linear' }] };
    const no = await injectivity(fold);
    expect(no.answer).toBe('not injective');
    if (no.answer === 'not injective') expect(no.x[0].abs().equals(no.y[0].abs()) && !no.x[0].equals(no.y[0])).toBe(true);
    const leaky = { inputSize: 1, layers: [{ weights: [[1], [-1]], bias: [0, 0] }, { weights: [[1, '-1/2']], bias: [0], activation: 'linear' }] };
    const yes = await injectivity(leaky, { certificate: true });
    expect(yes.answer === 'injective' && checkCertificate(leaky, yes.certificate!).valid).toBe(true);
    expect((await equivalence(fold, fold)).answer).toBe('equivalent');
    const e = await equivalence(fold, leaky);
    expect(e.answer).toBe('not equivalent');
    if (e.answer === 'not equivalent') expect(e.y1[0].equals(e.y2[0])).toBe(false);
  });
});

describe('stopping', () => {
  const big = JSON.parse(readFileSync(join(shared, 'nets/random-d3-16x16x16.json'), 'utf8'));
  it('an aborted signal, a timeout and shouldStop give partial answers', async () => {
    const aborted = AbortSignal.abort();
    const r = await outputRange(big, { output: 0, signal: aborted, certificate: true });
    expect(r).toMatchObject({ partial: true, stopReason: 'interrupted' });
    expect(r.certificate).toBeUndefined();
    expect(r.regions).toBeLessThan(1927);
    expect(await lipschitzConstant(big, { timeoutSeconds: 1e-9 })).toMatchObject({ partial: true, stopReason: 'timeout' });
    let calls = 0;
    expect(await countRegions(big, { shouldStop: () => ++calls > 10 })).toMatchObject({ partial: true, stopReason: 'interrupted', activationRegions: 11 });
    expect((await injectivity(big, { signal: aborted })).answer).toMatch(/^(unknown|not injective)$/);
    expect(await equivalence(big, big, { signal: aborted })).toMatchObject({ answer: 'unknown', partial: true });
  });

  it('an AbortSignal fired by a timer stops a running query (the query yields to the event loop)', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const start = performance.now();
    const r = await equivalence(big, big, { signal: controller.signal });
    expect(r.answer).toBe('unknown');
    expect(performance.now() - start).toBeLessThan(20_000); // the whole comparison takes far longer
  });
});
