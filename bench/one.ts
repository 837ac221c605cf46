/**
 * One benchmark case in a fresh process (so peak memory is its own): prints a JSON result.
 * `seconds` is the best of four warm runs, `coldSeconds` the first run (with JIT warm-up).
 * usage: tsx bench/one.ts NET.json exact|float [--box spec] [--once]
 * Timed runs count activation regions; linear regions come from one more, untimed run.
 */
import { runEnumeration } from '../src/enumerate/run.js';
import { loadNetwork } from '../src/network/load.js';
import { parseBoxSpec } from '../src/domain/domain.js';

const [path, mode, ...rest] = process.argv.slice(2);
const net = loadNetwork(path);
const boxAt = rest.indexOf('--box');
const domain = boxAt >= 0 ? parseBoxSpec(rest[boxAt + 1], net.inputSize) : undefined;
let peak = process.memoryUsage().rss;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
const options = { float: mode === 'float', domain };
// cold: the first run in a fresh process (includes JIT warm-up); warm: best of the next four
const s = await runEnumeration(net, options);
let warm = Infinity;
const repeats = rest.includes('--once') ? 0 : 4;
for (let i = 0; i < repeats; i++) warm = Math.min(warm, (await runEnumeration(net, options)).seconds);
if (repeats === 0) warm = s.seconds;
// linear regions need merging (all facets kept): one more run, not timed, unless --once
const linear = rest.includes('--once') ? null : (await runEnumeration(net, { ...options, merge: true })).linearRegions;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
process.stdout.write(
  JSON.stringify({
    regions: s.activationRegions,
    linearRegions: linear,
    lpSolves: s.lpSolves,
    lpPerRegion: +(s.lpSolves / s.activationRegions).toFixed(2),
    certified: s.certified,
    coldSeconds: +s.seconds.toFixed(4),
    seconds: +warm.toFixed(4),
    regionsPerSecond: Math.round(s.activationRegions / warm),
    peakRssMiB: +(peak / 2 ** 20).toFixed(1),
  }) + '\n',
);
