/**
 * Certificates of the certified level c* and of the pieces of C = S ∩ {B(G(x)) <= B(x)}
 * (invariant --level / --pieces with --certificate; certify/invariant-checker.ts), on closed loops
 * whose answers are known, and the tampering the checker must catch.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkArb, widthsArb } from '../src/testing/arbitraries.js';
import { invariance, type InvariantOptions } from '../src/invariant/invariant.js';
import { checkInvariantCertificate } from '../src/certify/invariant-checker.js';
import { rat, toString, type Rational } from '../src/kernel/rational.js';
import { affineNetwork, closedLoop } from '../src/network/algebra.js';
import { parseNetworkValue } from '../src/network/parse-json.js';
import type { Domain } from '../src/domain/domain.js';
import type { Network } from '../src/network/network.js';

const r = (n: number, d = 1) => rat(BigInt(n), BigInt(d));
const box1: Domain = { kind: 'box', lo: [r(-2)], hi: [r(2)] };
const square: Domain = { kind: 'box', lo: [r(-2), r(-2)], hi: [r(2), r(2)] };
// B(x) = |x| − 1 on R, and the diamond |x1| + |x2| − 1 on R^2
const abs1 = parseNetworkValue({ inputSize: 1, layers: [{ weights: [[1], [-1]], bias: [0, 0] }, { weights: [[1, 1]], bias: [-1], activation: 'linear' }] });
const diamond = parseNetworkValue({ inputSize: 2, layers: [{ weights: [[1, 0], [-1, 0], [0, 1], [0, -1]], bias: [0, 0, 0, 0] }, { weights: [[1, 1, 1, 1]], bias: [-1], activation: 'linear' }] });
const gain = (k: Rational, shift: Rational = r(0)) => affineNetwork([[k]], [shift]);
const pi = parseNetworkValue({ inputSize: 2, layers: [{ weights: [[1, 0], [-1, 0]], bias: [0, 0] }, { weights: [[1, -1]], bias: [0], activation: 'linear' }] });
const rotation = (k: Rational) => closedLoop(pi, [[r(0), { n: -k.n, d: k.d }], [r(0), r(0)]], [[r(0)], [k]], [r(0), r(0)]);

async function certified(B: Network, G: Network, D: Domain, options: InvariantOptions) {
  const lines: string[] = [];
  const answer = await invariance(B, G, D, { ...options, certificate: (l) => void lines.push(JSON.stringify(l)) });
  return { answer, lines };
}

/** The lines with line i's JSON changed by `edit`. */
const tamper = (lines: string[], i: number, edit: (o: Record<string, any>) => void) => {
  const o = JSON.parse(lines[i]);
  edit(o);
  return [...lines.slice(0, i), JSON.stringify(o), ...lines.slice(i + 1)];
};

