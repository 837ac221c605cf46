/**
 * The interval engine (interval-engine.ts) as a process speaking the oracle protocol: one JSON
 * request per line on stdin, one answer per line on stdout. Flags: --bug drop-bias, --float32.
 *
 *   relu-regions oracle --engine "node --import tsx examples/oracle/engine-process.ts" --query range --runs 200 --seed 1
 */
import { createInterface } from 'node:readline';
import { intervalEngine, type RangeRequest } from './interval-engine.js';

const args = process.argv.slice(2);
const engine = intervalEngine({ bug: args.includes('--bug') ? 'drop-bias' : undefined, float32: args.includes('--float32') });

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  const request = JSON.parse(line) as RangeRequest;
  const answer = request.query === 'range' ? engine(request) : { id: request.id, error: `unsupported query ${request.query}` };
  process.stdout.write(JSON.stringify(answer) + '\n');
}
