// Trains the barrier candidates of examples/barrier/ (train-barrier.ts; seeded, byte for byte
// reproducible) and writes them next to this script:
//   npx tsx examples/barrier/train.ts                 all of them
//   npx tsx examples/barrier/train.ts di-16           one
//   npx tsx examples/barrier/train.ts --check di-16   retrain and compare with the committed file
// The files are what the exact tools are run on (closed-loops.ts); nothing here decides anything.
import { readFileSync, writeFileSync } from 'node:fs';
import { networkText, trainBarrier, type TrainOptions } from './train-barrier.js';
import { actuatorLag, doubleIntegrator, pendulum, saturatedFeedback, weakPendulum, type BarrierSystem } from './systems.js';

export const CANDIDATES: Record<string, { file: string; system: BarrierSystem; options: TrainOptions }> = {
  // shallow, 16 neurons (the smallest: retrained by test/examples-barrier.test.ts)
  'di-16': { file: 'double-integrator-16.json', system: doubleIntegrator, options: { hidden: [16], seed: 1, epochs: 800, samples: 2000, homogeneous: true } },
  // shallow, 64 neurons (the benchmark's 2-D barrier)
  'di-64': { file: 'double-integrator-64.json', system: doubleIntegrator, options: { hidden: [64], seed: 1, epochs: 1000, samples: 3000, homogeneous: true } },
  // 3-D: the double integrator behind a first-order actuator, shallow 16 (more samples and epochs)
  'lag-16': { file: 'actuator-lag-16.json', system: actuatorLag, options: { hidden: [16], seed: 1, epochs: 2000, samples: 6000, homogeneous: true } },
  // deeper: two hidden layers of 16, trained for the pendulum with |u| <= 8
  'pendulum-16x16': { file: 'pendulum-16x16.json', system: pendulum, options: { hidden: [16, 16], seed: 1, epochs: 1000, samples: 3000, homogeneous: true } },
};

/** The controllers as network JSON (exact, not trained), for the command line's closed-loop. */
export const CONTROLLERS: Record<string, BarrierSystem> = {
  'double-integrator-controller.json': doubleIntegrator,
  'pendulum-controller.json': pendulum,
  'actuator-lag-controller.json': actuatorLag,
  'pendulum-weak-controller.json': weakPendulum,
};
export const controllerText = (s: BarrierSystem): string => JSON.stringify(saturatedFeedback(s.K, s.umax, s.states)) + '\n';
/** The unsafe and initial polytopes as JSON ({"A": …, "b": …}) for --unsafe and --initial. */
export const SETS: Record<string, { A: string[][]; b: string[] }> = {
  'double-integrator-unsafe.json': doubleIntegrator.unsafe,
  'double-integrator-initial.json': doubleIntegrator.initial,
  'pendulum-unsafe.json': pendulum.unsafe,
  'pendulum-initial.json': pendulum.initial,
};
export const setText = (p: { A: string[][]; b: string[] }): string => JSON.stringify(p) + '\n';

export const trainedText = (name: string): string => networkText(trainBarrier(CANDIDATES[name].system, CANDIDATES[name].options));

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const names = args.filter((a) => a !== '--check');
  if (names.length === 0 && !check) {
    for (const [file, s] of Object.entries(CONTROLLERS)) writeFileSync(new URL(file, import.meta.url), controllerText(s));
    for (const [file, p] of Object.entries(SETS)) writeFileSync(new URL(file, import.meta.url), setText(p));
  }
  for (const name of names.length > 0 ? names : Object.keys(CANDIDATES)) {
    const c = CANDIDATES[name];
    if (!c) throw new Error(`unknown candidate ${name}: one of ${Object.keys(CANDIDATES).join(', ')}`);
    const url = new URL(c.file, import.meta.url);
    const text = trainedText(name);
    if (check) {
      const same = readFileSync(url, 'utf8') === text;
      console.log(`${c.file}: ${same ? 'identical' : 'DIFFERENT'}`);
      if (!same) process.exitCode = 1;
    } else {
      writeFileSync(url, text);
      console.log(`${c.file}: ${c.system.name}, hidden ${c.options.hidden.join('×')}, seed ${c.options.seed}, ${c.options.epochs} epochs`);
    }
  }
}
