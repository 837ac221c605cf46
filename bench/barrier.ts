/**
 * npm run bench:barrier: the speed of `levelset` and `invariant` on barrier networks (issue 15's
 * targets: a 2-D shallow barrier with 64 neurons, levelset under 1 s and invariant with all three
 * questions — invariance, --unsafe, --initial — under 10 s), and how the time grows with the
 * barrier's width (Vaisi, Ferlez and Shoukry's scalability experiment): shallow barriers of
 * widths 8 … 128 on the 2-D double integrator, and some on the 3-D (actuator lag) and 4-D (planar
 * point mass) systems of examples/barrier/systems.ts.
 *
 * The barriers: examples/barrier/double-integrator-64.json (committed; its hidden layer has no
 * biases, so its kinks all pass through the equilibrium and it has few regions), and for the
 * sweep barriers trained here with biases (train-barrier.ts, seeded, 1000 epochs as the committed
 * ones; their kinks are in general position, the harder case for the enumeration; training
 * seconds are not counted).
 *
 * In process: the library's functions (levelset/levelset.ts, invariant/invariant.ts), first run
 * (JIT warm-up) and best of 3 warm runs; the headline also as CLI processes (wall, start-up
 * included). Writes bench/barrier-results.json. A benchmark, not a test.
 *   npx tsx bench/barrier.ts [--quick] [--built]
 * --quick: the headline and small widths only (no results file); --built: the CLI runs are of
 * dist/cli/main.js (npm run build) instead of the source through tsx.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBoxSpec, type Domain } from '../src/domain/domain.js';
import { invariance, type HPolytope } from '../src/invariant/invariant.js';
import { parseRational, type Rational } from '../src/kernel/rational.js';
import { levelSet } from '../src/levelset/levelset.js';
import type { Network } from '../src/network/network.js';
import { parseNetworkJson } from '../src/network/parse-json.js';
import { networkToJson } from '../src/network/to-json.js';
import { trainBarrier } from '../examples/barrier/train-barrier.js';
import { actuatorLag, doubleIntegrator, loopOf, planarMass, saturatedFeedback, type BarrierSystem } from '../examples/barrier/systems.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..');
const dir = mkdtempSync(join(tmpdir(), 'relu-regions-bench-barrier-'));
const quick = process.argv.includes('--quick');
const TIMEOUT = 300; // seconds per run in the sweep

const exact = (s: string): Rational => parseRational(s)!;
const polytope = (p: { A: string[][]; b: string[] }): HPolytope => ({ A: p.A.map((r) => r.map(exact)), b: p.b.map(exact) });
const boxSpec = (s: BarrierSystem) => s.box.map(([lo, hi]) => `${lo}:${hi}`).join(',');
const domainOf = (s: BarrierSystem): Domain => parseBoxSpec(boxSpec(s), s.states.length);
const seconds = (t0: number) => (performance.now() - t0) / 1000;
const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');

interface Timed<T> {
  seconds: number;
  value: T;
}
async function timed<T>(f: () => Promise<T>): Promise<Timed<T>> {
  const t0 = performance.now();
  const value = await f();
  return { seconds: seconds(t0), value };
}
/** First run and best of `warm` further runs. */
async function firstAndBest<T>(f: () => Promise<T>, warm = 3): Promise<{ first: Timed<T>; best: Timed<T> }> {
  const first = await timed(f);
  let best = first;
  for (let i = 0; i < warm; i++) {
    const t = await timed(f);
    if (t.seconds < best.seconds) best = t;
  }
  return { first, best: warm > 0 ? best : first };
}

const sublevel = (B: Network, s: BarrierSystem, timeoutSeconds?: number) => levelSet(B, [{ n: 1n, d: 1n }], 'le', { n: 0n, d: 1n }, domainOf(s), { timeoutSeconds });
const threeQuestions = (B: Network, G: Network, s: BarrierSystem, more: { level?: boolean; timeoutSeconds?: number } = {}) =>
  invariance(B, G, domainOf(s), { unsafe: polytope(s.unsafe), initial: polytope(s.initial), ...more });
