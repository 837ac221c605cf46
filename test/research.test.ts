/**
 * Known-answer tests of the research kit (src/research/): seeded random networks, the formulas,
 * the exact genericity check, the statistics, and the quick studies as smoke tests (Zaslavsky
 * rows match exactly, n = 1 injectivity within its Wilson intervals, same seed → same rows,
 * resumable without duplicates).
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rat } from '../src/kernel/rational.js';
import { countsStudy, countsSweep } from '../src/research/counts.js';
import { StudyCsv } from '../src/research/csv-store.js';
import { binomial, montufarLowerBound, serraUpperBound, zaslavskyGeneric } from '../src/research/formulas.js';
import { isGenericArrangement } from '../src/research/genericity.js';
import { injectivityPoints, injectivityStudy } from '../src/research/injectivity.js';
import { parseArch, randomNetwork, randomNetworkText } from '../src/research/random-network.js';
import { ratioStudy } from '../src/research/ratio.js';
import { trainingStudy } from '../src/research/training.js';
import { cli } from './helpers/cli.js';
import { portableLog, SeededRandom } from '../src/research/rng.js';
import { parseStudyArgs } from '../src/research/run.js';
import { linearFit, wilson } from '../src/research/stats.js';
import { InputError } from '../src/errors.js';
import { countRegions, toNetwork } from '../src/index.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'rr-study-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const readCsv = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n');
/** The rows without the last column (seconds, the only one that depends on the machine). */
const withoutSeconds = (lines: string[]) => lines.map((l) => l.slice(0, l.lastIndexOf(',')));

describe('random networks', () => {
  it('are deterministic: same options, byte-identical JSON', () => {
    const o = { arch: [3, 8, 8, 1], seed: 12345, init: 'he', bias: 'gaussian', linearLast: true } as const;
    expect(randomNetworkText(randomNetwork(o))).toBe(randomNetworkText(randomNetwork(o)));
    expect(randomNetworkText(randomNetwork({ ...o, seed: 12346 }))).not.toBe(randomNetworkText(randomNetwork(o)));
  });

  it('give known values for known seeds (the reproducibility promise across machines)', () => {
    expect(randomNetwork({ arch: [2, 3, 1], seed: 42 }).layers[0].weights[0][0]).toBe(-0.03687015107006277);
    expect(randomNetwork({ arch: [2, 3, 1], seed: 42, float32: true, init: 'xavier' }).layers[0].weights[0][0]).toBe(0.8353633284568787);
    expect(randomNetwork({ arch: [1, 3], seed: 0, init: 'uniform', bias: 'gaussian' }).layers[0].bias).toEqual([-0.9935898157485363, -0.5061010036923941, -2.210442620704147]);
  });

  it('--float32 gives exact binary32 values; --linear-last a linear read-out; the JSON reads back', () => {
    const net = randomNetwork({ arch: [2, 5, 4, 1], seed: 7, init: 'gaussian', bias: 'uniform', float32: true, linearLast: true });
    for (const l of net.layers) for (const v of [...l.weights.flat(), ...l.bias]) expect(Math.fround(v)).toBe(v);
    expect(net.layers.map((l) => l.activation)).toEqual(['relu', 'relu', 'linear']);
    const back = toNetwork(JSON.parse(randomNetworkText(net)));
    expect(back.layers.map((l) => l.weights.length)).toEqual([5, 4, 1]);
  });

  it('zero biases are zero; bad options are one-line input errors', () => {
    expect(randomNetwork({ arch: [2, 4], seed: 1 }).layers[0].bias).toEqual([0, 0, 0, 0]);
    expect(() => parseArch('2-0-1')).toThrow(InputError);
    expect(() => parseArch('2')).toThrow(/--arch/);
    expect(() => randomNetwork({ arch: [2, 3], seed: -1 })).toThrow(/--seed/);
    expect(() => randomNetwork({ arch: [2, 3], seed: 1, init: 'lecun' as never })).toThrow(/init/);
  });

  it('the Gaussian source has mean 0 and variance 1; the portable log matches Math.log', () => {
    const r = new SeededRandom(3);
    let s = 0;
    let s2 = 0;
    const N = 20000;
    for (let i = 0; i < N; i++) {
      const g = r.gaussian();
      s += g;
      s2 += g * g;
    }
    expect(Math.abs(s / N)).toBeLessThan(0.03);
    expect(Math.abs(s2 / N - 1)).toBeLessThan(0.05);
    for (const x of [1e-300, 1e-9, 0.3, 1, 2, 1e9]) expect(portableLog(x)).toBeCloseTo(Math.log(x), 12);
  });
});

