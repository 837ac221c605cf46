/** Flags shared by commands that run an enumeration. */
import { type Command, InvalidArgumentError } from 'commander';
import { jsLpSolverBackend } from '../lp/js-lp-solver.js';
import { denseFloatSimplex } from '../lp/dense-float-simplex.js';
import type { EnumerateOptions } from '../enumerate/enumerate.js';
import type { FloatLpBackend } from '../lp/types.js';

export interface RunFlags {
  float?: boolean;
  maxRegions?: number;
  lp: string;
  engine: string;
}

const BACKENDS: Record<string, FloatLpBackend> = {
  dense: denseFloatSimplex,
  'javascript-lp-solver': jsLpSolverBackend,
};

function positiveInt(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < 1) {
      throw new InvalidArgumentError(`${flag}: expected a positive integer, got "${v}"`);
    }
    return n;
  };
}

export function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--max-regions <n>', 'stop after n regions (the result is then marked partial)', positiveInt('--max-regions'))
    .option('--float', 'UNSOUND: decide with floats only, nothing certified (for speed comparisons)')
    .option('--lp <backend>', `float LP backend proposing answers: ${Object.keys(BACKENDS).join(', ')}`, 'dense')
    .option('--engine <engine>', 'auto (vertex for boxes in d <= 4, else lp), vertex, or lp', 'auto');
}

export function runOptionsFromFlags(flags: RunFlags): EnumerateOptions & { maxRegions?: number } {
  const backend = BACKENDS[flags.lp];
  if (!backend) throw new InvalidArgumentError(`--lp: unknown backend "${flags.lp}" (expected ${Object.keys(BACKENDS).join(' or ')})`);
  const engine = flags.engine;
  if (engine !== 'auto' && engine !== 'vertex' && engine !== 'lp') {
    throw new InvalidArgumentError(`--engine: unknown engine "${engine}" (expected auto, vertex or lp)`);
  }
  return { float: flags.float, backend, maxRegions: flags.maxRegions, engine };
}
