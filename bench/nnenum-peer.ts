/**
 * nnenum (github.com/stanleybak/nnenum) as a measuring stick for `npm run bench:verify -- acasxu
 * --peer DIR`: one instance per fresh `python3 -m nnenum.nnenum NET PROP TIMEOUT OUT 1` process
 * (one process, as the issue asks), its verdict from OUT and its own reported runtime. DIR is put
 * on PYTHONPATH: it must hold the `nnenum` package and whatever it imports (numpy, scipy, onnx,
 * swiglpk, termcolor, threadpoolctl from Debian's python3-* packages; onnxruntime and skl2onnx,
 * which Debian lacks, only as modules that nnenum can import — on the ACAS Xu path it asks a
 * session for its input and output names only). Never part of npm test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PeerResult {
  /** "sat", "unsat" or "unknown" (nnenum's violated / holds / anything else). */
  verdict: string;
  /** nnenum's own "Runtime:" lines summed (its search, without Python's start-up; one line per input box), when printed. */
  seconds: number | null;
  /** The whole process, wall clock. */
  wall: number;
}

export function runNnenum(dir: string, onnx: string, vnnlib: string, timeout: number): PeerResult {
  const work = mkdtempSync(join(tmpdir(), 'nnenum-'));
  const out = join(work, 'result.txt');
  const python = process.env.NNENUM_PYTHON ?? '/usr/bin/python3';
  const env = { ...process.env, PYTHONPATH: dir, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const t0 = performance.now();
  const r = spawnSync(python, ['-m', 'nnenum.nnenum', onnx, vnnlib, String(timeout), out, '1'], { env, encoding: 'utf8', timeout: (timeout + 60) * 1000, maxBuffer: 1 << 28 });
  const wall = (performance.now() - t0) / 1000;
  let text = '';
  try {
    text = readFileSync(out, 'utf8').trim();
  } catch {
    // no result file: a crash or a kill
  }
  rmSync(work, { recursive: true, force: true });
  // a property whose input set is a union of boxes (ACAS Xu property 6) is run once per box: one
  // "Runtime:" line each, summed
  const runtimes = [...(r.stdout ?? '').matchAll(/Runtime: ([\d.]+) sec/g)].map((m) => Number(m[1]));
  const verdict = text === 'violated' ? 'sat' : text === 'holds' ? 'unsat' : 'unknown';
  return { verdict, seconds: runtimes.length > 0 ? runtimes.reduce((a, b) => a + b, 0) : null, wall };
}