describe('formulas, genericity and statistics', () => {
  it('Zaslavsky, Serra and Montúfar give their known values', () => {
    expect(binomial(64, 2)).toBe(2016n);
    expect(zaslavskyGeneric(4, 2)).toBe(11n); // 4 generic lines cut the plane into 11 regions
    expect(zaslavskyGeneric(10, 1)).toBe(11n);
    expect(serraUpperBound([2, 4])).toBe(11n); // one layer: the bound is Zaslavsky's count
    expect(serraUpperBound([1, 2, 2])).toBe(9n);
    expect(montufarLowerBound([2, 4, 4])).toBe(4n * 11n); // floor(4/2)^2 · Σ_{j≤2} C(4, j)
    expect(montufarLowerBound([3, 2])).toBeNull();
  });

  it('decides general position exactly', () => {
    const R = (rows: number[][]) => rows.map((r) => r.map((v) => rat(BigInt(v))));
    const b = (v: number[]) => v.map((x) => rat(BigInt(x)));
    expect(isGenericArrangement(R([[1, 0], [0, 1], [1, 1]]), b([1, 2, 5]))).toBe(true);
    expect(isGenericArrangement(R([[1, 0], [0, 1], [1, 1]]), b([0, 0, 0]))).toBe(false); // a common point
    expect(isGenericArrangement(R([[1, 0], [2, 0], [1, 1]]), b([0, 1, 3]))).toBe(false); // parallel
    expect(isGenericArrangement(R([[1, 0], [0, 1], [1, 1]]), b([1, 2, 3]))).toBe(false); // (-1,-2) on all three
    // a multiple of the prime 2^26 − 5 in a minor: dependent modulo p, independent over Q
    expect(isGenericArrangement(R([[1, 0], [0, 1], [1, 67108859]]), b([1, 2, 5]))).toBe(true);
  });

  it('Wilson intervals and fits', () => {
    const w = wilson(0, 40);
    expect(w.lo).toBe(0);
    expect(w.hi).toBeCloseTo(0.0876, 4);
    const w2 = wilson(20, 40);
    expect(w2.lo).toBeCloseTo(0.3520, 3);
    expect(w2.hi).toBeCloseTo(0.6480, 3);
    const fit = linearFit([0, 1, 2, 3], [1, 3.1, 4.9, 7])!;
    expect(fit.slope).toBeCloseTo(1.98, 2);
    expect(fit.slopeLo).toBeLessThan(fit.slope);
    expect(fit.slopeHi).toBeGreaterThan(fit.slope);
  });
});

describe('the resumable CSV', () => {
  it('drops a cut-off last line, skips done rows and refuses other columns', () => {
    const path = join(tmp(), 'x.csv');
    const a = new StudyCsv(path, ['seed', 'arch', 'count'], ['seed', 'arch']);
    a.append({ seed: 0, arch: '2-3', count: 7 });
    appendFileSync(path, '1,2-3,');
    const b = new StudyCsv(path, ['seed', 'arch', 'count'], ['seed', 'arch']);
    expect(b.rows).toEqual([{ seed: '0', arch: '2-3', count: '7' }]);
    expect(b.has({ seed: 0, arch: '2-3' })).toBe(true);
    expect(b.has({ seed: 1, arch: '2-3' })).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('seed,arch,count\n0,2-3,7\n');
    writeFileSync(join(tmp(), 'y.csv'), 'a,b\n');
    expect(() => new StudyCsv(join(dirs[dirs.length - 1], 'y.csv'), ['seed'], ['seed'])).toThrow(/columns/);
  });

  it('study arguments', () => {
    expect(parseStudyArgs(['counts', '--quick', '--out', 'o'])).toEqual({ name: 'counts', options: { out: 'o', quick: true } });
    expect(() => parseStudyArgs(['nope'])).toThrow(/expected a study name/);
    expect(() => parseStudyArgs(['counts', '--fast'])).toThrow(/unknown option/);
  });
});

