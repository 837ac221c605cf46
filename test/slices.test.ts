/**
 * Slices and pinned inputs (issue 12), in the library: a slice enumerates exactly the regions of
 * the hand-composed network (a linear layer x = p + U z in front of NET); pinning equals the
 * slice along the free axes; every witness, mapped back, has its region's pattern in NET;
 * directions are checked exactly; pinned domains (box, polyhedron, whole space).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boxSpecPins, parseBoxSpecWithPins, pinDomain } from '../src/domain/pin-domain.js';
import { parseSliceJson, sliceBoundingBox } from '../src/domain/slice-file.js';
import { enumerateRegions, loadNetwork, pinNetwork as pinApi, sliceNetwork as sliceApi, type Domain, type RegionRecord } from '../src/index.js';
import { add, mul, parseRational, sub, toString, type Rational } from '../src/kernel/rational.js';
import { forward } from '../src/network/forward.js';
import type { Network } from '../src/network/network.js';
import { parsePinSpec, pinNetwork } from '../src/network/pin.js';
import { checkDirections, sliceNetwork, sliceToOriginal } from '../src/network/slice.js';
import { inputErrorOf } from './helpers/errors.js';
import { box } from './helpers/nets.js';
import { shared } from './helpers/cli.js';

const R = (s: string | number): Rational => parseRational(String(s))!;
const vec = (...xs: (string | number)[]) => xs.map(R);
const net3 = loadNetwork(join(shared, 'nets/random-d3-16x16x16.json'));

async function regions(net: Network, domain: Domain): Promise<RegionRecord[]> {
  const out: RegionRecord[] = [];
  for await (const r of enumerateRegions(net, { domain })) out.push(r);
  return out;
}

/** A region as a comparable key: pattern, facet rows (primitive integers, sorted) and exact map. */
const key = (r: RegionRecord): string =>
  JSON.stringify([r.pattern, r.constraints.map((c) => [...c.a, c.b].join(' ')).sort(), r.map]);

const activationPattern = (net: Network, x: Rational[]): string =>
  forward(net, x)
    .signs.filter((_, l) => net.layers[l].activation === 'relu')
    .map((s) => s.map((v) => (v > 0 ? '1' : '0')).join(''))
    .join('|');

