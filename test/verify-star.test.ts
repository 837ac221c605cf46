/**
 * The star engine of verify (verify/star.ts, `engine: 'star'`, CLI `--engine star`): exact
 * verdicts on constructed networks (agreeing with the exact range), ACAS Xu 1_1 property 1 (unsat,
 * certificate format version 3 checked) and 1_2 property 2 (sat, found by the search itself
 * without the attack), hand tamperings of a star certificate, and the CLI round trip.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkVerdictCertificate } from '../src/certify/verdict-checker.js';
import { loadNetwork } from '../src/network/load.js';
import type { Network } from '../src/network/network.js';
import { networkToJson } from '../src/testing/arbitraries.js';
import { affineProperty } from '../src/verify/affine-property.js';
import { outputRange } from '../src/verify/region-queries.js';
import { verifyProperty } from '../src/verify/verify.js';
import { loadVnnlib, parseVnnlib, type Property } from '../src/verify/vnnlib.js';
import { expectCounterexample } from './helpers/verdicts.js';
import { layer, net, sawtooth } from './helpers/nets.js';
import { cliAsync } from './helpers/cli.js';
import { add, rat, type Rational } from '../src/kernel/rational.js';

const acas = (name: string) => new URL(`../../shared/acasxu/${name}`, import.meta.url).pathname;

async function star(n: Network, p: Property, options: Record<string, unknown> = {}) {
  const lines: string[] = [];
  const v = await verifyProperty(n, p, { engine: 'star', certificate: (l) => lines.push(JSON.stringify(l)), ...options });
  return { v, lines };
}

const sawProp = (t: string) => parseVnnlib(`(declare-const X_0 Real)(declare-const Y_0 Real)(assert (>= X_0 0))(assert (<= X_0 1))(assert (>= Y_0 ${t}))`);

describe('verify --engine star: exact verdicts', () => {
  it("Telgarsky's sawtooth: reaches 1, nothing above it; the unsat certificate (version 4, a star leaf) checks, and as version 3", async () => {
    const n = sawtooth(5);
    const above = await star(n, sawProp('1.0000001'), { attack: false });
    expect(above.v.result).toBe('unsat');
    const header = JSON.parse(above.lines[0]);
    expect(header.version).toBe(4);
    expect(JSON.parse(above.lines[1])).toEqual({ t: 'star' });
    expect(checkVerdictCertificate(n, affineProperty(sawProp('1.0000001')), above.lines)).toMatchObject({ valid: true, verdict: 'unsat' });
    // without tight entries a version-4 star tree is a version-3 one: older files still check
    expect(above.lines.some((l) => l.includes('"tight"'))).toBe(false);
    const v3 = [JSON.stringify({ ...header, version: 3 }), ...above.lines.slice(1)];
    expect(checkVerdictCertificate(n, affineProperty(sawProp('1.0000001')), v3)).toMatchObject({ valid: true, verdict: 'unsat' });
    const at = await star(n, sawProp('1'), { attack: false });
    expectCounterexample(n, sawProp('1'), at.v);
  });

  it('agrees with the exact range: Y_0 >= t is sat iff t <= max Y_0 (2 inputs, two layers)', async () => {
    const n = net(2, layer([[1, -1], [1, 1], [-1, 2]], [0, '-1/3', '1/4']), layer([[1, 1, -1], [2, -1, 1]], ['1/8', 0]), layer([[1, -2]], [0], 'linear'));
    const box = { kind: 'box' as const, lo: [{ n: -1n, d: 1n }, { n: -1n, d: 1n }], hi: [{ n: 1n, d: 1n }, { n: 1n, d: 1n }] };
    const max = (await outputRange(n, [{ n: 1n, d: 1n }], box)).max.value;
    // Y_0 >= t over [-1, 1]^2, built directly (t rational)
    const prop = (t: Rational): Property => ({
      inputs: 2,
      outputs: 1,
      inputBox: { lo: [rat(-1n), rat(-1n)], hi: [rat(1n), rat(1n)] },
      unsafe: [[{ kind: 'le', lhs: { const: t }, rhs: { var: 'Y', index: 0 } }]],
    });
    const sat = await star(n, prop(max), { attack: false });
    expectCounterexample(n, prop(max), sat.v);
    const p = prop(add(max, rat(1n, 1000000n)));
    const unsat = await star(n, p);
    expect(unsat.v.result).toBe('unsat');
    expect(checkVerdictCertificate(n, affineProperty(p), unsat.lines)).toMatchObject({ valid: true, verdict: 'unsat' });
  });
});

describe('verify --engine star on ACAS Xu (published verdicts)', () => {
  it('1_1 property 1: unsat with a few dozen cells; the certificate checks; tamperings are rejected', async () => {
    const n = loadNetwork(acas('ACASXU_run2a_1_1_batch_2000.onnx'));
    const p = loadVnnlib(acas('prop_1.vnnlib'));
    const { v, lines } = await star(n, p, { timeoutSeconds: 100 });
    expect(v.result).toBe('unsat');
    expect(v.stats.star!.cells).toBeLessThan(300);
    const t = v.stats.star!;
    expect(checkVerdictCertificate(n, affineProperty(p), lines)).toMatchObject({ valid: true, verdict: 'unsat', star: { cells: t.cells, pruned: t.pruned, leaves: t.leaves, empty: t.empty } });
    const nodes = lines.map((l) => JSON.parse(l));
    const tampered = (f: (c: any[]) => void) => {
      const c = structuredClone(nodes);
      f(c);
      return checkVerdictCertificate(n, affineProperty(p), c.map((l) => JSON.stringify(l)));
    };
    // the whole box claimed pruned at the root: CROWN over the property's box does not show it
    const first = nodes.findIndex((l) => l.t === 'prune');
    expect(tampered((c) => c.splice(2, first - 2 + 1, { t: 'bounds', n: [] }, { ...nodes[first], y: [null] }))).toMatchObject({ valid: false, line: 4 });
    // a split on a neuron that does not exist, or on one already decided (the split's own neuron, in its child)
    const split = nodes.findIndex((l) => l.t === 'split');
    expect(tampered((c) => (c[split].neuron = 10_000))).toMatchObject({ valid: false, line: split + 1 });
    expect(tampered((c) => c.splice(split + 1, 0, { ...nodes[split] }))).toMatchObject({ valid: false, line: split + 2 });
    // the version-2 header cannot carry a star leaf
    expect(tampered((c) => (c[0].version = 2))).toMatchObject({ valid: false, line: 2 });
  });

  it('1_2 property 2: sat, found by the star search itself (attack off), exact counterexample', async () => {
    const n = loadNetwork(acas('ACASXU_run2a_1_2_batch_2000.onnx'));
    const p = loadVnnlib(acas('prop_2.vnnlib'));
    const { v } = await star(n, p, { timeoutSeconds: 100, attack: false });
    expectCounterexample(n, p, v);
  });
});

describe("engine 'auto'", () => {
  it('answers with the box engine within its budget of boxes, else with the star engine (certificate of the engine that answered)', async () => {
    const n = sawtooth(5);
    const p = sawProp('1.0000001');
    for (const [autoBoxes, star] of [
      [100000, false],
      [2, true],
    ] as const) {
      const lines: string[] = [];
      const v = await verifyProperty(n, p, { engine: 'auto', autoBoxes, certificate: (l) => lines.push(JSON.stringify(l)) });
      expect(v.result).toBe('unsat');
      expect(v.stats.star !== undefined).toBe(star);
      expect(lines.some((l) => l === '{"t":"star"}')).toBe(star);
      expect(lines.filter((l) => l.includes('"format"'))).toHaveLength(1);
      expect(checkVerdictCertificate(n, affineProperty(p), lines)).toMatchObject({ valid: true, verdict: 'unsat' });
    }
  });
});

describe('CLI: verify --engine star', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'relu-regions-star-'));
  const cli = cliAsync;

  it('writes a certificate that check accepts; a bad engine name and --exact-prunes are refused', async () => {
    const saw = join(tmp, 'saw.json');
    writeFileSync(saw, JSON.stringify(networkToJson(sawtooth(4))));
    const prop = join(tmp, 'p.vnnlib');
    writeFileSync(prop, '(declare-const X_0 Real)\n(declare-const Y_0 Real)\n(assert (>= X_0 0))\n(assert (<= X_0 1))\n(assert (>= Y_0 1.000001))\n');
    const cert = join(tmp, 'c.jsonl');
    const [v, bad, exact] = await Promise.all([
      cli('verify', saw, prop, '--engine', 'star', '--certificate', cert),
      cli('verify', saw, prop, '--engine', 'stars'),
      cli('verify', saw, prop, '--engine', 'star', '--exact-prunes'),
    ]);
    expect(v).toMatchObject({ status: 0, stdout: expect.stringMatching(/^unsat\n; \d+ star cells[^]*certificate written to /) });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--engine: expected "box", "star" or "auto"/);
    expect(exact.status).not.toBe(0);
    expect(exact.stderr).toMatch(/--exact-prunes is an option of --engine box/);
    const c = await cli('check', saw, cert, '--property', prop);
    expect(c).toMatchObject({ status: 0, stdout: expect.stringMatching(/^valid: unsat \(star: \d+ cells, \d+ refuted by certified linear bounds/) });
  });
});
