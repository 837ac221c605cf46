/**
 * The barrier examples (examples/barrier/, referenced from the README): the hand-made barrier
 * script prints its known answers; the trained candidates are reproducible byte for byte (the
 * smallest is retrained here) and `invariant` gives their known answers on the committed JSON
 * (certificates checked, counterexamples re-checked by exact forward passes); the barrier
 * picture draws the exact sets.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forward, toRational, toString, type Fraction } from 'relu-regions';
import { examine } from '../examples/barrier/closed-loops.js';
import { barrierPicture } from '../examples/barrier/picture.js';
import { saturatedFeedback } from '../examples/barrier/systems.js';
import { CANDIDATES, CONTROLLERS, controllerText, SETS, setText, trainedText } from '../examples/barrier/train.js';
import { toNetwork } from '../src/api/inputs.js';
import { sign } from '../src/kernel/rational.js';
import { pngSize, PNG_SIGNATURE } from '../src/plot/png.js';
import { root } from './helpers/cli.js';

it('examples/barrier/barrier.ts: invariant, safe, initial set inside; the undamped plant breaks it at (1, 0); S has area 2', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'examples/barrier/barrier.ts')], { encoding: 'utf8', cwd: root });
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe(
    'invariant: true; safe: true; initial set inside: true\n' +
      'undamped: invariant: false; x = (1, 0), B(x) = 0, G(x) = (1, -1/20), B(G(x)) = 1/20\n' +
      'S has 4 pieces, area 2\n',
  );
  expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('examples/barrier/barrier.ts');
});

describe('trained barrier candidates (examples/barrier/train.ts)', () => {
  it('retraining the smallest (di-16, seeded) gives the committed file byte for byte', () => {
    const committed = readFileSync(join(root, 'examples/barrier', CANDIDATES['di-16'].file), 'utf8');
    expect(trainedText('di-16')).toBe(committed);
  });

  it('the committed files have the sizes of the paper’s experiments, exact rational weights', () => {
    const sizes = Object.values(CANDIDATES).map((c) => {
      const net = JSON.parse(readFileSync(join(root, 'examples/barrier', c.file), 'utf8')) as { inputSize: number; layers: { weights: string[][] }[] };
      for (const l of net.layers) for (const row of l.weights) for (const w of row) expect(w).toMatch(/^-?\d+(\/\d+)?$/);
      return [net.inputSize, ...net.layers.map((l) => l.weights.length)].join('-');
    });
    expect(sizes).toEqual(['2-16-1', '2-64-1', '3-16-1', '2-16-16-1']);
  });

  it('the committed controllers and sets are the systems’ (saturated feedbacks, U and I)', () => {
    for (const [file, system] of Object.entries(CONTROLLERS)) expect(readFileSync(join(root, 'examples/barrier', file), 'utf8')).toBe(controllerText(system));
    for (const [file, p] of Object.entries(SETS)) expect(readFileSync(join(root, 'examples/barrier', file), 'utf8')).toBe(setText(p));
  });

  it('the saturated feedback is exactly clamp(−K x, −umax, umax)', () => {
    const pi = toNetwork(saturatedFeedback([['18', '6']], '8', ['θ', 'ω']));
    const at = (t: string, w: string) => toString(forward(pi, [t, w].map((s) => ({ n: BigInt(s.split('/')[0]), d: BigInt(s.split('/')[1] ?? '1') }))).output[0]);
    expect([at('1/10', '1/10'), at('1', '0'), at('-1', '0'), at('0', '0')]).toEqual(['-12/5', '-8', '8', '0']);
  });
});

/** B(x) <= 0 < B(G(x)), recomputed by exact forward passes. */
function recheck(B: ReturnType<typeof toNetwork>, G: ReturnType<typeof toNetwork>, x: Fraction[]) {
  const b = forward(B, x.map((v) => toRational(v, 'x'))).output[0];
  const g = forward(G, x.map((v) => toRational(v, 'x'))).output;
  return { inS: sign(b) <= 0, successorOutside: sign(forward(B, g).output[0]) > 0, g };
}
const proves = (claims: object | undefined) => Object.keys(claims ?? {}).join(', ');

