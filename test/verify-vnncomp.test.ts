import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCounterexample } from './helpers/verdicts.js';
import { checkVerdictCertificateParallel } from '../src/certify/parallel-check.js';
import { loadNetwork } from '../src/network/load.js';
import { checkVerdictCertificate } from '../src/certify/verdict-checker.js';
import { affineProperty } from '../src/verify/affine-property.js';
import { verifyProperty } from '../src/verify/verify.js';
import { loadVnnlib } from '../src/verify/vnnlib.js';

const file = (name: string) => new URL(`../../shared/vnncomp-test/${name}`, import.meta.url).pathname;

describe('VNN-COMP test instances (published verdicts)', () => {
  it.each([
    ['test_nano.onnx', 'test_nano.vnnlib'],
    ['test_tiny.onnx', 'test_tiny.vnnlib'],
    ['test_small.onnx', 'test_small.vnnlib'],
  ])('%s with %s holds (unsat)', async (net, prop) => {
    expect((await verifyProperty(loadNetwork(file(net)), loadVnnlib(file(prop)))).result).toBe('unsat');
  });

  it('test_unsat.onnx (ACAS Xu) satisfies test_prop.vnnlib (property 3): unsat', async () => {
    const v = await verifyProperty(loadNetwork(file('test_unsat.onnx')), loadVnnlib(file('test_prop.vnnlib')), { timeoutSeconds: 60 });
    expect(v.result).toBe('unsat');
  });

  it('test_sat.onnx (ACAS Xu 1_7) violates test_prop.vnnlib (sat) with an exact counterexample', async () => {
    const net = loadNetwork(file('test_sat.onnx'));
    const prop = loadVnnlib(file('test_prop.vnnlib'));
    const v = await verifyProperty(net, prop, { timeoutSeconds: 60 });
    expectCounterexample(net, prop, v);
  });
});

const acas = (name: string) => new URL(`../../shared/acasxu/${name}`, import.meta.url).pathname;

describe('ACAS Xu 1_1 (published verdicts: both hold)', () => {
  const net = () => loadNetwork(acas('ACASXU_run2a_1_1_batch_2000.onnx'));

  it('prop_4.vnnlib: unsat, every sub-box pruned by the proven float filter; the certificate checks, a false prune does not', async () => {
    const n = net();
    const prop = loadVnnlib(acas('prop_4.vnnlib'));
    const lines: string[] = [];
    const v = await verifyProperty(n, prop, { engine: 'box', timeoutSeconds: 200, certificate: (l) => lines.push(JSON.stringify(l)) });
    expect(v.result).toBe('unsat');
    expect(v.stats.boxesPruned).toBeGreaterThan(1);
    expect(JSON.parse(lines[0]).version).toBe(4);
    const r = checkVerdictCertificate(n, affineProperty(prop), lines);
    expect(r).toMatchObject({ valid: true, verdict: 'unsat', pruned: v.stats.boxesPruned, boxes: v.stats.boxes });
    // the whole box claimed pruned at once: neither the float filter nor the exact bound shows it
    const footer = { t: 'end', verdict: 'unsat', boxes: 1, pruned: 1, enumerated: 0, regions: 0 };
    const whole = [lines[0], JSON.stringify({ t: 'pruned', atoms: JSON.parse(lines.find((l) => l.includes('"pruned"'))!).atoms }), JSON.stringify(footer)];
    const t = checkVerdictCertificate(n, null, whole);
    expect(t).toMatchObject({ valid: false, line: 2 });
    if (!t.valid) expect(t.reason).toMatch(/exact lower bound on the box is .* <= 0/);
  });

  it('prop_4.vnnlib with --exact-prunes: unsat, every sub-box pruned by exact linear bounds; the certificate checks', async () => {
    const n = net();
    const prop = loadVnnlib(acas('prop_4.vnnlib'));
    const lines: string[] = [];
    const v = await verifyProperty(n, prop, { timeoutSeconds: 200, exactPrunes: true, certificate: (l) => lines.push(JSON.stringify(l)) });
    expect(v.result).toBe('unsat');
    expect(v.stats.boxesEnumerated).toBe(0);
    const r = checkVerdictCertificate(loadNetwork(acas('ACASXU_run2a_1_1_batch_2000.onnx')), affineProperty(prop), lines);
    expect(r).toMatchObject({ valid: true, verdict: 'unsat', pruned: v.stats.boxesPruned });
    // the same answer from worker threads (which chain the ancestors' bounds themselves)
    const file = join(mkdtempSync(join(tmpdir(), 'relu-regions-acas-')), 'prop4.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');
    const p = await checkVerdictCertificateParallel(n, affineProperty(prop), file, 2);
    expect({ ...p, seconds: 0 }).toEqual({ ...r, seconds: 0 });
    // prunes that needed their ancestors' exact bounds (`prior`) fail without them, or with too many
    const first = lines.findIndex((l) => l.includes('"prior"'));
    expect(first).toBeGreaterThan(0);
    const leaf = JSON.parse(lines[first]);
    for (const bad of [{ ...leaf, prior: undefined }, { ...leaf, prior: leaf.prior + 40 }]) {
      const tampered = [...lines.slice(0, first), JSON.stringify(bad)];
      const t = checkVerdictCertificate(n, null, tampered, { exactPrunes: true });
      expect(t).toMatchObject({ valid: false, line: first + 1 });
      if (!t.valid) expect(t.reason).toMatch(/exact lower bound on the box is .* <= 0|prior \d+ reaches above the root/);
    }
  });

  it('prop_3.vnnlib: unsat with prunes decided by the proven float filter', async () => {
    // the exact bound on its ~2,600 prunes (--exact-prunes) takes about a minute: measured in the README
    const v = await verifyProperty(net(), loadVnnlib(acas('prop_3.vnnlib')), { engine: 'box', timeoutSeconds: 100 });
    expect(v.result).toBe('unsat');
    expect(v.stats.boxesEnumerated).toBe(0);
  });
});

