/**
 * Range certificates (format.ts, "Range certificates"): written by outputRange, checked by the
 * independent range checker; known ranges, hand-made tamperings with their reasons, the CLI.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkCertificate } from '../src/certify/checker.js';
import type { RangeCertificateLine } from '../src/certify/format.js';
import { checkRangeCertificate, type RangeCheckResult } from '../src/certify/range-checker.js';
import type { Domain } from '../src/domain/domain.js';
import { parseRational, toString, type Rational } from '../src/kernel/rational.js';
import { loadNetwork } from '../src/network/load.js';
import type { Network } from '../src/network/network.js';
import { outputRange } from '../src/verify/region-queries.js';
import { box, layer, net, plusMinus, sawtooth, whole } from './helpers/nets.js';

type Obj = Record<string, any>;
const R = (s: string): Rational => parseRational(s)!;

async function certify(n: Network, objective: string[], domain?: Domain, engine?: 'lp' | 'vertex') {
  const cert: Obj[] = [];
  const r = await outputRange(n, objective.map(R), domain, { engine, certificate: (line: RangeCertificateLine) => cert.push(line) });
  return { cert, r };
}
const check = (n: Network, cert: Obj[], domain: Domain | null = null): RangeCheckResult =>
  checkRangeCertificate(n, domain, cert.map((l) => JSON.stringify(l)));

function rejected(r: RangeCheckResult, line: number, reason: RegExp): void {
  expect(r.valid).toBe(false);
  if (r.valid) return;
  expect(r.reason).toMatch(reason);
  expect(r.line).toBe(line);
}

describe('range certificates: written by outputRange, valid under the independent checker', () => {
  it.each([1, 3, 6])("Telgarsky's sawtooth T^%i on [0,1]: min 0, max 1", async (k) => {
    const n = sawtooth(k);
    const { cert, r } = await certify(n, ['1'], box(0, 1, 1));
    const c = check(n, cert, box(0, 1, 1));
    expect(c).toMatchObject({ valid: true, objective: ['1'], min: '0', max: '1', regions: 2 ** k });
    if (!c.valid) return;
    expect(c.argmax).toEqual(r.max.point.map(toString));
    expect(c.argmin).toEqual(r.min.point.map(toString));
    expect(c.domain).toEqual({ kind: 'box', lo: ['0'], hi: ['1'] });
    expect(cert[0]).toMatchObject({ kind: 'range', objective: ['1'] });
    // every region leaf carries both duals, with nonnegative multipliers
    for (const leaf of cert.filter((l) => l.t === 'region')) {
      for (const [, y] of [...leaf.upper, ...leaf.lower]) expect(R(y).n).toBeGreaterThanOrEqual(0n);
    }
  });

  it('a 2-input net on a box, rational objective, both engines', async () => {
    // y = (ReLU(x1 - x2), ReLU(x1 + x2 - 1/3)) on [-1,1]²; objective y0 - 2 y1: max 2 at (1,-1), min -10/3 at (1,1)
    const n = net(2, layer([[1, -1], [1, 1]], [0, '-1/3']));
    for (const engine of ['vertex', 'lp'] as const) {
      const { cert } = await certify(n, ['1', '-2'], box(-1, 1, 2), engine);
      expect(check(n, cert)).toMatchObject({ valid: true, objective: ['1', '-2'], min: '-10/3', max: '2', argmax: ['1', '-1'], argmin: ['1', '1'] });
    }
    // the identity ReLU([I; -I] x)·[I, -I] on [-1,1]², objective x1 - x2/2
    const id = plusMinus(2, true);
    expect(check(id, (await certify(id, ['1', '-1/2'], box(-1, 1, 2))).cert)).toMatchObject({ valid: true, min: '-3/2', max: '3/2' });
  });

  it('the whole space: unbounded regions where the output is constant', async () => {
    // clamp(x) = ReLU(x) - ReLU(x - 1) on R: [0, 1]; the outer regions have zero gradient (empty duals)
    const clamp = net(1, layer([[1], [1]], [0, -1]), layer([[1, -1]], [0], 'linear'));
    const { cert } = await certify(clamp, ['1'], whole);
    expect(check(clamp, cert)).toMatchObject({ valid: true, min: '0', max: '1', regions: 3 });
    expect(cert.filter((l) => l.t === 'region' && l.upper.length === 0 && l.lower.length === 0)).toHaveLength(2);
  });

  it('a shared benchmark net (float32 weights): valid, with timings', async () => {
    const n = loadNetwork(new URL('../../shared/nets/random-d2-16x16.json', import.meta.url).pathname);
    const t0 = performance.now();
    const { cert, r } = await certify(n, n.layers.at(-1)!.weights.map((_, k) => (k === 0 ? '1' : '0')));
    const written = (performance.now() - t0) / 1000;
    const c = check(n, cert, box(-1, 1, 2));
    expect(c).toMatchObject({ valid: true, regions: 127, min: toString(r.min.value), max: toString(r.max.value) });
    if (c.valid) console.log(`random-d2-16x16 output 0: ${cert.length} lines, written in ${written.toFixed(2)} s, checked in ${c.seconds.toFixed(2)} s`);
  });
});

describe('range certificates: tampering is rejected with a reason and a line', () => {
  const n = sawtooth(2);
  let cert: Obj[] = [];
  let endLine = 0;
  let firstRegion = 0;
  let foot = 0;
  beforeAll(async () => {
    ({ cert } = await certify(n, ['1'], box(0, 1, 1)));
    endLine = cert.length;
    firstRegion = cert.findIndex((l) => l.t === 'region');
    foot = endLine - 1;
  });
  const tamper = (f: (c: Obj[]) => void) => {
    const c = structuredClone(cert);
    f(c);
    return check(n, c);
  };

  it('the footer: max, min, argmax, argmin', () => {
    rejected(tamper((c) => (c[foot].max = '999/1000')), endLine, /footer: region \d+'s upper bound U = 1 exceeds max 999\/1000/);
    rejected(tamper((c) => (c[foot].min = '1/1000')), endLine, /footer: region \d+'s lower bound L = 0 is below min 1\/1000/);
    rejected(tamper((c) => (c[foot].max = '1001/1000')), endLine, /footer: c·f\(argmax\) = 1 \(exact forward pass\), not max 1001\/1000/);
    rejected(tamper((c) => (c[foot].argmax = ['1/3'])), endLine, /footer: c·f\(argmax\) = 2\/3 .*not max 1/);
    rejected(tamper((c) => (c[foot].argmin = ['2'])), endLine, /footer: argmin is outside the domain/);
    rejected(tamper((c) => (c[foot].argmin = ['x'])), endLine, /footer: argmin\[0\]: not an exact rational string/);
    rejected(tamper((c) => delete c[foot].max), endLine, /footer: max: not an exact rational string/);
  });

  it('the dual certificates of a region leaf', () => {
    const line = firstRegion + 1;
    rejected(tamper((c) => (c[firstRegion].upper[0][1] = '2')), line, /region 0: upper: Σ y_i a_i != g \(coordinate 0/);
    rejected(tamper((c) => c[firstRegion].lower.pop()), line, /region 0: lower: Σ y_i a_i != −g/);
    rejected(tamper((c) => (c[firstRegion].upper[0][1] = '-1')), line, /region 0: upper: multiplier of row \d+ is negative/);
    rejected(tamper((c) => c[firstRegion].upper.push(c[firstRegion].upper[0])), line, /region 0: upper: row \d+ has two multipliers/);
    rejected(tamper((c) => (c[firstRegion].upper[0][0] = 99)), line, /region 0: upper: multiplier for row 99, but the node has rows 0\.\./);
    rejected(tamper((c) => delete c[firstRegion].lower), line, /region 0: lower missing/);
    rejected(tamper((c) => (c[firstRegion].upper = {})), line, /region 0: upper must be an array of \[row, y\] pairs/);
  });

  it('the header: objective, kind; and the domain asked for', () => {
    rejected(tamper((c) => (c[0].objective = ['2'])), firstRegion + 1, /region 0: upper: Σ y_i a_i != g/);
    rejected(tamper((c) => (c[0].objective = ['1', '0'])), 1, /header: objective \(one coefficient per network output\): expected an array of 1/);
    rejected(tamper((c) => delete c[0].objective), 1, /header: objective missing/);
    rejected(tamper((c) => (c[0].kind = 'enumeration')), 1, /header: kind "enumeration", expected "range"/);
    rejected(check(n, cert, box(0, 2, 1)), 1, /the certificate's domain .* is not the given domain/);
    // and the enumeration checker does not take a range certificate for one
    const e = checkCertificate(n, null, cert.map((l) => JSON.stringify(l)));
    expect(e).toMatchObject({ valid: false, line: 1, reason: 'header: kind "range", expected "enumeration"' });
  });

  it('the split tree is checked as for enumeration certificates', () => {
    rejected(tamper((c) => c.splice(firstRegion, 1)), firstRegion + 1, /region ids|leaf|expected/);
    rejected(tamper((c) => (c[firstRegion].map.c[0] = '5')), firstRegion + 1, /map c\[0\] differs/);
  });
});

describe('relu-regions range --certificate, then check', () => {
  const root = new URL('..', import.meta.url).pathname;
  type Run = { status: number | null; stdout: string; stderr: string };
  // two at a time (each run pays the tsx start-up)
  const cli = (...a: string[]) =>
    new Promise<Run>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...a], { cwd: root });
      let [stdout, stderr] = ['', ''];
      child.stdout.on('data', (b) => (stdout += b));
      child.stderr.on('data', (b) => (stderr += b));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  const tmp = mkdtempSync(join(tmpdir(), 'relu-regions-range-'));

  it('round trip: exit 0 valid, a tampered file exit 1 with the line and reason; a failed run writes no file', async () => {
    const netPath = join(tmp, 'fold.json');
    // the fold (|x1|, x2) on [-1,1]² (ReLU(x2 + 2) - 2 = x2 there); objective |x1| + x2/2
    writeFileSync(netPath, JSON.stringify({ inputSize: 2, layers: [{ weights: [[1, 0], [-1, 0], [0, 1]], bias: [0, 0, 2] }, { weights: [[1, 1, 0], [0, 0, 1]], bias: [0, -2], activation: 'linear' }] }));
    const reluPath = join(tmp, 'relu.json');
    writeFileSync(reluPath, JSON.stringify({ inputSize: 1, layers: [{ weights: [[1]], bias: [0] }] }));
    const certPath = join(tmp, 'fold.range.jsonl');
    const unboundedPath = join(tmp, 'unbounded.jsonl');
    const [w, u] = await Promise.all([
      cli('range', netPath, '--objective', '1,1/2', '--certificate', certPath),
      cli('range', reluPath, '--output', '0', '--whole-space', '--certificate', unboundedPath),
    ]);
    expect(w.status).toBe(0);
    expect(w.stdout).toMatch(/^min -0\.5 at .*\nmax 1\.5 at/);
    expect(w.stderr).toContain(`certificate written to ${certPath}`);
    expect(existsSync(`${certPath}.partial`)).toBe(false);
    expect(u.status).toBe(3); // no answer: the range is unbounded
    expect(u.stderr).toMatch(/unbounded/);
    expect(existsSync(unboundedPath)).toBe(false);
    expect(existsSync(`${unboundedPath}.partial`)).toBe(false);

    const lines = readFileSync(certPath, 'utf8').trim().split('\n');
    const footer = JSON.parse(lines.at(-1)!);
    footer.max = '7/5';
    const badPath = join(tmp, 'tampered.jsonl');
    writeFileSync(badPath, [...lines.slice(0, -1), JSON.stringify(footer)].join('\n') + '\n');
    const [ok, bad] = await Promise.all([cli('check', netPath, certPath, '--box', '-1:1,-1:1'), cli('check', netPath, badPath)]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^valid: objective \(1, 1\/2\)·y ranges over \[-1\/2, 3\/2\] on \d+ regions/);
    expect(ok.stdout).toContain('domain: box [-1,1]^2\n');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(new RegExp(`^invalid: line ${lines.length}: footer: region \\d+'s upper bound U = 3/2 exceeds max 7/5`));
  });
});
