/**
 * javascript-lp-solver as a float proposal backend for the interior problem
 *     maximise t  s.t.  a_i·x + t <= b_i,  t <= 1,  x free.
 * Traps (measured): its variables are >= 0 by default and its presolve ignores `unrestricted`,
 * so every free variable is split as a difference of two nonnegative ones (x_j = p_j - q_j,
 * t = tp - tq). Constraint names are plain numbers ("0".."m"). It gives no duals: y = null.
 */
import solver from 'javascript-lp-solver';
import type { Model, SolveResult } from 'javascript-lp-solver';
import type { FloatInteriorResult, FloatLpBackend } from './types.js';

const OBJ = 'objective';

function interior(a: Float64Array, b: Float64Array, m: number, d: number): FloatInteriorResult {
  const failed = (): FloatInteriorResult => ({ t: -Infinity, x: new Float64Array(d), y: null, failed: true });
  const constraints: Model['constraints'] = {};
  for (let i = 0; i < m; i++) constraints[String(i)] = { max: b[i] };
  constraints[String(m)] = { max: 1 };
  const variables: Model['variables'] = {};
  for (let j = 0; j < d; j++) {
    const p: Record<string, number> = {};
    const q: Record<string, number> = {};
    for (let i = 0; i < m; i++) {
      const v = a[i * d + j];
      if (v !== 0) {
        p[String(i)] = v;
        q[String(i)] = -v;
      }
    }
    variables[`p${j}`] = p;
    variables[`q${j}`] = q;
  }
  const tp: Record<string, number> = { [OBJ]: 1 };
  const tq: Record<string, number> = { [OBJ]: -1 };
  for (let i = 0; i <= m; i++) {
    tp[String(i)] = 1;
    tq[String(i)] = -1;
  }
  variables.tp = tp;
  variables.tq = tq;
  const model: Model = { optimize: OBJ, opType: 'max', constraints, variables };

  let res: SolveResult;
  try {
    res = solver.Solve(model);
  } catch {
    return failed();
  }
  if (!res || res.feasible !== true || res.bounded === false) return failed();
  const val = (name: string): number => {
    const v = res[name];
    return typeof v === 'number' ? v : 0; // zero-valued variables are omitted from the result
  };
  const x = new Float64Array(d);
  for (let j = 0; j < d; j++) x[j] = val(`p${j}`) - val(`q${j}`);
  const t = val('tp') - val('tq');
  if (!Number.isFinite(t) || !x.every(Number.isFinite)) return failed();
  return { t, x, y: null };
}

export const jsLpSolverBackend: FloatLpBackend = { name: 'javascript-lp-solver', interior };