describe('a slice', () => {
  const point = vec('1/7', '-1/3', '0.25');
  const directions = [vec('1/2', '1/3', 0), vec(0, '-1/5', '3/4')];

  it('enumerates the regions of the hand-composed network (a linear layer x = p + U z in front)', async () => {
    const composed: Network = {
      inputSize: 2,
      layers: [
        { weights: point.map((_, i) => directions.map((u) => u[i])), bias: point, activation: 'linear' },
        ...net3.layers,
      ],
    };
    const sliced = await regions(sliceNetwork(net3, point, directions), box(-1, 1, 2));
    const byHand = await regions(composed, box(-1, 1, 2));
    expect(sliced.length).toBeGreaterThan(50);
    expect(sliced.length).toBe(byHand.length);
    expect(new Set(sliced.map(key))).toEqual(new Set(byHand.map(key)));
  });

  it('maps witnesses back to points of NET with the region\'s pattern', async () => {
    const records = await regions(sliceNetwork(net3, point, directions), box(-1, 1, 2));
    const witnesses = records.map((r) => r.witness.map(R));
    const original = sliceToOriginal(point, directions, witnesses);
    original.forEach((x, k) => {
      expect(x).toHaveLength(3);
      expect(activationPattern(net3, x)).toBe(records[k].pattern);
    });
    expect(sliceToOriginal(point, directions, [vec(1, 0)])[0].map(toString)).toEqual(['9/14', '0', '1/4']);
  });

  it('checks its directions exactly and names the bad one', () => {
    expect(inputErrorOf(() => checkDirections([vec(1, 0, 0), vec(0, 0, 0)]))).toBe('directions[1]: zero direction');
    // u2 = 3/7·u0 − 2·u1 exactly; moved by 1e-30 it is independent (no float test tells these apart)
    const u0 = vec('1/3', '2/7', '-1/9');
    const u1 = vec('1/11', '-1/13', '5/17');
    const u2 = u0.map((v, i) => sub(mul(R('3/7'), v), mul(R(2), u1[i])));
    expect(inputErrorOf(() => checkDirections([u0, u1, u2]))).toBe('directions[2] is a linear combination of directions[0], directions[1] (the directions must be linearly independent)');
    expect(() => checkDirections([u0, u1, u2.map((v, i) => (i === 0 ? add(v, R('1e-30')) : v))])).not.toThrow();
    expect(inputErrorOf(() => checkDirections([vec(1, 2), vec(2, 4)]))).toMatch(/directions\[1\] is a linear combination of directions\[0\]/);
    expect(inputErrorOf(() => checkDirections([vec(1, 0), vec(0, 1), vec(1, 1)]))).toMatch(/^directions\[2\]/);
  });

  it('reads slice files: exact numbers, the box in slice coordinates, one-line errors', () => {
    const s = parseSliceJson('{"point": [0, "1/3", "0.1"], "directions": [[1, 0, 0], [0, "-1/2", "2"]], "box": "0:1,-1/3:1/3"}', 3, 's.json');
    expect(s.box).toEqual({ kind: 'box', lo: vec(0, '-1/3'), hi: vec(1, '1/3') });
    expect(sliceBoundingBox(s)).toEqual({ lo: vec(0, '1/6', '-17/30'), hi: vec(1, '1/2', '23/30') });
    // a JSON number is its exact binary64 value, as in every other file
    expect(toString(parseSliceJson('{"point": [0.1, 0, 0], "directions": [[1, 0, 0]]}', 3).point[0])).toBe('3602879701896397/36028797018963968');
    expect(parseSliceJson('{"point": [0, 0, 0], "directions": [[1, 0, 0]]}', 3).box).toEqual(box(-1, 1, 1));
    const bad = (text: string) => inputErrorOf(() => parseSliceJson(text, 3, 's.json'));
    expect(bad('{"point": [0, 0], "directions": [[1, 0, 0]]}')).toBe('s.json: point: 2 entries, expected 3');
    expect(bad('{"point": [0, 0, 0], "directions": []}')).toBe('s.json: directions: no directions (expected at least one)');
    expect(bad('{"point": [0, 0, 0], "directions": [[1, 0, 0]], "box": "1,0"}')).toBe('s.json: box: "1,0": lower bound above upper bound');
    expect(bad('{"point": [0, 0, 0], "direction": [[1, 0, 0]]}')).toMatch(/^s\.json: unknown key "direction"/);
    expect(bad('{"point": [0, 0, 0], "directions": [[1, 0, "x"]]}')).toMatch(/^s\.json: directions\[0\]\[2\]: not a number/);
    expect(bad('{"point": [0, 0, 0')).toMatch(/^s\.json: invalid JSON/);
  });
});

