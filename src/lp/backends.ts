/** Float LP backends by name (for the CLI and for worker threads, which cannot share objects). */
import { denseFloatSimplex } from './dense-float-simplex.js';
import { jsLpSolverBackend } from './js-lp-solver.js';
import type { FloatLpBackend } from './types.js';

export const BACKENDS: Record<string, FloatLpBackend> = {
  dense: denseFloatSimplex,
  'javascript-lp-solver': jsLpSolverBackend,
};
