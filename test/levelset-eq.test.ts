/**
 * The level set {f = C} (levelset --eq; src/levelset/eq-pieces.ts): pieces that cross a region,
 * pieces that run along a region boundary or the domain's boundary (reported once), flat pieces,
 * and their certificates (certify/levelset-checker.ts), with the tampering the checker must catch.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { levelSet, type LevelPiece } from '../src/levelset/levelset.js';
import { checkLevelSetCertificate } from '../src/certify/levelset-checker.js';
import { rat, toString, type Rational } from '../src/kernel/rational.js';
import { forward } from '../src/network/forward.js';
import { parseNetworkValue } from '../src/network/parse-json.js';
import type { Network } from '../src/network/network.js';
import type { Domain } from '../src/domain/domain.js';
import { networkArb, widthsArb } from '../src/testing/arbitraries.js';

const square: Domain = { kind: 'box', lo: [rat(-1n), rat(-1n)], hi: [rat(1n), rat(1n)] };
const abs1 = parseNetworkValue({ inputSize: 2, layers: [{ weights: [[1, 0], [-1, 0]], bias: [0, 0] }, { weights: [[1, 1]], bias: [0], activation: 'linear' }] });
// relu(−x1) + relu(−x2), with relu(x1 + x2) split first and read by nothing: it leaves a row on
// the level hyperplane x1 + x2 = 0 in the third quadrant, which touches it only at the origin
const corner = parseNetworkValue({ inputSize: 2, layers: [{ weights: [[1, 1], [-1, 0], [0, -1]], bias: [0, 0, 0] }, { weights: [[0, 1, 1]], bias: [0], activation: 'linear' }] });

async function eq(net: Network, C: Rational, domain: Domain = square) {
  const pieces: LevelPiece[] = [];
  const lines: string[] = [];
  const r = await levelSet(net, [rat(1n)], 'eq', C, domain, { onPiece: (p) => void pieces.push(p), certificate: (l) => void lines.push(JSON.stringify(l)) });
  return { ...r, list: pieces, lines };
}

const tamper = (lines: string[], i: number, edit: (o: Record<string, any>) => void) => {
  const o = JSON.parse(lines[i]);
  edit(o);
  return [...lines.slice(0, i), JSON.stringify(o), ...lines.slice(i + 1)];
};

describe('levelset --eq: pieces on region boundaries', () => {
  it('|x1| = 0 on [-1, 1]^2: the segment x1 = 0, a facet of both regions, reported once', async () => {
    const r = await eq(abs1, rat(0n));
    expect(r.pieces).toBe(1);
    const [p] = r.list;
    expect(p.boundary).toBe(true);
    expect(toString(p.witness[0])).toBe('0');
    expect([p.hyperplane!.a[0] !== '0', p.hyperplane!.a[1], p.hyperplane!.b]).toEqual([true, '0', '0']);
    expect(checkLevelSetCertificate(abs1, r.lines)).toMatchObject({ valid: true, relation: 'eq', pieces: 1 });
  });

  it('|x1| = 1 on [-1, 1]^2: the two sides x1 = ±1 of the domain; |x1| = 1/2: two crossing segments', async () => {
    const one = await eq(abs1, rat(1n));
    expect(one.pieces).toBe(2);
    expect(one.list.map((p) => toString(p.witness[0])).sort()).toEqual(['-1', '1']);
    expect(one.list.every((p) => p.boundary)).toBe(true);
    expect(checkLevelSetCertificate(abs1, one.lines)).toMatchObject({ valid: true, pieces: 2 });
    const half = await eq(abs1, rat(1n, 2n));
    expect(half.pieces).toBe(2);
    expect(half.list.some((p) => p.boundary)).toBe(false);
    for (const p of half.list) expect(toString(forward(abs1, p.witness).output[0])).toBe('1/2');
    expect(checkLevelSetCertificate(abs1, half.lines)).toMatchObject({ valid: true, pieces: 2 });
  });

  it('relu(−x1) + relu(−x2) = 0: the flat quadrant and its two edges; a row on the level touching a corner needs a face proof', async () => {
    const r = await eq(corner, rat(0n));
    const flat = r.list.filter((p) => p.whole);
    const edges = r.list.filter((p) => p.boundary);
    expect([r.pieces, flat.length, edges.length]).toEqual([3, 1, 2]);
    const faces = r.lines.filter((l) => l.includes('"face"'));
    expect(faces.length).toBeGreaterThan(0);
    expect(checkLevelSetCertificate(corner, r.lines)).toMatchObject({ valid: true, pieces: 3 });
    // without the face proof, or with a forged one, the region could hide a facet piece
    const i = r.lines.findIndex((l) => l.includes('"face"'));
    expect(checkLevelSetCertificate(corner, tamper(r.lines, i, (o) => delete o.level.face))).toMatchObject({ valid: false, reason: expect.stringMatching(/face: /) });
    expect(checkLevelSetCertificate(corner, tamper(r.lines, i, (o) => (o.level.face = [])))).toMatchObject({ valid: false, reason: expect.stringMatching(/face: /) });
  });

  it('the checker rejects a dropped piece, a piece off the level, a facet the region does not own, and a wrong count', async () => {
    const r = await eq(abs1, rat(0n));
    const i = r.lines.findIndex((l) => l.includes('"facet"'));
    // claimed as none: the open region is on one side, but its own facet on H is a piece
    const hidden = tamper(r.lines, i, (o) => (o.level = { none: { below: [] } }));
    expect(checkLevelSetCertificate(abs1, hidden).valid).toBe(false);
    expect(checkLevelSetCertificate(abs1, tamper(r.lines, i, (o) => (o.level.facet = ['0', '2'])))).toMatchObject({ valid: false, reason: expect.stringMatching(/facet: the point is not strictly inside/) });
    expect(checkLevelSetCertificate(abs1, tamper(r.lines, i, (o) => (o.level.facet = ['1/2', '0'])))).toMatchObject({ valid: false, reason: expect.stringMatching(/not C at the point/) });
    // the other region (x1 > 0) sees the facet with the normal (−1, 0): it may not report it too
    const j = r.lines.findIndex((l, k) => k !== i && l.includes('"t":"region"'));
    expect(checkLevelSetCertificate(abs1, tamper(r.lines, j, (o) => (o.level = { facet: ['0', '0'] })))).toMatchObject({ valid: false, reason: expect.stringMatching(/does not own/) });
    expect(checkLevelSetCertificate(abs1, tamper(r.lines, r.lines.length - 1, (f) => (f.pieces = 2)))).toMatchObject({ valid: false, reason: expect.stringMatching(/pieces/) });
  });
});

describe('levelset --eq on random networks', () => {
  it('every piece is on the level exactly, and the certificate checks', async () => {
    await fc.assert(
      fc.asyncProperty(networkArb({ inputSize: 2, widths: widthsArb({ maxDepth: 2, maxWidth: 5 }).map((w) => [...w, 1]), lastLayer: 'linear' }), fc.integer({ min: -2, max: 2 }), async (net, c) => {
        const r = await eq(net, rat(BigInt(c), 2n));
        for (const p of r.list) if (!p.whole) expect(toString(forward(net, p.witness).output[0])).toBe(toString(rat(BigInt(c), 2n)));
        expect(checkLevelSetCertificate(net, r.lines)).toMatchObject({ valid: true, pieces: r.pieces });
      }),
      { numRuns: 25, seed: 2026 },
    );
  });
});