describe('invariant on the committed candidates (known answers)', () => {
  it('double integrator, shallow 16: invariant, safe, I ⊆ S, c* = 0 (S itself), certificate checked', async () => {
    const e = await examine('di-16');
    expect(e.answer).toMatchObject({ invariant: true, safe: true, initialInside: true, regions: 228, pieces: 140 });
    expect(e.answer.level!.value!.toFraction()).toBe('0');
    expect(e.answer.level!.closed).toBe(true);
    expect(proves(e.answer.certified)).toBe('invariant, safe, initialInside, level, pieces');
    expect(e.checked).toBe(true);
  });

  it('double integrator, shallow 64: invariant, safe, I ⊆ S (its certificate is checked by the benchmark and the example script)', async () => {
    const e = await examine('di-64', { certify: false });
    expect(e.answer).toMatchObject({ invariant: true, safe: true, initialInside: true, regions: 1064 });
  });

  it('3-D double integrator with actuator lag, shallow 16: invariant, safe, I ⊆ S, though c* is B(0) (B increases arbitrarily near the equilibrium)', async () => {
    const e = await examine('lag-16', { certify: false });
    expect(e.answer).toMatchObject({ invariant: true, safe: true, initialInside: true, regions: 5710 });
    expect(e.answer.level!.value!.toFraction()).toBe('-575/1024');
    expect(e.answer.level!.closed).toBe(true);
    expect(e.answer.level!.point!.x.map((v) => v.toFraction())).toEqual(['0', '0', '0']);
  });

  it('pendulum, deep 16×16 (|u| <= 8): invariant, safe, I ⊆ S, certificate checked', async () => {
    const e = await examine('pendulum-16x16');
    expect(e.answer).toMatchObject({ invariant: true, safe: true, initialInside: true, regions: 498 });
    expect(e.checked).toBe(true);
  });

  it('the same pendulum barrier with a weaker motor (|u| <= 3): not invariant, an exact counterexample, a checked certificate of c* < 0, and B − c* a certified barrier', async () => {
    const e = await examine('pendulum-16x16/weak');
    const a = e.answer;
    expect(a).toMatchObject({ invariant: false, safe: true, initialInside: true, regions: 715, pieces: 402 });
    const w = a.counterexample!;
    expect(w.reason).toBe('barrier');
    const r = recheck(e.barrier, e.loop, w.x);
    expect(r.inS && r.successorOutside).toBe(true);
    expect(r.g.map(toString)).toEqual(w.G.map((v) => v.toFraction()));
    // the certified level: an exact rational below 0, attained by no bad point
    expect(a.level!.value!.toFraction()).toBe('-365957940219347687221/3169167887416036425728');
    expect(a.level!.closed).toBe(true);
    expect(a.level!.value!.compare(w.B)).toBeLessThan(0);
    // the certificate proves all but invariance, and the checker agrees
    expect(proves(a.certified)).toBe('safe, initialInside, level, pieces');
    expect(e.checked).toBe(true);
    // B − c* is a barrier: invariant, safe, I inside, with a checked certificate
    expect(e.shifted!.answer).toMatchObject({ invariant: true, safe: true, initialInside: true });
    expect(e.shifted!.checked).toBe(true);
    expect(e.lines[0]).toContain('weaker motor (|u| <= 3)');
  });
});

describe('the barrier picture (src/plot/barrier.ts)', () => {
  it('draws S, C, {B <= c*}, U, I and the counterexample from exact pieces, with a legend', async () => {
    const { svg, summary } = await barrierPicture('pendulum-16x16/weak');
    expect(summary).toBe('pendulum-16x16.json: S 54 pieces, C 402 pieces, c* = -365957940219347687221/3169167887416036425728 (54 pieces)');
    for (const cls of ['S', 'C', 'level', 'unsafe', 'initial-outline']) expect(svg).toContain(`class="${cls}"`);
    for (const label of ['S = {B ≤ 0} (54 pieces)', 'C = S ∩ {B(G(x)) ≤ B(x)}', 'c* = −0.1154744568', 'U: the unsafe set', 'counterexample x', 'angle θ', 'angular velocity ω'])
      expect(svg).toContain(label);
  });

  it('the README picture is a PNG of a sensible size', () => {
    const png = readFileSync(join(root, 'docs/images/barrier-pendulum.png'));
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 960, height: 720 });
  });
});
