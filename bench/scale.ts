/**
 * npm run bench:scale (or `npm run bench -- scale`): issue 16's nets, counted by a fresh CLI
 * process each, next to the edge-subdivision figures of the issue and (with --peer DIR) the
 * edge-subdivision code itself run side by side. A benchmark, never part of npm test.
 *
 *   --only 2-16-16,6-10-10   some nets only          --no-merge   skip the `count` (merge) runs
 *   --reps N                 runs per net (median)    --cli FILE   the CLI to time (default dist/cli/main.js,
 *   --peer DIR               DIR: github.com/arturs-berzins/relu_edge_subdivision's files;      else tsx src/cli/main.ts)
 *                            runs bench/scale-peer.py with python3 (RELU_PEER_PYTHON) on one thread
 *
 * Nets: the first four are the shared nets (../shared/nets, the issue's counts); the others are
 * generated here by the seeded generator (randomNetwork: He weights, uniform biases ×0.25, float32,
 * seed 1), not stored, so their region counts differ from the issue's nets of the same sizes.
 * Writes bench/scale-results.json.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArch, randomNetwork, randomNetworkText } from '../src/research/random-network.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const shared = join(here, '../../shared/nets');

/** Issue 16's table: edge subdivision's first and warm calls, and relu-regions `count --no-linear` then. */
export const ISSUE_TABLE: { arch: string; regions: number; peerFirst: number; peerWarm: number; ours: number; shared?: string }[] = [
  { arch: '2-16-16', regions: 127, peerFirst: 0.015, peerWarm: 0.008, ours: 0.029, shared: 'random-d2-16x16.json' },
  { arch: '4-8-8-8', regions: 404, peerFirst: 0.018, peerWarm: 0.01, ours: 0.141, shared: 'random-d4-8x8x8.json' },
  { arch: '2-32-32', regions: 564, peerFirst: 0.027, peerWarm: 0.018, ours: 0.103, shared: 'random-d2-32x32.json' },
  { arch: '3-16-16-16', regions: 1927, peerFirst: 0.038, peerWarm: 0.025, ours: 0.322, shared: 'random-d3-16x16x16.json' },
  { arch: '2-64-64', regions: 6999, peerFirst: 0.23, peerWarm: 0.15, ours: 1.64 },
  { arch: '2-128-128', regions: 29839, peerFirst: 1.2, peerWarm: 0.79, ours: 15.9 },
  { arch: '3-32-32-32', regions: 121305, peerFirst: 2.26, peerWarm: 1.47, ours: 12.4 },
  { arch: '4-16-16-16', regions: 141739, peerFirst: 1.14, peerWarm: 0.75, ours: 10.7 },
  { arch: '4-32-32', regions: 489163, peerFirst: 6.24, peerWarm: 5.82, ours: 39.8 },
  { arch: '5-10-10-10', regions: 53800, peerFirst: 0.58, peerWarm: 0.3, ours: 12.5 },
  { arch: '6-10-10', regions: 44082, peerFirst: 0.71, peerWarm: 0.39, ours: 5.0 },
  { arch: '6-12-12', regions: 151181, peerFirst: 2.57, peerWarm: 1.56, ours: 19.5 },
  { arch: '5-12-12-12', regions: 327946, peerFirst: 3.04, peerWarm: 2.35, ours: 83 },
];

/** The generated nets' options (the same network, byte for byte, on every machine). */
export const SCALE_NET = { init: 'he', bias: 'uniform', biasScale: 0.25, float32: true, seed: 1 } as const;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export function scaleNetFile(arch: string, dir: string): string {
  const row = ISSUE_TABLE.find((r) => r.arch === arch);
  if (row?.shared) return join(shared, row.shared);
  const file = join(dir, `scale-${arch}.json`);
  writeFileSync(file, randomNetworkText(randomNetwork({ arch: parseArch(arch), ...SCALE_NET })));
  return file;
}