describe('certificates of the certified level c*', () => {
  const cases: [string, Network, Network, Domain, string, boolean][] = [
    ['x⁺ = x/2 (nothing is bad)', abs1, gain(r(1, 2)), box1, '0', true],
    ['x⁺ = 2x (inf B over the bad set is −1, not attained)', abs1, gain(r(2)), box1, '-1', true],
    ['x⁺ = x/2 + 3/2 (attained at x = 0)', abs1, gain(r(1, 2), r(3, 2)), box1, '-1', false],
    ['the doubled 2-D rotation (only the origin is not bad)', diamond, rotation(r(2)), square, '-1', true],
    ['the contracting 2-D rotation', diamond, rotation(r(1, 2)), square, '0', true],
  ];
  for (const [name, B, G, D, value, closed] of cases) {
    it(`${name}: c* = ${value}, ${closed ? 'closed' : 'open'}, written and checked whether or not S is invariant`, async () => {
      const { answer, lines } = await certified(B, G, D, { level: true });
      expect([toString(answer.level!.value!), answer.level!.closed]).toEqual([value, closed]);
      expect(answer.certified?.level).toEqual({ value, closed });
      expect(JSON.parse(lines.at(-1)!)).toMatchObject({ t: 'end', level: { value, closed } });
      expect(checkInvariantCertificate(B, G, lines)).toMatchObject({ valid: true, level: { value, closed } });
      // the footer's level must be the one the entries give
      const end = lines.length - 1;
      expect(checkInvariantCertificate(B, G, tamper(lines, end, (f) => (f.level.value = value === '0' ? '-1' : '0')))).toMatchObject({ valid: false, reason: expect.stringMatching(/footer: level/) });
      expect(checkInvariantCertificate(B, G, tamper(lines, end, (f) => (f.level.closed = !closed)))).toMatchObject({ valid: false, reason: expect.stringMatching(/level closed/) });
      // a leaf without its level proof cannot back the claim
      const leaf = lines.findIndex((l) => l.includes('"t":"region"'));
      expect(checkInvariantCertificate(B, G, tamper(lines, leaf, (o) => delete o.level))).toMatchObject({ valid: false, reason: expect.stringMatching(/no complete level proof/) });
    });
  }

  it('tampered entries are rejected: a lower minimum, a point off the region, a dropped bound, a claim of closedness', async () => {
    const { lines } = await certified(abs1, gain(r(1, 2), r(3, 2)), box1, { level: true });
    const bad = lines.findIndex((l) => l.includes('"min"'));
    expect(bad).toBeGreaterThan(0);
    const j = (JSON.parse(lines[bad]).level as Record<string, unknown>[]).findIndex((e) => e.min !== undefined);
    const G = gain(r(1, 2), r(3, 2));
    const reject = (edit: (e: Record<string, any>) => void, why: RegExp) =>
      expect(checkInvariantCertificate(abs1, G, tamper(lines, bad, (o) => edit(o.level[j])))).toMatchObject({ valid: false, line: bad + 1, reason: expect.stringMatching(why) });
    reject((e) => (e.min = '-3/2'), /level\[\d\]/);
    reject((e) => (e.at = ['5']), /outside the region's closure/);
    reject((e) => (e.bound = []), /bound/);
    reject((e) => (e.bad = e.at.map(() => '-1')), /level\[\d\]\.bad/);
    // x⁺ = 2x: B's minimum −1 over {v >= 0} is at 0, where v = |x| is 0: not a bad point
    const doubling = await certified(abs1, gain(r(2)), box1, { level: true });
    const k = doubling.lines.findIndex((l) => l.includes('"min"'));
    const e = (JSON.parse(doubling.lines[k]).level as Record<string, unknown>[]).findIndex((x) => x.min !== undefined);
    const moved = tamper(doubling.lines, k, (o) => (o.level[e].bad = o.level[e].at));
    expect(checkInvariantCertificate(abs1, gain(r(2)), moved)).toMatchObject({ valid: false, reason: expect.stringMatching(/\.bad: v <= 0 there/) });
    reject((e) => {
      delete e.attained;
      e.closed = [];
    }, /closed/);
  });
});

describe('certificates of the pieces of C', () => {
  it('x⁺ = x/2: 2 pieces, total length 2; x⁺ = 2x: none; counts and points are checked', async () => {
    const half = await certified(abs1, gain(r(1, 2)), box1, { onPiece: () => {}, volume: true });
    expect(half.answer).toMatchObject({ pieces: 2, invariant: true, certified: { invariant: true, pieces: 2 } });
    expect(toString(half.answer.volume!)).toBe('2');
    expect(checkInvariantCertificate(abs1, gain(r(1, 2)), half.lines)).toMatchObject({ valid: true, pieces: 2, invariant: true });
    const end = half.lines.length - 1;
    expect(checkInvariantCertificate(abs1, gain(r(1, 2)), tamper(half.lines, end, (f) => (f.pieces = 3)))).toMatchObject({ valid: false, reason: expect.stringMatching(/pieces of C/) });
    const leaf = half.lines.findIndex((l) => l.includes('"inside"'));
    expect(checkInvariantCertificate(abs1, gain(r(1, 2)), tamper(half.lines, leaf, (o) => (o.piece.inside = ['3/2'])))).toMatchObject({ valid: false, reason: expect.stringMatching(/piece\.inside/) });

    // x⁺ = 2x: C = {0} has no interior; not invariant, but the count 0 is certified by Motzkin proofs
    const doubling = await certified(abs1, gain(r(2)), box1, { onPiece: () => {}, volume: true });
    expect(doubling.answer).toMatchObject({ pieces: 0, invariant: false, certified: { pieces: 0 } });
    expect(toString(doubling.answer.volume!)).toBe('0');
    expect(checkInvariantCertificate(abs1, gain(r(2)), doubling.lines)).toMatchObject({ valid: true, pieces: 0 });
    expect(checkInvariantCertificate(abs1, gain(r(2)), doubling.lines)).not.toHaveProperty('invariant');
    const none = doubling.lines.findIndex((l) => l.includes('"none"') && l.includes('"piece"'));
    expect(checkInvariantCertificate(abs1, gain(r(2)), tamper(doubling.lines, none, (o) => (o.piece.none = [])))).toMatchObject({ valid: false, reason: expect.stringMatching(/piece\.none/) });
    // and the footer may not claim invariance it has no proofs for
    expect(checkInvariantCertificate(abs1, gain(r(2)), tamper(doubling.lines, doubling.lines.length - 1, (f) => (f.invariant = true)))).toMatchObject({ valid: false, reason: expect.stringMatching(/claims invariance/) });
  });

  it('the 2-D contracting rotation: the pieces of C tile S (area 2)', async () => {
    const G = rotation(r(1, 2));
    const { answer, lines } = await certified(diamond, G, square, { onPiece: () => {}, volume: true, level: true });
    expect(toString(answer.volume!)).toBe('2');
    expect(checkInvariantCertificate(diamond, G, lines)).toMatchObject({ valid: true, invariant: true, pieces: answer.pieces, level: { value: '0', closed: true } });
  });
});

describe('the answers decided at exact vertices equal those decided by LP (a certificate run takes the LP path)', () => {
  it('random 2-D barriers and closed loops: invariance, safety, the initial set, c* and the pieces of C agree, and the certificate checks', async () => {
    const net = (outputs: number) => networkArb({ inputSize: 2, widths: widthsArb({ maxDepth: 1, maxWidth: 4 }).map((w) => [...w, outputs]), lastLayer: 'linear' });
    const sets = {
      unsafe: { A: [[r(-1), r(0)]], b: [r(-3, 2)] },
      initial: { A: [[r(1), r(0)], [r(-1), r(0)], [r(0), r(1)], [r(0), r(-1)]], b: [r(1, 4), r(1, 4), r(1, 4), r(1, 4)] },
    };
    await fc.assert(
      fc.asyncProperty(net(1), net(2), async (B, G) => {
        const fast = await invariance(B, G, square, { ...sets, level: true, onPiece: () => {} });
        const { answer, lines } = await certified(B, G, square, { ...sets, level: true, onPiece: () => {} });
        const view = (a: typeof fast) => [a.invariant, a.safe, a.initialInside, a.level!.value === null ? null : toString(a.level!.value), a.level!.closed, a.pieces];
        expect(view(fast)).toEqual(view(answer));
        if (answer.certified) expect(checkInvariantCertificate(B, G, lines)).toMatchObject({ valid: true });
      }),
      { numRuns: 30, seed: 7 },
    );
  });
});
