/**
 * relu-regions oracle: differential testing of another engine over the JSON-lines protocol
 * (docs/oracle-protocol.md). Exit 0 when every case passes, 1 on a violation (shrunk, with a
 * reproducer folder), 2 when the engine fails as a process (exits, writes garbage, times out)
 * or on bad flags, 128+n when stopped by a signal (with a partial summary). It also registers `corpus` (corpus.ts) too, so main.ts has one line for both.
 */
import type { Command } from 'commander';
import { runDifferential } from '../../oracle/differential.js';
import { EngineProcess } from '../../oracle/engine-process.js';
import { freeFolderName, planFolder } from '../../oracle/folder.js';
import { QUERIES } from '../../oracle/protocol.js';
import { writeReproducer } from '../../oracle/reproducer.js';
import { formatSummary, summaryJson } from '../../oracle/stats.js';
import { EXIT, exitWith } from '../exit-codes.js';
import { positiveInt } from '../run-options.js';
import { stopRequested } from '../signals.js';
import { caseOptions, corpusCommand, progress, queryOf, secondsArg, seedArg } from './corpus.js';

interface OracleFlags {
  engine: string;
  query: string;
  runs: number;
  seed?: number;
  arch?: string;
  degenerate?: boolean;
  out?: string;
  json?: boolean;
  timeoutPerCase: number;
  allowErrors?: boolean;
}

export function oracleCommand(program: Command): void {
  program
    .command('oracle')
    .description('differential testing: seeded cases sent to an engine over JSON lines (docs/oracle-protocol.md), every answer judged against the exact one; a violation is shrunk to a reproducer folder')
    .requiredOption('--engine <command>', 'the engine, run once as `sh -c COMMAND`: requests on its stdin, answers on its stdout, one JSON object per line')
    .requiredOption('--query <query>', `the query to test: ${QUERIES.join(', ')}`)
    .option('--runs <n>', 'number of cases', positiveInt('--runs'), 100)
    .option('--seed <s>', 'seed of the cases (default: random, printed in the summary)', seedArg)
    .option('--arch <sizes>', 'fixed architecture INPUTS-HIDDEN...-OUTPUTS, e.g. 2-8-8-1 (shrinking may still drop neurons)')
    .option('--degenerate', 'degenerate networks and boxes (duplicated, dead and always-active neurons, non-dyadic bounds, ...)')
    .option('--out <dir>', 'reproducer folder of a violation (default oracle-failure-SEED)')
    .option('--json', 'print the summary as one JSON object')
    .option('--timeout-per-case <s>', 'fail (exit 2) when the engine takes longer than this to answer one case', secondsArg('--timeout-per-case'), 60)
    .option('--allow-errors', 'count the engine\'s {"error": ...} answers instead of treating them as violations')
    .action(async (flags: OracleFlags) => {
      const query = queryOf(flags.query);
      const options = caseOptions(flags);
      const seed = flags.seed ?? Math.floor(Math.random() * 0x80000000);
      if (flags.out !== undefined) planFolder('--out', flags.out);
      const engine = new EngineProcess(flags.engine, { timeoutSeconds: flags.timeoutPerCase, shouldStop: stopRequested });
      const bar = progress(flags.runs, `${query} cases`);
      let result;
      try {
        result = await runDifferential({
          query,
          runs: flags.runs,
          seed,
          ...options,
          ask: (request) => engine.ask(request),
          allowErrors: flags.allowErrors,
          shouldStop: stopRequested,
          onCase: (s) => bar.update(s.cases),
        });
      } finally {
        bar.clear();
        await engine.close();
      }
      const { summary, failure } = result;
      if (failure) {
        const dir = flags.out ?? freeFolderName(`oracle-failure-${seed}`);
        const commandLine = `relu-regions oracle --engine ${JSON.stringify(flags.engine)} --query ${query} --runs ${flags.runs} --seed ${seed}${flags.arch ? ` --arch ${flags.arch}` : ''}${flags.degenerate ? ' --degenerate' : ''}`;
        summary.reproducer = await writeReproducer(dir, failure, { engine: flags.engine, seed, commandLine });
        exitWith(EXIT.negative);
      } else {
        exitWith(EXIT.answer);
      }
      if (flags.json) {
        console.log(summaryJson({ ...summary, ...(failure ? { violation: failure.message, ...(failure.shrinkingStopped ? { shrinkingStopped: failure.shrinkingStopped } : {}) } : {}) } as typeof summary));
        return;
      }
      if (failure) console.log(`VIOLATION: ${failure.message}`);
      if (failure?.shrinkingStopped) console.log(`(shrinking ended early: ${failure.shrinkingStopped}; the case may not be minimal)`);
      console.log(formatSummary(summary));
    });

  corpusCommand(program);
}