describe('quick studies (smoke and known answers)', () => {
  it('counts: every generic one-layer row on R^d matches Zaslavsky exactly; reruns reproduce rows and add none', async () => {
    const out = tmp();
    const r = await countsStudy({ out, quick: true, progress: false });
    const lines = readCsv(r.csv);
    const configs = countsSweep(true).configs;
    expect(lines.length).toBe(1 + configs.length);
    const rows = new StudyCsv(r.csv, lines[0].split(','), ['seed', 'architecture', 'domain']).rows;
    const z = rows.filter((row) => row.zaslavsky !== '');
    expect(z.length).toBeGreaterThan(0);
    for (const row of z) {
      expect(row.generic).toBe('yes');
      expect(row.activation_regions).toBe(row.zaslavsky);
      expect(row.zaslavsky_match).toBe('yes');
    }
    expect(readFileSync(r.report, 'utf8')).toContain(`${z.length} match Zaslavsky's count exactly`);
    // resumable: a second run does nothing and duplicates nothing
    const again = await countsStudy({ out, quick: true, progress: false, plots: false });
    expect(again.ran).toBe(0);
    expect(readCsv(r.csv)).toEqual(lines);
    // same seeds elsewhere: the same rows (but for the seconds column)
    const other = await countsStudy({ out: tmp(), quick: true, progress: false, plots: false });
    expect(withoutSeconds(readCsv(other.csv))).toEqual(withoutSeconds(lines));
    expect(r.plots.some((p) => p.endsWith('.png'))).toBe(true);
  });

  it('counts: a one-layer row equals a direct countRegions call on R^d', async () => {
    const net = randomNetwork({ arch: [2, 6], seed: 3, init: 'he', bias: 'gaussian', float32: true });
    expect((await countRegions(net, { domain: { kind: 'whole' } })).activationRegions).toBe(Number(zaslavskyGeneric(6, 2)));
  });

  it('injectivity: n = 1 estimates lie within their Wilson intervals of 1 − 2^{1−m}; resumable', async () => {
    const out = tmp();
    const r = await injectivityStudy({ out, quick: true, progress: false, plots: false });
    const lines = readCsv(r.csv);
    const rows = new StudyCsv(r.csv, lines[0].split(','), ['seed', 'architecture']).rows;
    const points = injectivityPoints(rows);
    const n1 = points.filter((p) => p.exact !== null);
    expect(n1.length).toBe(4);
    for (const p of n1) {
      expect(p.exact!).toBeGreaterThanOrEqual(p.lo);
      expect(p.exact!).toBeLessThanOrEqual(p.hi);
    }
    expect(points.find((p) => p.layers === 1 && p.n === 1 && p.alpha === 1)!.k).toBe(0); // m = 1 is never injective
    expect(rows.every((row) => row.exactness === 'exact')).toBe(true);
    const again = await injectivityStudy({ out, quick: true, progress: false, plots: false });
    expect(again.ran).toBe(0);
    expect(readCsv(r.csv).length).toBe(lines.length);
  });

  it('ratio: linear regions never exceed activation regions; one hidden layer gives ratio 1; --workers 2 gives the same CSV', async () => {
    const r = await ratioStudy({ out: tmp(), quick: true, progress: false, plots: false });
    const lines = readCsv(r.csv);
    // worker threads: the same rows, in the same order
    const w = await ratioStudy({ out: tmp(), quick: true, progress: false, plots: false, workers: 2 });
    expect(withoutSeconds(readCsv(w.csv))).toEqual(withoutSeconds(lines));
    const rows = new StudyCsv(r.csv, lines[0].split(','), ['seed', 'architecture']).rows;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(Number(row.linear_regions)).toBeLessThanOrEqual(Number(row.activation_regions));
      if (row.depth === '1') expect(row.ratio).toBe('1');
    }
  });

  it('training: regions holding data never exceed the regions; a rerun reproduces the rows', async () => {
    const r = await trainingStudy({ out: tmp(), quick: true, progress: false, plots: false });
    const lines = readCsv(r.csv);
    const rows = new StudyCsv(r.csv, lines[0].split(','), ['seed', 'epoch', 'architecture']).rows;
    expect(rows.map((row) => row.epoch)).toEqual(['0', '1', '2', '3', '4']);
    for (const row of rows) {
      expect(Number(row.regions_with_data)).toBeLessThanOrEqual(Number(row.activation_regions));
      expect(Number(row.regions_with_data) + Number(row.points_on_boundary)).toBeGreaterThan(0);
    }
    expect(Number(rows[4].train_accuracy)).toBeGreaterThan(Number(rows[0].train_accuracy));
    const other = await trainingStudy({ out: tmp(), quick: true, progress: false, plots: false });
    expect(withoutSeconds(readCsv(other.csv))).toEqual(withoutSeconds(lines));
  });
});

describe('relu-regions random (CLI)', () => {
  it('writes the library function\'s JSON, byte-identical per seed; bad flags are one line, exit 2', () => {
    const a = cli('random', '--arch', '2-4-1', '--seed', '9', '--float32', '--linear-last', '--bias', 'uniform');
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(randomNetworkText(randomNetwork({ arch: [2, 4, 1], seed: 9, float32: true, linearLast: true, bias: 'uniform' })));
    const out = join(tmp(), 'net.json');
    expect(cli('random', '--arch', '2-4-1', '--seed', '9', '--float32', '--linear-last', '--bias', 'uniform', '-o', out).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(a.stdout);
    const bad = cli('random', '--arch', '2-4-1', '--init', 'lecun');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('error: --init: expected one of he, xavier, uniform, gaussian, got "lecun"\n');
    expect(cli('random', '--arch', '2-4-1', '--seed', '-3').status).toBe(2);
  });
});