const answerText = (a: Awaited<ReturnType<typeof threeQuestions>>) =>
  a.stopped ? `stopped (${a.stopped})` : `${a.invariant ? 'invariant' : `not invariant (${a.counterexample!.reason})`}, ${a.safe ? 'safe' : 'unsafe'}, I ${a.initialInside ? '⊆' : '⊄'} S`;

console.log(`relu-regions barrier benchmark — Node ${process.version}, load average ${load()}`);
const results: Record<string, unknown> = { node: process.version, loadAtStart: loadavg() };

// ---- the headline: a 2-D shallow barrier with 64 neurons ------------------------------------
const headline: { name: string; B: Network }[] = [
  { name: 'double-integrator-64.json (committed, no hidden biases)', B: parseNetworkJson(readFileSync(join(root, 'examples/barrier/double-integrator-64.json'), 'utf8')) },
];
{
  const t0 = performance.now();
  const json = trainBarrier(doubleIntegrator, { hidden: [64], seed: 1, epochs: 1000, samples: 3000 });
  headline.push({ name: 'trained here, with biases (seed 1, 1000 epochs)', B: parseNetworkJson(JSON.stringify(json)) });
  console.log(`(trained the biased 64-neuron barrier in ${seconds(t0).toFixed(1)} s, not counted)`);
}
const G2 = loopOf(doubleIntegrator);
console.log('\n2-D double integrator, shallow barrier with 64 neurons (in process: first run, best of 3 warm runs)');
console.log('barrier                                                   regions  levelset {B<=0}          invariant (3 questions)   + --level                 answer');
const headlineRows: unknown[] = [];
for (const h of headline) {
  const ls = await firstAndBest(() => sublevel(h.B, doubleIntegrator));
  const inv = await firstAndBest(() => threeQuestions(h.B, G2, doubleIntegrator));
  const lev = await firstAndBest(() => threeQuestions(h.B, G2, doubleIntegrator, { level: true }), 1);
  const t = (x: { first: Timed<unknown>; best: Timed<unknown> }) => `${x.first.seconds.toFixed(3)} / ${x.best.seconds.toFixed(3)} s`.padEnd(26);
  console.log(`${h.name.padEnd(57)} ${String(inv.best.value.regions).padStart(7)}  ${t(ls)}${t(inv)}${t(lev)}${answerText(inv.best.value)}`);
  headlineRows.push({
    barrier: h.name,
    levelsetPieces: ls.best.value.pieces,
    levelsetRegions: ls.best.value.regions,
    levelset: { first: ls.first.seconds, best: ls.best.seconds },
    regions: inv.best.value.regions,
    invariant: { first: inv.first.seconds, best: inv.best.seconds },
    invariantWithLevel: { first: lev.first.seconds, best: lev.best.seconds },
    answer: answerText(inv.best.value),
  });
}
results.headline = headlineRows;

