// The picture of a barrier candidate on its closed loop (2-D): S = {B <= 0}, the unsafe set U,
// the certified set C = S ∩ {B(G(x)) <= B(x)}, the certified sub-level set {B <= c*}, the
// initial set I, and the counterexample x → G(x) when there is one. Every set is exact pieces
// from levelset and invariant (src/plot/barrier.ts); floats only place them on the page.
// Run: npx tsx examples/barrier/picture.ts [candidate] [out.png]   (default: pendulum-16x16/weak, docs/images/barrier-pendulum.png)
import { writeFileSync } from 'node:fs';
import { barrierSets, drawBarrierSets, svgToPng, toString } from 'relu-regions';
import { barrierOf, boxOf, CHECKS } from './closed-loops.js';
import { loopOf } from './systems.js';
import { CANDIDATES } from './train.js';

export async function barrierPicture(check: string): Promise<{ svg: string; summary: string }> {
  const { candidate: name, system } = CHECKS[check];
  const { file, options } = CANDIDATES[name];
  const { sets, answer } = await barrierSets(barrierOf(name), loopOf(system), boxOf(system), { unsafe: system.unsafe, initial: system.initial });
  const verdict = answer.invariant ? 'S is forward invariant (exact answer)' : `S is NOT forward invariant: ${answer.counterexample!.reason === 'barrier' ? 'B(G(x)) > 0' : 'G(x) leaves D'} at the exact counterexample x`;
  const svg = drawBarrierSets(sets, {
    title: `ReLU barrier ${options.hidden.join('×')} (${file}) on the ${system.name}`,
    subtitle: [
      `x⁺ = A x + B clamp(−K x, −${system.umax}, ${system.umax}) as one ReLU network (closedLoop); D = ${system.box.map(([lo, hi]) => `[${lo}, ${hi}]`).join(' × ')}`,
      `${verdict}; S ${answer.safe ? 'misses' : 'meets'} U; I ${answer.initialInside ? 'is' : 'is not'} inside S; ${answer.regions} regions of (B, B∘G, G)`,
    ],
    axisNames: [system.states[0], system.states[1]],
  });
  const summary = `${file}: S ${sets.S.length} pieces, C ${sets.C.length} pieces, c* = ${sets.level ? toString(sets.level.value) : 'none'}${sets.level ? ` (${sets.level.pieces.length} pieces)` : ''}`;
  return { svg, summary };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const name = process.argv[2] ?? 'pendulum-16x16/weak';
  const out = process.argv[3] ?? new URL('../../docs/images/barrier-pendulum.png', import.meta.url).pathname;
  const { svg, summary } = await barrierPicture(name);
  if (out.endsWith('.svg')) writeFileSync(out, svg);
  else writeFileSync(out, await svgToPng(svg));
  console.log(`${summary}; written to ${out}`);
}
