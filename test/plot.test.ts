/**
 * Pictures (src/plot/): the SVG is well-formed XML with one polygon per region, every vertex in
 * the domain (exactly, and on the page), level sets and decision boundaries exactly on their
 * sets (checked by the exact forward pass), predicted-class cells exactly right, PNG bytes of
 * the requested size, 1-D graphs, and one-line errors for what cannot be drawn.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDomain } from '../src/domain/domain.js';
import { InputError } from '../src/errors.js';
import { plotPicture, plotPng, plotSvg } from '../src/index.js';
import { pointToRationals, type Point } from '../src/kernel/intvec.js';
import { add, cmp, eq, rat, type Rational } from '../src/kernel/rational.js';
import { forward } from '../src/network/forward.js';
import type { Network } from '../src/network/network.js';
import { parseNetworkJson } from '../src/network/parse-json.js';
import { chainSegments } from '../src/plot/chains.js';
import { extremeCells } from '../src/plot/clip.js';
import { decisionSet, levelSet } from '../src/plot/overlays.js';
import { buildPartition, type Partition } from '../src/plot/partition.js';
import { PNG_SIGNATURE, pngSize } from '../src/plot/png.js';
import { shared, tempDir } from './helpers/cli.js';
import { namesFromFile } from '../src/plot/names.js';
import { parseDecision, parseLevel, parseNames } from '../src/plot/options.js';
import { checkRequest } from '../src/plot/picture.js';
import { loadPoints } from '../src/plot/points.js';
import { layer, net } from './helpers/nets.js';
import { checkXml } from './helpers/xml.js';

const load = (name: string): Network => parseNetworkJson(readFileSync(join(shared, 'nets', name), 'utf8'), name);
const net16 = load('random-d2-16x16.json');
const net16Path = join(shared, 'nets', 'random-d2-16x16.json');
let part16: Promise<Partition> | undefined;
const partition16 = () => (part16 ??= buildPartition(net16, defaultDomain(2)));

const output = (nw: Network, pt: Point, k: number): Rational => forward(nw, pointToRationals(pt)).output[k];
const inBox = (pt: Point, lo: Rational, hi: Rational) => pointToRationals(pt).every((x) => cmp(x, lo) >= 0 && cmp(x, hi) <= 0);
const count = (svg: string, re: RegExp) => (svg.match(re) ?? []).length;

describe('plot: the SVG', () => {
  it('is well-formed, with one polygon per region (127 on random-d2-16x16), all inside the plot area', async () => {
    const { svg, stats } = await plotPicture(net16, { color: 'linear', width: 900, height: 700 });
    checkXml(svg);
    expect(stats.regions).toBe(127);
    expect(count(svg, /<path class="region"/g)).toBe(127);
    expect(svg).toContain('127 activation regions, 127 linear regions');
    // every polygon's pixel coordinates lie in the plot area (the frame is the domain box)
    const frame = /<clipPath id="plot-area"><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(svg)!.slice(1).map(Number);
    const [fx, fy, fw, fh] = frame;
    for (const m of svg.matchAll(/<path class="region" d="([^"]+)"/g)) {
      const nums = m[1].match(/-?[\d.]+/g)!.map(Number);
      for (let i = 0; i < nums.length; i += 2) {
        expect(nums[i]).toBeGreaterThanOrEqual(fx - 0.01);
        expect(nums[i]).toBeLessThanOrEqual(fx + fw + 0.01);
        expect(nums[i + 1]).toBeGreaterThanOrEqual(fy - 0.01);
        expect(nums[i + 1]).toBeLessThanOrEqual(fy + fh + 0.01);
      }
    }
  });

  it('every region vertex lies in the domain box, exactly', async () => {
    const part = await partition16();
    const [lo, hi] = [rat(-1n), rat(1n)];
    expect(part.regions.length).toBe(127);
    for (const r of part.regions) {
      expect(r.vertices.length).toBeGreaterThanOrEqual(3);
      for (const v of r.vertices) expect(inBox(v, lo, hi)).toBe(true);
    }
  });

  it('level-set and decision segments lie exactly on {f_K = C} and {f_I = f_J} (exact forward pass)', async () => {
    const part = await partition16();
    const C = rat(1n, 20n);
    const level = levelSet(part.regions, { output: 0, value: C });
    expect(level.segments.length).toBeGreaterThan(5);
    for (const [a, b] of level.segments) for (const p of [a, b]) expect(eq(output(net16, p, 0), C)).toBe(true);
    // the segments chain into few polylines
    expect(chainSegments(level.segments).length).toBeLessThan(level.segments.length);
    const P = (x: number, y: number, q = 1): Point => ({ p: [BigInt(x * q), BigInt(y * q)], q: BigInt(q) });
    const chains = chainSegments([[P(1, 1), P(1, 0)], [P(2, 2), P(3, 3)], [P(0, 0), P(1, 0, 2)]]);
    expect(chains.map((c) => c.length).sort()).toEqual([2, 3]);
    const three = chains.find((c) => c.length === 3)!.map((pt) => pointToRationals(pt).map((r) => Number(r.n) / Number(r.d)));
    expect([three, [...three].reverse()]).toContainEqual([[0, 0], [1, 0], [1, 1]]);
    const dec = decisionSet(part.regions, [8, 11]);
    expect(dec.segments.length).toBeGreaterThan(0);
    for (const [a, b] of dec.segments) for (const p of [a, b]) expect(eq(output(net16, p, 8), output(net16, p, 11))).toBe(true);
    // outputs 0 and 1 are both 0 on whole regions: those are reported whole, not as segments
    expect(decisionSet(part.regions, [0, 1]).whole.length).toBeGreaterThan(0);
  });

  it('predicted-class cells: at each cell centroid the exact forward pass picks that class', async () => {
    const part = await partition16();
    let cells = 0;
    for (const r of part.regions.slice(0, 60)) {
      for (const c of extremeCells(r.vertices, r.map, 'max')) {
        const pts = c.polygon.map(pointToRationals);
        const centroid = [0, 1].map((k) => pts.reduce((s, p) => add(s, p[k]), rat(0n))).map((s) => rat(s.n, s.d * BigInt(pts.length)));
        const out = forward(net16, centroid).output;
        const best = out.reduce((m, v) => (cmp(v, m) > 0 ? v : m));
        for (const k of c.classes) expect(eq(out[k], best)).toBe(true);
        cells++;
      }
    }
    expect(cells).toBeGreaterThanOrEqual(60);
  });

  it('colours by output (with a colour bar and exact range), argmax and argmin, region; boundaries by layer', async () => {
    const out = await plotPicture(net16, { color: 'output:0', levels: ['0=1/20'], decisions: ['8,11'] });
    checkXml(out.svg);
    expect(out.stats.valueRange!.map((r) => `${r.n}/${r.d}`)).toEqual(['0/1', '167290678508159/1125899906842624']);
    expect(out.svg).toContain('id="colorbar"');
    expect(out.stats.levels[0].segments).toBeGreaterThan(5);
    const am = await plotPicture(net16, { color: 'argmax' });
    checkXml(am.svg);
    expect(am.stats.classesShown).toEqual([8, 10, 11]);
    expect(count(am.svg, /<path class="cells"/g)).toBe(3);
    expect(am.svg).toContain('never the largest in this domain');
    // ReLU outputs: several are 0 together on open sets, so the smallest is a tie there
    const amin = await plotPicture(net16, { color: 'argmin' });
    checkXml(amin.svg);
    expect(amin.svg).toContain('tie: several outputs');
    expect(amin.svg).toContain('fill="#c7c7c7"');
    const b = await plotSvg(net16, { color: 'region', boundaries: true, inputNames: ['a', 'b'] });
    checkXml(b);
    expect(b).toContain('layer 0: ');
    expect(b).toContain('layer 1: ');
    expect(b).toMatch(/>a<\/text>/);
  });

  it('1-D: the graph of the function, one exact segment per region, breakpoints at the region ends', async () => {
    // relu(x) - relu(-x - 1/2) on [-1, 1]: breakpoints -1/2 and 0
    const n1 = net(1, layer([[1], [-1]], [0, '-1/2']), layer([[1, -1]], [0], 'linear'));
    const { svg, stats } = await plotPicture(n1, { levels: ['0=1/4'] });
    checkXml(svg);
    expect(stats.regions).toBe(3);
    expect(count(svg, /<path class="graph" d="M/g)).toBe(1);
    const d = /<path class="graph" d="([^"]+)"/.exec(svg)![1];
    expect(d.match(/M/g)!.length).toBe(3);
    expect(stats.levels).toEqual([{ spec: '0=1/4', segments: 1, wholeRegions: 0 }]);
  });

  it('PNG: the signature and the requested size (and twice it with scale 2)', async () => {
    const small = net(2, layer([[1, 0], [0, 1], [1, 1]], [0, 0, 0]));
    const png = await plotPng(small, { width: 400, height: 300 });
    expect([...png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 400, height: 300 });
    expect(pngSize(await plotPng(small, { width: 400, height: 300, scale: 2 }))).toEqual({ width: 800, height: 600 });
  });

  it('refuses what it cannot draw, in one line', async () => {
    const three = net(3, layer([[1, 0, 0]], [0]));
    await expect(plotSvg(three)).rejects.toThrow(/^plot: the domain has 3 inputs/);
    await expect(plotSvg(net16, { domain: { kind: 'whole' } })).rejects.toThrow(/unbounded/);
    await expect(plotSvg(net16, { color: 'rainbow' })).rejects.toThrow(InputError);
    await expect(plotSvg(net16, { color: 'output:16' })).rejects.toThrow(/output 16 does not exist \(the network has 16 outputs: 0\.\.15\)/);
    await expect(plotSvg(net16, { levels: ['0:1'] })).rejects.toThrow(/expected K=C/);
    await expect(plotSvg(net16, { decisions: ['2,2'] })).rejects.toThrow(/must differ/);
  });

  it('the command line\'s flags and files: one-line messages naming the flag', () => {
    expect(() => parseLevel('0:1')).toThrow(/^--level: "0:1": expected K=C with a 0-based output index K and an exact value C/);
    expect(() => parseLevel('0=abc')).toThrow(/^--level: "0=abc": bad value "abc"/);
    expect(() => parseDecision('3,3')).toThrow(/^--decision: "3,3": the two outputs must differ$/);
    expect(() => checkRequest(net16, { color: { kind: 'linear' }, levels: [{ output: 20, value: rat(1n) }], decisions: [], width: 900, height: 700 })).toThrow(
      /^--level 20=\.\.\.: output 20 does not exist \(the network has 16 outputs: 0\.\.15\)$/,
    );
    expect(() => parseNames('a,b', 3, '--input-names')).toThrow(/^--input-names: expected 3 non-empty comma-separated names/);
    const dir = tempDir('plot-files');
    const csv = join(dir, 'd.csv');
    writeFileSync(csv, 'a,b,c\n1,2,x\n3,oops,y\n');
    expect(() => loadPoints(csv, ['x0', 'x1'], false)).toThrow(/no columns named x0 and x1 .*its columns: a, b, c.*choose two with --features X,Y/);
    expect(() => loadPoints(csv, ['a', 'b'], true)).toThrow(/d\.csv:3:2: "oops" is not a number \(column "b"\)/);
    expect(() => loadPoints(csv, ['a', 'zz'], true)).toThrow(/--features: unknown column "zz"/);
    // names: a JSON network's "inputNames" / "outputNames"; defaults x_i, y_k
    const named = join(dir, 'named.json');
    writeFileSync(named, JSON.stringify({ inputSize: 2, inputNames: ['age', 'fare'], outputNames: ['survived'], layers: [{ weights: [[1, 1]], bias: [0] }] }));
    expect(namesFromFile(named, 2, 1)).toEqual({ inputs: ['age', 'fare'], outputs: ['survived'] });
    expect(namesFromFile(net16Path, 2, 16).inputs).toEqual(['x0', 'x1']);
    writeFileSync(named, JSON.stringify({ inputSize: 2, inputNames: ['age'], layers: [{ weights: [[1, 1]], bias: [0] }] }));
    expect(() => namesFromFile(named, 2, 1)).toThrow(/named\.json: inputNames: expected a list of 2 non-empty strings/);
  });
});
