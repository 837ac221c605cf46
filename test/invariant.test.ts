/**
 * Forward invariance, safety and initial-set containment of a barrier's zero sub-level set
 * (src/invariant/invariant.ts) on closed loops whose answers are known.
 */
import { describe, expect, it } from 'vitest';
import { invariance } from '../src/invariant/invariant.js';
import { checkInvariantCertificate } from '../src/certify/invariant-checker.js';
import { cmp, rat, sign, toString, type Rational } from '../src/kernel/rational.js';
import { affineNetwork, closedLoop } from '../src/network/algebra.js';
import { parseNetworkValue } from '../src/network/parse-json.js';
import type { Domain } from '../src/domain/domain.js';

const r = (n: number, d = 1) => rat(BigInt(n), BigInt(d));
const box1 = (lo: number, hi: number): Domain => ({ kind: 'box', lo: [r(lo)], hi: [r(hi)] });
// B(x) = |x| − 1 on R, and the diamond |x1| + |x2| − 1 on R^2
const abs1 = parseNetworkValue({ inputSize: 1, layers: [{ weights: [[1], [-1]], bias: [0, 0] }, { weights: [[1, 1]], bias: [-1], activation: 'linear' }] });
const diamond = parseNetworkValue({ inputSize: 2, layers: [{ weights: [[1, 0], [-1, 0], [0, 1], [0, -1]], bias: [0, 0, 0, 0] }, { weights: [[1, 1, 1, 1]], bias: [-1], activation: 'linear' }] });
const gain = (k: Rational, shift: Rational = r(0)) => affineNetwork([[k]], [shift]);
const abs = (v: Rational) => (v.n < 0n ? { n: -v.n, d: v.d } : v);