// the same as CLI processes (wall, node start-up and module loading included)
{
  // the CLI from source (tsx) unless --built (dist/, which may be older than the source)
  const built = process.argv.includes('--built') && existsSync(join(root, 'dist/cli/commands/invariant.js')) ? join(root, 'dist/cli/main.js') : null;
  const command = built ? [built] : ['--import', 'tsx', join(root, 'src/cli/main.ts')];
  const how = built ? `built CLI ${built}` : 'node --import tsx src/cli/main.ts';
  const cli = (args: string[], ok = [0, 1]) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [...command, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (!ok.includes(r.status ?? -1)) throw new Error(`${args.join(' ')}: ${r.stderr}`);
    return seconds(t0);
  };
  const barrier = join(root, 'examples/barrier/double-integrator-64.json');
  const controller = join(dir, 'controller.json');
  const loop = join(dir, 'loop.json');
  const unsafe = join(dir, 'unsafe.json');
  const initial = join(dir, 'initial.json');
  const s = doubleIntegrator;
  writeFileSync(controller, JSON.stringify(saturatedFeedback(s.K, s.umax, s.states)));
  writeFileSync(loop, JSON.stringify(networkToJson(G2)));
  writeFileSync(unsafe, JSON.stringify(s.unsafe));
  writeFileSync(initial, JSON.stringify(s.initial));
  const closed = Math.min(...[0, 1, 2].map(() => cli(['closed-loop', controller, '--A', JSON.stringify(s.A), '--B', JSON.stringify(s.B), '--out', join(dir, 'loop-cli.json')])));
  const ls = Math.min(...[0, 1, 2].map(() => cli(['levelset', barrier, '--output', '0', '--le', '0', '--box', boxSpec(s), '--out', join(dir, 'pieces.jsonl')])));
  const inv = Math.min(...[0, 1, 2].map(() => cli(['invariant', '--barrier', barrier, '--dynamics', loop, '--box', boxSpec(s), '--unsafe', unsafe, '--initial', initial])));
  const full = Math.min(
    ...[0, 1, 2].map(() =>
      cli(['invariant', '--barrier', barrier, '--dynamics', loop, '--box', boxSpec(s), '--unsafe', unsafe, '--initial', initial, '--level', '--pieces', join(dir, 'c.jsonl'), '--certificate', join(dir, 'cert.jsonl')]),
    ),
  );
  const check = Math.min(...[0, 1, 2].map(() => cli(['check', barrier, join(dir, 'cert.jsonl'), '--dynamics', loop])));
  console.log(`\nCLI processes on double-integrator-64.json (${how}; wall, best of 3):`);
  console.log(`  closed-loop (about the start-up alone) ${closed.toFixed(3)} s; levelset --le 0 ${ls.toFixed(3)} s; invariant --unsafe --initial ${inv.toFixed(3)} s;`);
  console.log(`  the same with --level --pieces --certificate ${full.toFixed(3)} s; check of that certificate ${check.toFixed(3)} s`);
  results.cli = { how, closedLoop: closed, levelset: ls, invariant: inv, invariantLevelPiecesCertificate: full, check };
}

// ---- the sweep: time against the barrier's width ---------------------------------------------
const sweep: { system: BarrierSystem; widths: number[] }[] = [
  { system: doubleIntegrator, widths: quick ? [8, 16, 32] : [8, 16, 32, 64, 128] },
  { system: actuatorLag, widths: quick ? [8] : [8, 16, 32] },
  { system: planarMass, widths: quick ? [4] : [4, 8, 16] },
];
console.log(`\nShallow barriers with biases against their width (in process, one run each; load average ${load()})`);
console.log('system                                  d  width  regions of (B,B∘G,G)  levelset {B<=0}   invariant (3 questions)  + --level   answer');
const sweepRows: unknown[] = [];
for (const { system, widths } of sweep) {
  const d = system.states.length;
  const G = loopOf(system);
  for (const width of widths) {
    const B = parseNetworkJson(JSON.stringify(trainBarrier(system, { hidden: [width], seed: 1, epochs: 1000, samples: 3000 })));
    const ls = await timed(() => sublevel(B, system, TIMEOUT));
    const inv = await timed(() => threeQuestions(B, G, system, { timeoutSeconds: TIMEOUT }));
    const lev = await timed(() => threeQuestions(B, G, system, { level: true, timeoutSeconds: TIMEOUT }));
    const stopped = (x: { stopped?: unknown }) => (x.stopped ? ' (stopped)' : '');
    console.log(
      `${system.name.padEnd(38)} ${String(d).padStart(2)}  ${String(width).padStart(5)}  ${String(inv.value.regions).padStart(20)}  ${(ls.seconds.toFixed(3) + ' s' + stopped(ls.value)).padStart(15)}  ${(inv.seconds.toFixed(3) + ' s' + stopped(inv.value)).padStart(23)}  ${(lev.seconds.toFixed(3) + ' s').padStart(9)}   ${answerText(inv.value)}`,
    );
    sweepRows.push({ system: system.name, d, width, regions: inv.value.regions, levelset: ls.seconds, levelsetPieces: ls.value.pieces, invariant: inv.seconds, invariantWithLevel: lev.seconds, answer: answerText(inv.value) });
  }
}
results.sweep = sweepRows;
results.loadAtEnd = loadavg();
console.log(`\nload average at the end: ${load()}`);
if (!quick) writeFileSync(join(here, 'barrier-results.json'), JSON.stringify(results, null, 2) + '\n');
