/**
 * Exact sub-level, super-level and level sets (src/levelset/levelset.ts) on networks whose sets
 * are known, and the identity vol{f <= C} + vol{f >= C} = vol(D) on random 2-D networks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { levelSet, type LevelPiece, type LevelRelation } from '../src/levelset/levelset.js';
import { add, cmp, rat, toString, type Rational } from '../src/kernel/rational.js';
import { forward } from '../src/network/forward.js';
import { parseNetworkValue } from '../src/network/parse-json.js';
import type { Network } from '../src/network/network.js';
import type { Domain } from '../src/domain/domain.js';
import { networkArb, widthsArb } from '../src/testing/arbitraries.js';

const box = (lo: Rational[], hi: Rational[]): Domain => ({ kind: 'box', lo, hi });
const run = async (net: Network, rel: LevelRelation, C: Rational, domain: Domain, volume = true) => {
  const pieces: LevelPiece[] = [];
  const r = await levelSet(net, [rat(1n)], rel, C, domain, { volume, onPiece: (p) => void pieces.push(p) });
  return { ...r, list: pieces };
};
// |x1| + |x2| as a ReLU net
const diamond = parseNetworkValue({ inputSize: 2, layers: [{ weights: [[1, 0], [-1, 0], [0, 1], [0, -1]], bias: [0, 0, 0, 0] }, { weights: [[1, 1, 1, 1]], bias: [0], activation: 'linear' }] });
const square = box([rat(-1n), rat(-1n)], [rat(1n), rat(1n)]);

describe('levelset: known sets', () => {
  it('relu(x) <= 1 on [-1, 2] is [-1, 1]: two pieces, the flat one whole, length 2', async () => {
    const net = parseNetworkValue({ inputSize: 1, layers: [{ weights: [[1]], bias: [0] }] });
    const r = await run(net, 'le', rat(1n), box([rat(-1n)], [rat(2n)]));
    expect(r.pieces).toBe(2);
    expect(toString(r.volume!)).toBe('2');
    expect(new Set(r.list.map((p) => `${p.pattern} ${p.whole} ${p.volume}`))).toEqual(new Set(['1 false 1', '0 true 1']));
    expect(r.list.find((p) => !p.whole)!.constraints.some((c) => JSON.stringify(c.source) === '{"level":true}')).toBe(true);
  });

  it('|x1| + |x2| <= 1/2 on [-1, 1]^2: the diamond, area 1/2, one piece per quadrant; >= 1/2: area 7/2', async () => {
    const le = await run(diamond, 'le', rat(1n, 2n), square);
    expect(le.pieces).toBe(4);
    expect(toString(le.volume!)).toBe('1/2');
    expect(le.list.every((p) => p.volume === '1/8')).toBe(true);
    const ge = await run(diamond, 'ge', rat(1n, 2n), square);
    expect(toString(ge.volume!)).toBe('7/2');
    // every witness is on its side, exactly
    for (const p of le.list) expect(cmp(forward(diamond, p.witness).output[0], rat(1n, 2n))).toBeLessThan(0);
    for (const p of ge.list) expect(cmp(forward(diamond, p.witness).output[0], rat(1n, 2n))).toBeGreaterThan(0);
  });

  it('|x1| + |x2| = 1/2: four segments, each witness exactly on the level set, inside its region', async () => {
    const eq = await run(diamond, 'eq', rat(1n, 2n), square, false);
    expect(eq.pieces).toBe(4);
    for (const p of eq.list) {
      expect(toString(forward(diamond, p.witness).output[0])).toBe('1/2');
      expect(p.witness.every((v) => v.n !== 0n)).toBe(true); // in the open quadrant
      expect(p.hyperplane).toBeDefined();
    }
    // a level the function never takes: no piece; the maximum 2 is taken at the corners only
    expect((await run(diamond, 'eq', rat(3n), square, false)).pieces).toBe(0);
    expect((await run(diamond, 'ge', rat(2n), square)).pieces).toBe(0);
  });

  it('a constant output equal to the level is one flat, whole piece of the level set', async () => {
    const flat = parseNetworkValue({ inputSize: 2, layers: [{ weights: [[0, 0]], bias: ['1/3'], activation: 'linear' }] });
    const r = await run(flat, 'eq', rat(1n, 3n), square);
    expect(r.pieces).toBe(1);
    expect(r.list[0].whole).toBe(true);
    expect(toString(r.volume!)).toBe('4');
  });
});

describe('levelset: vol{f <= C} + vol{f >= C} = vol(D) + vol{f = C}, exactly', () => {
  it('random 2-D networks with a scalar read-out', async () => {
    await fc.assert(
      fc.asyncProperty(networkArb({ inputSize: 2, widths: widthsArb({ maxDepth: 2, maxWidth: 4 }).map((w) => [...w, 1]), lastLayer: 'linear' }), fc.integer({ min: -4, max: 4 }), async (net, c) => {
        const C = rat(BigInt(c), 2n);
        const le = await run(net, 'le', C, square);
        const ge = await run(net, 'ge', C, square);
        const eq = await run(net, 'eq', C, square); // its volume: the regions where f ≡ C
        expect(toString(add(le.volume!, ge.volume!))).toBe(toString(add(rat(4n), eq.volume!)));
        // and each piece's witness is on its side
        for (const p of le.list) expect(cmp(forward(net, p.witness).output[0], C)).toBeLessThanOrEqual(0);
        for (const p of ge.list) expect(cmp(forward(net, p.witness).output[0], C)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 40 },
    );
  });
});


describe('levelset certificates', () => {
  it('check for le and ge on a shared net; a false piece, a dropped proof and a wrong count are rejected', async () => {
    const { loadNetwork } = await import('../src/network/load.js');
    const { checkLevelSetCertificate } = await import('../src/certify/levelset-checker.js');
    const net = loadNetwork(new URL('../../shared/nets/random-d2-16x16.json', import.meta.url).pathname);
    const first = [rat(1n), ...new Array(15).fill(rat(0n))]; // output 0 of 16
    for (const rel of ['le', 'ge'] as const) {
      const lines: string[] = [];
      const r = await levelSet(net, first, rel, rat(1n, 10n), square, { certificate: (l) => void lines.push(JSON.stringify(l)) });
      const ok = checkLevelSetCertificate(net, lines);
      expect(ok).toMatchObject({ valid: true, relation: rel, pieces: r.pieces, regions: r.regions });
      expect(r.pieces).toBeGreaterThan(0);
      expect(r.pieces).toBeLessThan(r.regions);
      // a region without a piece claimed to have one (its own witness is not on the side)
      const i = lines.findIndex((l) => l.includes('"none"'));
      const leaf = JSON.parse(lines[i]);
      leaf.level = { piece: leaf.witness };
      const foot = JSON.parse(lines.at(-1)!);
      foot.pieces++;
      const t = checkLevelSetCertificate(net, [...lines.slice(0, i), JSON.stringify(leaf), ...lines.slice(i + 1, -1), JSON.stringify(foot)]);
      expect(t).toMatchObject({ valid: false, line: i + 1, reason: expect.stringMatching(/piece: c·f at the point is not (below|above) the level/) });
      // a piece hidden behind a "none" that proves nothing
      const j = lines.findIndex((l) => l.includes('"piece"'));
      const hidden = JSON.parse(lines[j]);
      hidden.level = { none: [] };
      expect(checkLevelSetCertificate(net, [...lines.slice(0, j), JSON.stringify(hidden), ...lines.slice(j + 1)])).toMatchObject({ valid: false, line: j + 1 });
      // the footer's count
      const wrong = JSON.parse(lines.at(-1)!);
      wrong.pieces = r.pieces + 1;
      expect(checkLevelSetCertificate(net, [...lines.slice(0, -1), JSON.stringify(wrong)]).valid).toBe(false);
    }
    // f ≡ 1/10 on the square: {f <= 1/10} is all of it; the side row is the constant 0 <= 0, which
    // holds, so a Motzkin "proof" leaning on it (0 < 0) must not hide the piece
    const flat = parseNetworkValue({ inputSize: 2, layers: [{ weights: [[0, 0]], bias: ['1/10'], activation: 'linear' }] });
    const lines: string[] = [];
    expect((await levelSet(flat, [rat(1n)], 'le', rat(1n, 10n), square, { certificate: (l) => void lines.push(JSON.stringify(l)) })).pieces).toBe(1);
    const i = lines.findIndex((l) => l.includes('"t":"region"'));
    const forged = JSON.parse(lines[i]);
    forged.level = { none: [[4, '1']] }; // the four box rows, then the side row
    const end = JSON.parse(lines.at(-1)!);
    end.pieces = 0;
    expect(checkLevelSetCertificate(flat, [...lines.slice(0, i), JSON.stringify(forged), ...lines.slice(i + 1, -1), JSON.stringify(end)]).valid).toBe(false);
  });
});

describe('levelset on the command line', () => {
  it('writes the pieces to --out and a summary; bad input is one line, exit 2', async () => {
    const { cli, tempDir } = await import('./helpers/cli.js');
    const { writeFileSync, readFileSync, existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const tmp = tempDir('levelset');
    const net = join(tmp, 'diamond.json');
    writeFileSync(net, JSON.stringify({ inputSize: 2, layers: [{ weights: [[1, 0], [-1, 0], [0, 1], [0, -1]], bias: [0, 0, 0, 0] }, { weights: [[1, 1, 1, 1]], bias: [0], activation: 'linear' }] }));
    const out = join(tmp, 'pieces.jsonl');
    const r = cli('levelset', net, '--output', '0', '--le', '1/2', '--volume', '--out', out, '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ pieces: 4, regions: 4, volume: '1/2', partial: false });
    const pieces = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(pieces.map((p) => p.volume)).toEqual(['1/8', '1/8', '1/8', '1/8']);
    for (const [args, pattern] of [
      [['--output', '0'], /give exactly one of --le C, --ge C, --eq C/],
      [['--output', '0', '--le', '1', '--ge', '2'], /give exactly one of/],
      [['--output', '0', '--eq', 'half'], /--eq: expected an exact number/],
      [['--output', '3', '--le', '1'], /--output: expected 0\.\.0/],
      [['--output', '0', '--ge', '1', '--whole-space', '--volume'], /volume: the piece in region \d+ .* is unbounded/],
    ] as const) {
      const bad = join(tmp, 'bad.jsonl');
      const e = cli('levelset', net, ...args, '--out', bad);
      expect(e.status, args.join(' ')).toBe(2);
      expect(e.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(e.stderr).toMatch(pattern);
      expect(existsSync(bad) || existsSync(`${bad}.partial`)).toBe(false);
    }
  });
});