describe('ACAS Xu property 1 (published: holds on every network)', () => {
  it('network 1_5: unsat; the certificate (chained prunes, bisections searched upper half first) checks', async () => {
    const n = loadNetwork(acas('ACASXU_run2a_1_5_batch_2000.onnx'));
    const prop = loadVnnlib(acas('prop_1.vnnlib'));
    const lines: string[] = [];
    const v = await verifyProperty(n, prop, { engine: 'box', timeoutSeconds: 200, certificate: (l) => lines.push(JSON.stringify(l)) });
    expect(v.result).toBe('unsat');
    expect(lines.some((l) => l.includes('"first":"upper"'))).toBe(true);
    expect(lines.some((l) => l.includes('"prior"'))).toBe(true);
    expect(checkVerdictCertificate(n, affineProperty(prop), lines)).toMatchObject({ valid: true, verdict: 'unsat', boxes: v.stats.boxes, pruned: v.stats.boxesPruned });
    // the order of the halves matters: the same tree read with every "upper" first dropped is another tree
    const swapped = lines.map((l) => l.replace(',"first":"upper"', ''));
    expect(checkVerdictCertificate(n, affineProperty(prop), swapped).valid).toBe(false);
  });
});

describe('ACAS Xu property 2 (published: violated on most networks): counterexamples first', () => {
  it.each(['2_1', '4_3', '5_9'])('network %s: the float attack proposes, the exact forward pass confirms, the certificate checks', async (n) => {
    const net = loadNetwork(acas(`ACASXU_run2a_${n}_batch_2000.onnx`));
    const prop = loadVnnlib(acas('prop_2.vnnlib'));
    const v = await verifyProperty(net, prop, { timeoutSeconds: 60 });
    expectCounterexample(net, prop, v);
    expect(v.stats.boxes).toBe(0); // found before the first box
    const { satCertificate } = await import('../src/verify/verdict-writer.js');
    if (v.result === 'sat') {
      const lines = satCertificate(net, prop, v.x, v.disjunct).map((l) => JSON.stringify(l));
      expect(checkVerdictCertificate(net, affineProperty(prop), lines)).toMatchObject({ valid: true, verdict: 'sat' });
    }
  });

  it('without the attack the same search still ends sat or unknown (the attack changes speed, not answers)', async () => {
    const net = loadNetwork(acas('ACASXU_run2a_2_1_batch_2000.onnx'));
    const v = await verifyProperty(net, loadVnnlib(acas('prop_2.vnnlib')), { engine: 'box', attack: false, timeoutSeconds: 2 });
    expect(v.result).not.toBe('unsat');
  });
});
