// The package's bundled index.d.ts is typed as CommonJS under NodeNext, so its default import
// would look like the module namespace; at runtime the ESM build's default export is the solver.
declare module 'javascript-lp-solver' {
  export interface Model {
    optimize: string;
    opType: 'max' | 'min';
    constraints: Record<string, { min?: number; max?: number; equal?: number }>;
    variables: Record<string, Record<string, number>>;
    options?: { presolve?: boolean; timeout?: number; tolerance?: number };
  }
  export interface SolveResult {
    feasible: boolean;
    result: number;
    bounded?: boolean;
    [variable: string]: number | boolean | undefined;
  }
  const solver: { Solve(model: Model, precision?: number): SolveResult };
  export default solver;
}