describe('pinned inputs', () => {
  it('equal the slice along the free axes, through the pinned values', async () => {
    const pins = parsePinSpec('1=-1/3', 3);
    const pinned = pinNetwork(net3, pins);
    const sliced = sliceNetwork(net3, vec(0, '-1/3', 0), [vec(1, 0, 0), vec(0, 0, 1)]);
    expect(pinned.free).toEqual([0, 2]);
    expect(pinned.net).toEqual(sliced);
    const a = await regions(pinned.net, box(-1, 1, 2));
    expect(a).toEqual(await regions(sliced, box(-1, 1, 2)));
    for (const r of a.slice(0, 20)) expect(activationPattern(net3, pinned.lift(r.witness.map(R)))).toBe(r.pattern);
  });

  it('parse as I=V with 0-based indices and exact values, refusing unknown and repeated inputs', () => {
    expect([...parsePinSpec(' 2=0.5, 0=-1/3,1=1e-2', 3)].map(([i, v]) => [i, toString(v)])).toEqual([[2, '1/2'], [0, '-1/3'], [1, '1/100']]);
    expect(inputErrorOf(() => parsePinSpec('3=0', 3))).toBe('--pin: "3=0": unknown input 3 (the network\'s inputs are 0..2)');
    expect(inputErrorOf(() => parsePinSpec('1=0,1=0', 3))).toBe('--pin: input 1 is pinned twice');
    expect(inputErrorOf(() => parsePinSpec('1=x', 3))).toBe('--pin: input 1: bad value "x"');
    expect(inputErrorOf(() => parsePinSpec('x=1', 3))).toMatch(/^--pin: "x=1": expected INPUT=VALUE/);
    expect(inputErrorOf(() => pinNetwork(net3, parsePinSpec('0=0,1=0,2=0', 3)))).toMatch(/^pin: every input is pinned/);
  });

  it('restrict a box (checked), a polyhedron (substituted exactly) and the whole space', () => {
    const pins = parsePinSpec('1=1/4', 3);
    expect(pinDomain(box(-1, 1, 3), pins, 3, 'the box')).toEqual(box(-1, 1, 2));
    expect(inputErrorOf(() => pinDomain(box(-1, 1, 3), parsePinSpec('1=2', 3), 3, 'the box'))).toBe('--pin: input 1 = 2 is outside the box, where input 1 ranges over [-1, 1]');
    // the simplex x >= 0, x0 + x1 + x2 <= 1: at x1 = 1/4 the triangle x0 + x2 <= 3/4, rows kept in order
    const simplex: Domain = { kind: 'polyhedron', A: [vec(1, 1, 1), vec(-1, 0, 0), vec(0, -1, 0), vec(0, 0, -1)], b: vec(1, 0, 0, 0) };
    expect(pinDomain(simplex, pins, 3, 'the simplex')).toEqual({ kind: 'polyhedron', A: [vec(1, 1), vec(-1, 0), vec(0, 0), vec(0, -1)], b: vec('3/4', 0, '1/4', 0) });
    expect(inputErrorOf(() => pinDomain(simplex, parsePinSpec('1=2', 3), 3, 'the simplex'))).toBe('--pin: input 1 = 2 is outside the simplex, where input 1 ranges over [0, 1]');
    expect(pinDomain({ kind: 'whole' }, pins, 3, 'R^3')).toEqual({ kind: 'whole' });
  });

  it('come from --box intervals with LO = HI', () => {
    expect([...boxSpecPins('-1:1,1/2:0.5,0:1', 3)].map(([i, v]) => [i, toString(v)])).toEqual([[1, '1/2']]);
    expect(boxSpecPins('0,0', 3).size).toBe(0); // the one-interval form pins nothing (still an error)
    const { box: b, pins } = parseBoxSpecWithPins('-1:1,1/2:1/2,0:1', 3);
    expect(b).toEqual({ kind: 'box', lo: vec(-1, '1/2', 0), hi: vec(1, '1/2', 1) });
    expect(pinDomain(b, pins, 3, 'the box')).toEqual({ kind: 'box', lo: vec(-1, 0), hi: vec(1, 1) });
    expect(inputErrorOf(() => parseBoxSpecWithPins('-1:1,1:0,0:1', 3))).toMatch(/^--box: interval 2 "1:0": lower bound above upper bound/);
  });
});

describe('the public API', () => {
  const net = { inputSize: 2, layers: [{ weights: [[1, -1], [0, 1]], bias: [0, 0] }, { weights: [[1, -1]], bias: ['1/3'], activation: 'linear' }] };

  it('pins and slices with exact inputs and maps points back as Fractions', () => {
    const p = pinApi(net, { 1: '1/2' });
    expect(p.free).toEqual([0]);
    expect(p.network.inputSize).toBe(1);
    expect(p.toOriginal([['1/3']])[0].map((f) => f.toFraction())).toEqual(['1/3', '1/2']);
    const s = sliceApi(net, { point: [0, '1/2'], directions: [[1, 1]] });
    expect(s.network.layers[0].weights.map((r) => r.map(toString))).toEqual([['0'], ['1']]);
    expect(s.toOriginal([[2]])[0].map((f) => f.toFraction())).toEqual(['2', '5/2']);
    expect(inputErrorOf(() => sliceApi(net, { point: [0, 0], directions: [[1, 1], [-2, -2]] }))).toMatch(/^directions\[1\] is a linear combination/);
    expect(inputErrorOf(() => pinApi(net, { 5: 0 }))).toMatch(/unknown input 5/);
    expect(inputErrorOf(() => s.toOriginal([[1, 2]]))).toBe('toOriginal: points[0]: 2 entries, expected 1');
  });
});
