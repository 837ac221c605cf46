import { describe, expect, it } from 'vitest';
import { runEnumeration } from '../src/enumerate/run.js';
import { loadNetwork } from '../src/network/load.js';
import { box, braid, layer, net, plusMinus, sawtooth, whole } from './helpers/nets.js';

const shared = (name: string) => loadNetwork(new URL(`../../shared/nets/${name}`, import.meta.url).pathname);

describe('shared benchmark nets on [-1,1]^d (counts agreed by independent tools)', () => {
  it.each([
    ['random-d2-16x16.json', 127, 'vertex'],
    ['random-d4-8x8x8.json', 404, 'vertex'],
    ['random-d2-32x32.json', 564, 'vertex'],
    ['random-d3-16x16x16.json', 1927, 'vertex'],
    ['random-d2-16x16.json', 127, 'lp'],
    ['random-d4-8x8x8.json', 404, 'lp'],
    ['random-d2-32x32.json', 564, 'lp'],
    ['random-d3-16x16x16.json', 1927, 'lp'],
  ] as const)('%s has %i activation regions (%s engine)', async (file, expected, engine) => {
    const s = await runEnumeration(shared(file), { engine });
    expect(s.activationRegions).toBe(expected);
    expect(s.partial).toBe(false);
    // every region's witness was checked exactly
    expect(s.certified.witness).toBeGreaterThanOrEqual(expected);
    if (engine === 'vertex') expect(s.lpSolves).toBe(1); // only the domain's interior point
  });

  it('linear regions of random-d2-16x16 with merging', async () => {
    const s = await runEnumeration(shared('random-d2-16x16.json'), { merge: true });
    expect(s.activationRegions).toBe(127);
    expect(s.linearRegions).toBeLessThanOrEqual(127);
    expect(s.linearRegions).toBeGreaterThan(0);
  });
});

describe('constructed nets with known answers', () => {
  it.each([3, 4])('braid arrangement on R^%i has n! regions', async (n) => {
    const s = await runEnumeration(braid(n), { domain: whole });
    expect(s.activationRegions).toBe(n === 3 ? 6 : 24);
  });

  it('three lines through the non-dyadic point (1/3, 1/3) give 6 regions, not 7', async () => {
    const lines = net(2, layer([[1, 0], [0, 1], [1, 1]], ['-1/3', '-1/3', '-2/3']));
    expect((await runEnumeration(lines, {})).activationRegions).toBe(6);
    // moving one line off the point opens the seventh, tiny triangle
    const generic = net(2, layer([[1, 0], [0, 1], [1, 1]], ['-1/3', '-1/3', '-6667/10000']));
    expect((await runEnumeration(generic, {})).activationRegions).toBe(7);
  });

  it.each([1, 2, 3, 5, 7])('Telgarsky sawtooth with %i layers has 2^k regions on [0,1]', async (k) => {
    const s = await runEnumeration(sawtooth(k), { domain: box(0, 1, 1), merge: true });
    expect(s.activationRegions).toBe(2 ** k);
    expect(s.linearRegions).toBe(2 ** k);
  });

  it('identity [I,-I]·ReLU([I;-I]x) on R^3: 8 activation regions, 1 linear region', async () => {
    const s = await runEnumeration(plusMinus(3, true), { domain: whole, merge: true });
    expect(s.activationRegions).toBe(8);
    expect(s.linearRegions).toBe(1);
  });

  it('the fold (|x1|, x2) has 2 activation and 2 linear regions', async () => {
    const fold = net(2, layer([[1, 0], [-1, 0], [0, 1]], [0, 0, 2]), layer([[1, 1, 0], [0, 0, 1]], [0, -2], 'linear'));
    const s = await runEnumeration(fold, { merge: true });
    expect(s.activationRegions).toBe(2);
    expect(s.linearRegions).toBe(2);
  });

  it('duplicated and identically-zero neurons do not add regions', async () => {
    const base = net(2, layer([[1, 2], [-1, 1]], [0, '1/2']), layer([[1, -1]], [0]));
    const degenerate = net(
      2,
      layer([[1, 2], [-1, 1], [1, 2], [2, 4], [0, 0], [0, 0]], [0, '1/2', 0, 0, 0, 3]),
      layer([[1, -1, 0, 0, 0, 0]], [0]),
    );
    const a = await runEnumeration(base, { merge: true });
    const b = await runEnumeration(degenerate, { merge: true });
    expect(b.activationRegions).toBe(a.activationRegions);
    expect(b.linearRegions).toBe(a.linearRegions);
  });

  it('a region where the whole output is zero merges across facets', async () => {
    // y = ReLU(ReLU(x1) + ReLU(x2) - 1): zero on a connected L-shaped union of several activation regions
    const n = net(2, layer([[1, 0], [0, 1]], [0, 0]), layer([[1, 1]], [-1]));
    const s = await runEnumeration(n, { merge: true });
    // quadrants; on [-1,1]² only the positive one is split (by x1 + x2 = 1): 5 regions
    expect(s.activationRegions).toBe(5);
    // zero map on the three other quadrants and {x1, x2 > 0, x1 + x2 < 1}: one linear region
    expect(s.linearRegions).toBe(2);
  });
});