describe('invariant: known closed loops', () => {
  it('x⁺ = x/2 with B = |x| − 1 on [-2, 2]: invariant, safe from {x >= 3/2}, and contains [-1/2, 1/2]', async () => {
    const a = await invariance(abs1, gain(r(1, 2)), box1(-2, 2), {
      unsafe: { A: [[r(-1)]], b: [r(-3, 2)] },
      initial: { A: [[r(1)], [r(-1)]], b: [r(1, 2), r(1, 2)] },
    });
    expect(a).toMatchObject({ invariant: true, safe: true, initialInside: true });
    expect(a.regions).toBeGreaterThan(1);
  });

  it('x⁺ = 2x: not invariant; the counterexample is in S and its successor is not, exactly', async () => {
    const a = await invariance(abs1, gain(r(2)), box1(-2, 2));
    expect(a.invariant).toBe(false);
    const w = a.counterexample!;
    expect(w.reason).toBe('barrier');
    expect(sign(w.B)).toBeLessThanOrEqual(0);
    expect(sign(w.BG)).toBeGreaterThan(0);
    expect(toString(w.G[0])).toBe(toString({ n: 2n * w.x[0].n, d: w.x[0].d }));
    expect(cmp(abs(w.x[0]), r(1, 2))).toBeGreaterThan(0); // only |x| > 1/2 escapes
  });

  it('a successor leaving the domain is found (x⁺ = x/2 + 3/2 on [-2, 2] with B = |x| − 1 leaves through the barrier or D)', async () => {
    const a = await invariance(abs1, gain(r(1, 2), r(3, 2)), box1(-2, 2));
    expect(a.invariant).toBe(false);
    // x⁺ ∈ [1, 2] for x ∈ S = [-1, 1]: B(x⁺) = x⁺ − 1 > 0 for x > -1, D is never left
    expect(a.counterexample!.reason).toBe('barrier');
    const b = await invariance(parseNetworkValue({ inputSize: 1, layers: [{ weights: [[0]], bias: [-1], activation: 'linear' }] }), gain(r(3)), box1(-2, 2));
    // B ≡ −1: S = D, and 3x leaves [-2, 2] for |x| > 2/3
    expect(b).toMatchObject({ invariant: false, counterexample: { reason: 'domain' } });
    expect(cmp(abs(b.counterexample!.G[0]), r(2))).toBeGreaterThan(0);
  });

  it('unsafe and initial sets: witnesses are exact', async () => {
    const a = await invariance(abs1, gain(r(1, 2)), box1(-2, 2), { unsafe: { A: [[r(1)]], b: [r(-1, 2)] }, initial: { A: [[r(1)], [r(-1)]], b: [r(3, 2), r(0)] } });
    expect(a.safe).toBe(false); // x <= -1/2 meets S = [-1, 1]
    expect(cmp(a.unsafeWitness!.x[0], r(-1, 2))).toBeLessThanOrEqual(0);
    expect(sign(a.unsafeWitness!.B)).toBeLessThanOrEqual(0);
    expect(a.initialInside).toBe(false); // I = [0, 3/2] is not inside [-1, 1]
    expect(sign(a.initialWitness!.B)).toBeGreaterThan(0);
  });

  it('a 2-D closed loop built from a ReLU controller: x⁺ = A x + B π(x) with a contracting rotation is invariant on the diamond', async () => {
    // π(x) = relu(x1) − relu(−x1) = x1 (a ReLU controller), A = [[0, −1/2], [0, 0]], B = [[0], [1/2]]: x⁺ = (−x2/2, x1/2)
    const pi = parseNetworkValue({ inputSize: 2, layers: [{ weights: [[1, 0], [-1, 0]], bias: [0, 0] }, { weights: [[1, -1]], bias: [0], activation: 'linear' }] });
    const loop = closedLoop(pi, [[r(0), r(-1, 2)], [r(0), r(0)]], [[r(0)], [r(1, 2)]], [r(0), r(0)]);
    const square: Domain = { kind: 'box', lo: [r(-2), r(-2)], hi: [r(2), r(2)] };
    expect((await invariance(diamond, loop, square)).invariant).toBe(true);
    // doubling instead of halving: not invariant
    const fast = closedLoop(pi, [[r(0), r(-2)], [r(0), r(0)]], [[r(0)], [r(2)]], [r(0), r(0)]);
    expect((await invariance(diamond, fast, square)).invariant).toBe(false);
  });

  it('the largest certified level c*: exact, with where it is reached and whether {B <= c*} itself is certified', async () => {
    // x⁺ = x/2: nothing is bad, c* = 0 and {B <= 0} is certified
    expect((await invariance(abs1, gain(r(1, 2)), box1(-2, 2), { level: true })).level).toEqual({ value: r(0), closed: true });
    // x⁺ = 2x: every x ≠ 0 is bad (B(2x) > B(x)); inf B over them is −1, not attained: {B <= −1} = {0} is certified
    const doubling = (await invariance(abs1, gain(r(2)), box1(-2, 2), { level: true })).level!;
    expect(toString(doubling.value!)).toBe('-1');
    expect(doubling.closed).toBe(true);
    expect(toString(doubling.point!.x[0])).toBe('0');
    // x⁺ = x/2 + 3/2: every x in (−1, 2] is bad, x = 0 among them with B = −1: only {B < −1} (empty) is certified
    const shifted = (await invariance(abs1, gain(r(1, 2), r(3, 2)), box1(-2, 2), { level: true })).level!;
    expect(toString(shifted.value!)).toBe('-1');
    expect(shifted.closed).toBe(false);
    // and a 2-D case: the contracting loop's c* is 0, its doubled one's is −1 (only the origin is not bad)
    const pi = parseNetworkValue({ inputSize: 2, layers: [{ weights: [[1, 0], [-1, 0]], bias: [0, 0] }, { weights: [[1, -1]], bias: [0], activation: 'linear' }] });
    const square: Domain = { kind: 'box', lo: [r(-2), r(-2)], hi: [r(2), r(2)] };
    const slow = closedLoop(pi, [[r(0), r(-1, 2)], [r(0), r(0)]], [[r(0)], [r(1, 2)]], [r(0), r(0)]);
    expect((await invariance(diamond, slow, square, { level: true })).level).toMatchObject({ value: r(0), closed: true });
    const fast = closedLoop(pi, [[r(0), r(-2)], [r(0), r(0)]], [[r(0)], [r(2)]], [r(0), r(0)]);
    const f = (await invariance(diamond, fast, square, { level: true })).level!;
    expect([toString(f.value!), f.closed]).toEqual(['-1', true]);
  });

  it('the pieces of C = S ∩ {B(G(x)) <= B(x)}: exact, with witnesses inside', async () => {
    const pieces = async (G: ReturnType<typeof gain>) => {
      const got: { witness: Rational[]; whole: boolean }[] = [];
      const a = await invariance(abs1, G, box1(-2, 2), { onPiece: (p) => void got.push(p) });
      expect(a.pieces).toBe(got.length);
      return got;
    };
    // x⁺ = x/2: C = S = [-1, 1], one piece on each side of 0
    const half = await pieces(gain(r(1, 2)));
    expect(half).toHaveLength(2);
    for (const p of half) expect(cmp(abs(p.witness[0]), r(1))).toBeLessThan(0);
    // x⁺ = 2x: C = {0}, no full-dimensional piece
    expect(await pieces(gain(r(2)))).toHaveLength(0);
  });

  it('certificates: an invariant answer writes one that checks; tampered ones and another loop do not', async () => {
    const pi = parseNetworkValue({ inputSize: 2, layers: [{ weights: [[1, 0], [-1, 0]], bias: [0, 0] }, { weights: [[1, -1]], bias: [0], activation: 'linear' }] });
    const square: Domain = { kind: 'box', lo: [r(-2), r(-2)], hi: [r(2), r(2)] };
    const slow = closedLoop(pi, [[r(0), r(-1, 2)], [r(0), r(0)]], [[r(0)], [r(1, 2)]], [r(0), r(0)]);
    const lines: string[] = [];
    const a = await invariance(diamond, slow, square, { certificate: (l) => void lines.push(JSON.stringify(l)) });
    expect(a.invariant).toBe(true);
    const ok = checkInvariantCertificate(diamond, slow, lines);
    expect(ok).toMatchObject({ valid: true, regions: a.regions });
    // a multiplier changed
    const i = lines.findIndex((l) => l.includes('"bounds"'));
    const leaf = JSON.parse(lines[i]);
    leaf.invariant.bounds[0][0][1] = '1000';
    expect(checkInvariantCertificate(diamond, slow, [...lines.slice(0, i), JSON.stringify(leaf), ...lines.slice(i + 1)])).toMatchObject({ valid: false, line: i + 1 });
    // a proof dropped
    const bare = JSON.parse(lines[i]);
    delete bare.invariant;
    expect(checkInvariantCertificate(diamond, slow, [...lines.slice(0, i), JSON.stringify(bare), ...lines.slice(i + 1)])).toMatchObject({ valid: false, reason: expect.stringMatching(/footer claims invariance, but some region leaf has no invariant proof/) });
    // the footer's claim removed
    const end = JSON.parse(lines.at(-1)!);
    delete end.invariant;
    expect(checkInvariantCertificate(diamond, slow, [...lines.slice(0, -1), JSON.stringify(end)]).valid).toBe(false);
    // the same certificate read against a loop that is not invariant (the doubled one): rejected
    const fast = closedLoop(pi, [[r(0), r(-2)], [r(0), r(0)]], [[r(0)], [r(2)]], [r(0), r(0)]);
    expect(checkInvariantCertificate(diamond, fast, lines).valid).toBe(false);
    // with an unsafe and an initial set: both proofs on every leaf, and both claims in the footer
    const withSets: string[] = [];
    const sets = { unsafe: { A: [[r(-1), r(0)]], b: [r(-3, 2)] }, initial: { A: [[r(1), r(0)], [r(-1), r(0)], [r(0), r(1)], [r(0), r(-1)]], b: [r(1, 4), r(1, 4), r(1, 4), r(1, 4)] } };
    const b = await invariance(diamond, slow, square, { ...sets, certificate: (l) => void withSets.push(JSON.stringify(l)) });
    expect(b).toMatchObject({ invariant: true, safe: true, initialInside: true });
    expect(checkInvariantCertificate(diamond, slow, withSets)).toMatchObject({ valid: true });
    expect(withSets.filter((l) => l.includes('"t":"region"')).every((l) => l.includes('"unsafe"') && l.includes('"initial"'))).toBe(true);
    // a larger unsafe set in the header (p >= 1/2 meets S): some leaf's Farkas proof fails
    const head = JSON.parse(withSets[0]);
    head.unsafe.b = ['-1/2'];
    expect(checkInvariantCertificate(diamond, slow, [JSON.stringify(head), ...withSets.slice(1)])).toMatchObject({ valid: false, reason: expect.stringMatching(/unsafe/) });
    // a larger initial set (the whole square): some leaf's bound fails
    const head2 = JSON.parse(withSets[0]);
    head2.initial.b = ['2', '2', '2', '2'];
    expect(checkInvariantCertificate(diamond, slow, [JSON.stringify(head2), ...withSets.slice(1)])).toMatchObject({ valid: false, reason: expect.stringMatching(/initial/) });
    // a footer may claim less than the leaves prove, never more
    const foot = JSON.parse(withSets.at(-1)!);
    delete foot.safe;
    const less = checkInvariantCertificate(diamond, slow, [...withSets.slice(0, -1), JSON.stringify(foot)]);
    expect(less).toMatchObject({ valid: true, invariant: true, initialInside: true });
    expect(less).not.toHaveProperty('safe');
    const noUnsafe = withSets.map((l) => (l.includes('"t":"region"') ? JSON.stringify({ ...JSON.parse(l), unsafe: undefined }) : l));
    expect(checkInvariantCertificate(diamond, slow, noUnsafe)).toMatchObject({ valid: false, reason: expect.stringMatching(/footer claims safety, but some region leaf has no unsafe proof/) });
    // no certificate footer when the answer is "not invariant"
    const none: string[] = [];
    expect((await invariance(diamond, fast, square, { certificate: (l) => void none.push(JSON.stringify(l)) })).invariant).toBe(false);
    expect(none.some((l) => l.includes('"t":"end"'))).toBe(false);
  });

  it('bad input: wrong shapes and no domain', async () => {
    await expect(invariance(abs1, gain(r(1)), { kind: 'whole' })).rejects.toThrow(/give a state domain/);
    await expect(invariance(diamond, gain(r(1)), box1(-1, 1))).rejects.toThrow(/dynamics: maps R\^1 to R\^1; the closed loop must map R\^2 to R\^2/);
  });
});

