/**
 * relu-regions corpus: the oracle's seeded cases with their exact answers and certificates, as
 * files (src/oracle/corpus.ts): deterministic, written to DIR.partial and renamed when complete;
 * a stop signal keeps the complete cases in DIR.partial (index.json says "partial": true).
 */
import { type Command, InvalidArgumentError } from 'commander';
import { InputError } from '../../errors.js';
import { parseArch, type CaseOptions } from '../../oracle/cases.js';
import { writeCorpus } from '../../oracle/corpus.js';
import { planFolder } from '../../oracle/folder.js';
import { isQuery, QUERIES, type OracleQuery } from '../../oracle/protocol.js';
import { EXIT, exitWith } from '../exit-codes.js';
import { positiveInt } from '../run-options.js';
import { stopRequested } from '../signals.js';

/** The flags and helpers shared with `oracle` (oracle.ts). */
export const seedArg = (v: string): number => {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n > 0xffffffff) throw new InvalidArgumentError(`--seed: expected an integer 0..4294967295, got "${v}"`);
  return n;
};

export const secondsArg = (flag: string) => (v: string): number => {
  const s = Number(v);
  if (!(s > 0) || !Number.isFinite(s)) throw new InvalidArgumentError(`${flag}: expected a positive number of seconds, got "${v}"`);
  return s;
};

export function queryOf(q: string): OracleQuery {
  if (!isQuery(q)) throw new InputError(`--query: expected ${QUERIES.join(', ')}, got "${q}"`);
  return q;
}

export function caseOptions(flags: { arch?: string; degenerate?: boolean }): CaseOptions {
  return { degenerate: flags.degenerate ?? false, ...(flags.arch !== undefined ? { arch: parseArch(flags.arch) } : {}) };
}

/** A progress line on stderr (terminals only), at most every 200 ms. */
export function progress(total: number, what: string): { update: (done: number) => void; clear: () => void } {
  const enabled = process.stderr.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update(done) {
      const now = performance.now();
      if (!enabled || now - last < 200) return;
      last = now;
      shown = true;
      process.stderr.write(`\r${done}/${total} ${what}  (Ctrl-C stops with a partial summary)`);
    },
    clear() {
      if (shown) process.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}

export function corpusCommand(program: Command): void {
  program
    .command('corpus')
    .description('write a deterministic golden corpus (networks, requests, exact answers, certificates) for testing engines offline')
    .requiredOption('--out <dir>', 'the corpus folder (must not exist)')
    .requiredOption('--query <query>', `the query: ${QUERIES.join(', ')}`)
    .option('--count <n>', 'number of cases', positiveInt('--count'), 100)
    .option('--seed <s>', 'seed of the cases', seedArg, 1)
    .option('--arch <sizes>', 'fixed architecture INPUTS-HIDDEN...-OUTPUTS, e.g. 2-8-8-1')
    .option('--degenerate', 'degenerate networks and boxes')
    .option('--json', 'print the summary as one JSON object')
    .action(async (flags: { out: string; query: string; count: number; seed: number; arch?: string; degenerate?: boolean; json?: boolean }) => {
      const query = queryOf(flags.query);
      const options = caseOptions(flags);
      planFolder('--out', flags.out);
      const bar = progress(flags.count, `${query} cases`);
      const start = performance.now();
      let r;
      try {
        r = await writeCorpus(flags.out, { query, count: flags.count, seed: flags.seed, ...options, shouldStop: stopRequested, onCase: (n) => bar.update(n) });
      } finally {
        bar.clear();
      }
      const seconds = (performance.now() - start) / 1000;
      exitWith(EXIT.answer);
      if (flags.json) {
        console.log(JSON.stringify({ folder: r.folder, query, cases: r.cases, count: flags.count, seed: flags.seed, partial: r.partial, ...(r.partial ? { stopReason: 'interrupted' } : {}), seconds }));
        return;
      }
      if (r.partial) console.log(`PARTIAL (interrupted): ${r.cases} of ${flags.count} ${query} cases written to ${r.folder}`);
      else console.log(`${r.cases} ${query} cases written to ${r.folder} (seed ${flags.seed}, ${seconds.toFixed(2)} s)`);
    });
}
