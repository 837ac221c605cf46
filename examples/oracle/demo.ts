// The oracle at work on three versions of a small interval-bound engine (interval-engine.ts):
//   1. sound (outward rounding): passes 1000 random range cases;
//   2. a dropped bias: caught, and shrunk to a readable case of at most two neurons;
//   3. float32 without outward rounding: a case where its bound excludes the exact extreme.
// Run: npx tsx examples/oracle/demo.ts
import fc from 'fast-check';
import { networkToJson, oracle } from 'relu-regions/testing';
import { intervalEngine, type RangeRequest } from './interval-engine.js';

const engine = (options: Parameters<typeof intervalEngine>[0]) => {
  const run = intervalEngine(options);
  return (request: unknown) => run(request as RangeRequest);
};

// 1. the sound engine: every bound encloses the exact range
await fc.assert(oracle.rangeSoundness(engine({}), { runs: 1000, seed: 1 }));
console.log('sound engine: 1000 cases passed');

// 2. the same engine without biases
const dropped = await fc.check(oracle.rangeSoundness(engine({ bug: 'drop-bias' }), { runs: 1000, seed: 1 }));
if (!dropped.failed) throw new Error('the dropped bias was not caught');
const [bug] = dropped.counterexample!;
const neurons = bug.network.layers.slice(0, -1).reduce((n, l) => n + l.weights.length, 0);
console.log(`dropped bias: caught after ${dropped.numRuns} cases, shrunk to ${neurons} hidden neuron(s):`);
console.log(`  ${JSON.stringify(networkToJson(bug.network))}`);
console.log(`  ${String(dropped.errorInstance).split('\n')[0]}`);

// 3. float32, rounded to nearest, no outward rounding
const f32 = await fc.check(oracle.rangeSoundness(engine({ float32: true }), { runs: 2000, seed: 1, degenerate: true }));
if (!f32.failed) throw new Error('the float32 engine was not caught');
console.log(`float32 engine: unsound case found after ${f32.numRuns} cases:`);
console.log(`  ${String(f32.errorInstance).split('\n')[0]}`);
