// A barrier certificate for a ReLU-controlled plant, exactly (issue 15):
//   x⁺ = A x + B π(x) with x = (p, v),  A = [[1/2, 1/10], [0, 1]],  B = [[0], [1/10]],
//   π(x) = −5 v − (1/2) relu(p)  (controller.json, a ReLU network),
//   B(x) = |p| + |v| − 1 (barrier.json): is S = {B <= 0} forward invariant on D = [-2, 2]^2,
//   safe from U = {p >= 3/2}, and does it contain the initial set I = [-1/4, 1/4]^2?
//   Then the same barrier under an undamped plant (A = [[1, 1/10], [0, 1]]): not invariant.
// Run: npx tsx examples/barrier/barrier.ts
import { readFileSync } from 'node:fs';
import { closedLoop, invariance, levelSet } from 'relu-regions';

const read = (f: string) => JSON.parse(readFileSync(new URL(f, import.meta.url), 'utf8'));
const controller = read('controller.json');
const barrier = read('barrier.json');
const domain = '-2,2';

const loop = closedLoop(controller, { A: [['1/2', '1/10'], [0, 1]], B: [[0], ['1/10']] });
const answer = await invariance(barrier, loop, {
  domain,
  unsafe: { A: [[-1, 0]], b: ['-3/2'] },
  initial: { A: [[1, 0], [-1, 0], [0, 1], [0, -1]], b: ['1/4', '1/4', '1/4', '1/4'] },
});
console.log(`invariant: ${answer.invariant}; safe: ${answer.safe}; initial set inside: ${answer.initialInside}`);

const undamped = closedLoop(controller, { A: [[1, '1/10'], [0, 1]], B: [[0], ['1/10']] });
const bad = await invariance(barrier, undamped, { domain });
const w = bad.counterexample!;
const show = (xs: { toFraction(): string }[]) => `(${xs.map((v) => v.toFraction()).join(', ')})`;
console.log(`undamped: invariant: ${bad.invariant}; x = ${show(w.x)}, B(x) = ${w.B.toFraction()}, G(x) = ${show(w.G)}, B(G(x)) = ${w.BG.toFraction()}`);

// the area of S, exactly: the pieces of {B <= 0}
const s = await levelSet(barrier, { output: 0, le: 0, domain, volume: true });
console.log(`S has ${s.pieces} pieces, area ${s.volume!.toFraction()}`);