describe('invariant on the command line', () => {
  it('--certificate then check --dynamics: valid; check without --dynamics is one line, exit 2', async () => {
    const { cli, tempDir } = await import('./helpers/cli.js');
    const { join } = await import('node:path');
    const { existsSync } = await import('node:fs');
    const tmp = tempDir('invariant');
    const loop = join(tmp, 'loop.json');
    const cert = join(tmp, 'inv.jsonl');
    expect(cli('closed-loop', 'examples/barrier/controller.json', '--A', '[["1/2", "1/10"], [0, 1]]', '--B', '[[0], ["1/10"]]', '--out', loop).status).toBe(0);
    const v = cli('invariant', '--barrier', 'examples/barrier/barrier.json', '--dynamics', loop, '--box', '-2,2', '--level', '--certificate', cert, '--json');
    expect(v.status).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ invariant: true, level: { value: { value: '0' }, closed: true } });
    const c = cli('check', 'examples/barrier/barrier.json', cert, '--dynamics', loop);
    expect(c).toMatchObject({ status: 0, stdout: expect.stringMatching(/^valid: \d+ regions[^\n]*\ninvariant: \{B <= 0\} is mapped into itself[^\n]*\ncertified level c\* = 0: \{B <= 0\}/) });
    const bad = cli('check', 'examples/barrier/barrier.json', cert);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/give the closed loop with --dynamics G/);
    // not invariant: exit 1, no certificate written
    const undamped = join(tmp, 'undamped.json');
    expect(cli('closed-loop', 'examples/barrier/controller.json', '--A', '[[1, "1/10"], [0, 1]]', '--B', '[[0], ["1/10"]]', '--out', undamped).status).toBe(0);
    const none = join(tmp, 'none.jsonl');
    expect(cli('invariant', '--barrier', 'examples/barrier/barrier.json', '--dynamics', undamped, '--box', '-2,2', '--certificate', none).status).toBe(1);
    expect(existsSync(none) || existsSync(`${none}.partial`)).toBe(false);
    // ... but with --level the certified level has a certificate, which checks
    const lv = join(tmp, 'level.jsonl');
    const undampedLevel = cli('invariant', '--barrier', 'examples/barrier/barrier.json', '--dynamics', undamped, '--box', '-2,2', '--level', '--certificate', lv);
    expect(undampedLevel.status).toBe(1);
    expect(undampedLevel.stderr).toMatch(/certificate of the level -1 \(closed\) written to /);
    expect(cli('check', 'examples/barrier/barrier.json', lv, '--dynamics', undamped)).toMatchObject({ status: 0, stdout: expect.stringMatching(/certified level c\* = -1: \{B <= -1\}/) });
  });

  it('bad input is one line naming the files, exit 2; a barrier with several outputs needs --output, and so does its check', async () => {
    const { cli, tempDir } = await import('./helpers/cli.js');
    const { join } = await import('node:path');
    const { writeFileSync } = await import('node:fs');
    const tmp = tempDir('invariant-bad');
    const file = (name: string, value: unknown) => {
      const p = join(tmp, name);
      writeFileSync(p, JSON.stringify(value));
      return p;
    };
    const loop = join(tmp, 'loop.json');
    expect(cli('closed-loop', 'examples/barrier/controller.json', '--A', '[["1/2", "1/10"], [0, 1]]', '--B', '[[0], ["1/10"]]', '--out', loop).status).toBe(0);
    const B = 'examples/barrier/barrier.json';
    const oneLine = (r: { status: number | null; stderr: string }, re: RegExp) => {
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(re);
    };
    // G must map R^2 to R^2
    const scalar = file('scalar.json', { inputSize: 2, layers: [{ weights: [[1, 0]], bias: [0], activation: 'linear' }] });
    oneLine(cli('invariant', '--barrier', B, '--dynamics', scalar, '--box', '-2,2'), /--dynamics .*scalar\.json: maps R\^2 to R\^1; the closed loop must map R\^2 to R\^2 \(--barrier .*barrier\.json takes 2 inputs\)/);
    // B with two outputs: (B, −B)
    const two = file('two.json', { inputSize: 2, layers: [{ weights: [[1, 0], [-1, 0], [0, 1], [0, -1]], bias: [0, 0, 0, 0] }, { weights: [[1, 1, 1, 1], [-1, -1, -1, -1]], bias: [-1, 1], activation: 'linear' }] });
    oneLine(cli('invariant', '--barrier', two, '--dynamics', loop, '--box', '-2,2'), /--barrier .*two\.json: 2 outputs; choose the barrier with --output K \(0\.\.1\)/);
    oneLine(cli('invariant', '--barrier', two, '--output', '2', '--dynamics', loop, '--box', '-2,2'), /--output 2: --barrier .*two\.json has outputs 0\.\.1/);
    // unsafe and initial sets of the wrong dimension, an empty domain
    const u3 = file('u3.json', { A: [[1, 0, 0]], b: [1] });
    oneLine(cli('invariant', '--barrier', B, '--dynamics', loop, '--box', '-2,2', '--unsafe', u3), /u3\.json: A\[0\]: 3 entries, expected 2/);
    oneLine(cli('invariant', '--barrier', B, '--dynamics', loop, '--box', '-2,2', '--initial', u3), /u3\.json: A\[0\]: 3 entries, expected 2/);
    const empty = file('empty.json', { A: [[1, 0], [-1, 0]], b: [-1, -1] });
    oneLine(cli('invariant', '--barrier', B, '--dynamics', loop, '--domain', empty), /domain: empty/);
    // output 0 of (B, −B) is B: the same answer, and its certificate checks only with --output 0
    const cert = join(tmp, 'two.jsonl');
    expect(cli('invariant', '--barrier', two, '--output', '0', '--dynamics', loop, '--box', '-2,2', '--certificate', cert).status).toBe(0);
    expect(cli('check', two, cert, '--dynamics', loop, '--output', '0')).toMatchObject({ status: 0, stdout: expect.stringMatching(/\ninvariant: /) });
    oneLine(cli('check', two, cert, '--dynamics', loop), /--barrier .*two\.json: 2 outputs; choose the barrier with --output K/);
    expect(cli('check', two, cert, '--dynamics', loop, '--output', '1')).toMatchObject({ status: 1, stdout: expect.stringMatching(/certificate is about output 0 of the barrier/) });
  });
});
