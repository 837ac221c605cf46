// The closed loops of the barrier examples (issue 15), exactly: discrete-time plants
// x⁺ = A x + B u with rational matrices, each under a saturated linear state feedback
// u = clamp(−K x, −umax, umax), which is itself a small ReLU network:
//   clamp(z, −m, m) = relu(z + m) − relu(z − m) − m      (2 hidden neurons, exact).
// The gains K are rationals near the discrete-time LQR gains (computed once in floats, then
// rounded by hand); everything the exact tools see is rational.
import { closedLoop, type Network } from 'relu-regions';

export interface BarrierSystem {
  name: string;
  /** The state names (the pictures' axes). */
  states: string[];
  A: string[][];
  B: string[][];
  /** The controller u = clamp(−K x, −umax, umax), one row of K per control. */
  K: string[][];
  umax: string;
  /** The state domain D: a box lo..hi per state. */
  box: [string, string][];
  /** The unsafe set U = {x : U.A x <= U.b} and the initial set I, as H-polytopes. */
  unsafe: { A: string[][]; b: string[] };
  initial: { A: string[][]; b: string[] };
}

const neg = (s: string) => (s.startsWith('-') ? s.slice(1) : s === '0' ? s : `-${s}`);

/** The saturated feedback clamp(−K x, −m, m) as a ReLU network (network JSON, exact strings). */
export function saturatedFeedback(K: string[][], umax: string, states: string[]) {
  const minusK = K.map((row) => row.map(neg));
  return {
    inputSize: K[0].length,
    inputNames: states,
    layers: [
      { weights: [...minusK, ...minusK], bias: [...K.map(() => umax), ...K.map(() => neg(umax))], activation: 'relu' },
      {
        weights: K.map((_, i) => [...K.map((_, j) => (i === j ? '1' : '0')), ...K.map((_, j) => (i === j ? '-1' : '0'))]),
        bias: K.map(() => neg(umax)),
        activation: 'linear',
      },
    ],
  };
}

export const loopOf = (s: BarrierSystem): Network => closedLoop(saturatedFeedback(s.K, s.umax, s.states), { A: s.A, B: s.B });

const boxRows = (box: [string, string][]) => ({
  A: box.flatMap((_, i) => [box.map((_, j) => (i === j ? '1' : '0')), box.map((_, j) => (i === j ? '-1' : '0'))]),
  b: box.flatMap(([lo, hi]) => [hi, neg(lo)]),
});

/**
 * A double integrator (position p, velocity v), time step 1/5, |u| <= 1, K ≈ dlqr(Q = I, R = 1)
 * = (0.84, 1.55); a wall at p = 3 (U = {p >= 3}); initial states [-1, 1] × [-1/2, 1/2].
 */
export const doubleIntegrator: BarrierSystem = {
  name: 'double integrator',
  states: ['position p', 'velocity v'],
  A: [['1', '1/5'], ['0', '1']],
  B: [['1/50'], ['1/5']],
  K: [['4/5', '3/2']],
  umax: '1',
  box: [['-4', '4'], ['-4', '4']],
  unsafe: { A: [['-1', '0']], b: ['-3'] },
  initial: boxRows([['-1', '1'], ['-1/2', '1/2']]),
};

/**
 * An inverted pendulum linearised at the top (angle θ, angular velocity ω; θ'' = 10 θ − ω/10 + u),
 * explicit Euler with step 1/10, torque |u| <= 8, K ≈ dlqr(Q = I, R = 1/10) = (17.7, 5.9);
 * U = {θ >= 1/2}; initial states [-1/10, 1/10] × [-1/5, 1/5].
 */
export const pendulum: BarrierSystem = {
  name: 'inverted pendulum',
  states: ['angle θ', 'angular velocity ω'],
  A: [['1', '1/10'], ['1', '99/100']],
  B: [['0'], ['1/10']],
  K: [['18', '6']],
  umax: '8',
  box: [['-3/4', '3/4'], ['-2', '2']],
  unsafe: { A: [['-1', '0']], b: ['-1/2'] },
  initial: boxRows([['-1/10', '1/10'], ['-1/5', '1/5']]),
};

/**
 * A double integrator driven through a first-order actuator (x = (p, v, a); a⁺ = 3/5 a + 2/5 u,
 * a time constant of 1/2), time step 1/5, |u| <= 1, K ≈ dlqr(I, 1) = (0.79, 2.0, 0.93): the 3-D
 * system of the benchmark.
 */
export const actuatorLag: BarrierSystem = {
  name: 'double integrator with actuator lag',
  states: ['position p', 'velocity v', 'acceleration a'],
  A: [['1', '1/5', '0'], ['0', '1', '1/5'], ['0', '0', '3/5']],
  B: [['0'], ['0'], ['2/5']],
  K: [['4/5', '2', '1']],
  umax: '1',
  box: [['-4', '4'], ['-4', '4'], ['-2', '2']],
  unsafe: { A: [['-1', '0', '0']], b: ['-3'] },
  initial: boxRows([['-1', '1'], ['-1/2', '1/2'], ['-1/4', '1/4']]),
};

/**
 * Two double integrators side by side (a point mass in the plane, x = (p1, v1, p2, v2)), each
 * with the double integrator's saturated feedback: the 4-D system of the benchmark.
 */
export const planarMass: BarrierSystem = {
  name: 'planar point mass',
  states: ['p1', 'v1', 'p2', 'v2'],
  A: [['1', '1/5', '0', '0'], ['0', '1', '0', '0'], ['0', '0', '1', '1/5'], ['0', '0', '0', '1']],
  B: [['1/50', '0'], ['1/5', '0'], ['0', '1/50'], ['0', '1/5']],
  K: [['4/5', '3/2', '0', '0'], ['0', '0', '4/5', '3/2']],
  umax: '1',
  box: [['-4', '4'], ['-4', '4'], ['-4', '4'], ['-4', '4']],
  unsafe: { A: [['-1', '0', '0', '0']], b: ['-3'] },
  initial: boxRows([['-1', '1'], ['-1/2', '1/2'], ['-1', '1'], ['-1/2', '1/2']]),
};

/** The same pendulum with a weaker motor (|u| <= 3): the barrier trained for |u| <= 8 is checked on it. */
export const weakPendulum: BarrierSystem = { ...pendulum, name: 'inverted pendulum, weaker motor', umax: '3' };