function main(): void {
  const only = arg('--only')?.split(',');
  const reps = Number(arg('--reps') ?? 1);
  const merge = !process.argv.includes('--no-merge');
  const peer = arg('--peer');
  const python = process.env.RELU_PEER_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
  const built = join(here, '../dist/cli/main.js');
  const cliFile = arg('--cli') ?? (existsSync(built) ? built : join(here, '../src/cli/main.ts'));
  const cli = cliFile.endsWith('.ts') ? ['--import', 'tsx', cliFile] : [cliFile];
  const work = join(tmpdir(), 'relu-regions-scale');
  mkdirSync(work, { recursive: true });
  if (peer && !existsSync(join(peer, 'edge_subdivision.py'))) {
    console.log(`--peer ${peer}: no edge_subdivision.py there; running without the peer`);
  }
  const usePeer = peer !== undefined && existsSync(join(peer, 'edge_subdivision.py'));
  console.log(`CLI: node ${cli.join(' ')}   load average: ${readLoad()}`);
  console.log(
    'net          regions (issue)   ES first  ES warm | count --no-linear: s (wall)  issue s | ratio to ES first: now (issue) | count (merge) s  merge/no-merge' +
      (usePeer ? ' | peer: regions first warm  ratio' : ''),
  );
  const results: Record<string, unknown>[] = [];
  for (const row of ISSUE_TABLE) {
    if (only && !only.includes(row.arch)) continue;
    const file = scaleNetFile(row.arch, work);
    const noLinear = Array.from({ length: reps }, () => countRun(cli, file, ['--no-linear']));
    const seconds = median(noLinear.map((r) => r.seconds));
    const wall = median(noLinear.map((r) => r.wall));
    const merged = merge ? Array.from({ length: reps }, () => countRun(cli, file, [])) : [];
    const mergeSeconds = merged.length ? median(merged.map((r) => r.seconds)) : null;
    let peerResult: { regions: number; firstSeconds: number; warmSeconds: number } | null = null;
    if (usePeer) {
      const p = spawnSync(python, [join(here, 'scale-peer.py'), peer!, file], {
        encoding: 'utf8',
        env: { ...process.env, MALLOC_MMAP_THRESHOLD_: '4294967296', MALLOC_TRIM_THRESHOLD_: '4294967296', OMP_NUM_THREADS: '1' },
      });
      if (p.status === 0) peerResult = JSON.parse(p.stdout.trim().split('\n').pop()!);
      else console.log(`peer failed on ${row.arch}: ${(p.stderr || p.stdout).trim().split('\n').pop()}`);
    }
    const r = {
      net: row.arch,
      file: row.shared ? `shared/nets/${row.shared}` : `generated ${JSON.stringify(SCALE_NET)}`,
      regions: noLinear[0].regions,
      issueRegions: row.regions,
      issuePeerFirst: row.peerFirst,
      issuePeerWarm: row.peerWarm,
      issueOurs: row.ours,
      seconds,
      wall,
      ratioToIssuePeerFirst: seconds / row.peerFirst,
      issueRatio: row.ours / row.peerFirst,
      mergeSeconds,
      mergeRatio: mergeSeconds !== null ? mergeSeconds / seconds : null,
      linearRegions: merged[0]?.linearRegions ?? null,
      peer: peerResult,
      peerRatio: peerResult ? seconds / peerResult.firstSeconds : null,
    };
    results.push(r);
    console.log(
      [
        row.arch.padEnd(12),
        `${r.regions} (${row.regions})`.padStart(17),
        `${row.peerFirst.toFixed(3)} s`.padStart(10),
        `${row.peerWarm.toFixed(3)} s`.padStart(8),
        '|',
        `${seconds.toFixed(3)} s (${wall.toFixed(2)} s)`.padStart(27),
        `${row.ours} s`.padStart(8),
        '|',
        `${r.ratioToIssuePeerFirst.toFixed(1)} (${r.issueRatio.toFixed(1)})`.padStart(30),
        '|',
        (mergeSeconds !== null ? `${mergeSeconds.toFixed(3)} s` : '-').padStart(15),
        (r.mergeRatio !== null ? r.mergeRatio.toFixed(2) : '-').padStart(15),
        ...(usePeer ? ['|', peerResult ? `${peerResult.regions} ${peerResult.firstSeconds.toFixed(3)} s ${peerResult.warmSeconds.toFixed(3)} s ${r.peerRatio!.toFixed(1)}` : 'failed'] : []),
      ].join(' '),
    );
  }
  writeFileSync(join(here, 'scale-results.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, load: readLoad(), cli: cliFile, results }, null, 2) + '\n');
  console.log(`written ${join(here, 'scale-results.json')}`);
}

function countRun(cli: string[], file: string, extra: string[]): { seconds: number; wall: number; regions: number; linearRegions: number | null } {
  const t0 = performance.now();
  const out = execFileSync(process.execPath, [...cli, 'count', file, '--json', ...extra], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - t0) / 1000;
  const s = JSON.parse(out.trim().split('\n').pop()!);
  return { seconds: s.seconds, wall, regions: s.activationRegions, linearRegions: s.linearRegions };
}

function readLoad(): string {
  try {
    return execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
