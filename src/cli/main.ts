#!/usr/bin/env node
/**
 * relu-regions command line. Exit codes: exit-codes.ts. Bad input and I/O failures end with one
 * line `error: ...` and exit code 2; partial output files are removed (output-file.ts); stop
 * signals end the run cleanly with what it has (signals.ts).
 */
import { Command, CommanderError } from 'commander';
import { InputError, NoAnswerError } from '../errors.js';
import { boundariesCommand } from './commands/boundaries.js';
import { algebraCommands } from './commands/algebra.js';
import { levelsetCommand } from './commands/levelset.js';
import { invariantCommand } from './commands/invariant.js';
import { checkCommand } from './commands/check.js';
import { countCommand } from './commands/count.js';
import { demoCommand } from './commands/demo.js';
import { enumerateCommand } from './commands/enumerate.js';
import { explainCommand } from './commands/explain.js';
import { graphCommand } from './commands/graph.js';
import { mergeCommand } from './commands/merge.js';
import { equivalenceCommand, injectivityCommand } from './commands/pair-queries.js';
import { oracleCommand } from './commands/oracle.js';
import { plotCommand } from './commands/plot.js';
import { queryCommands } from './commands/queries.js';
import { randomCommand } from './commands/random.js';
import { verifyCommand } from './commands/verify.js';
import { EXIT } from './exit-codes.js';
import { abandonAll } from './output-file.js';
import { installSignalHandlers, signalExitCode } from './signals.js';

const fatal = (line: string, code: number): never => {
  abandonAll();
  process.stderr.write(`${line}\n`);
  process.exit(signalExitCode() ?? code);
};

// a closed pipe (`relu-regions ... | head`) is the reader's choice, not an error
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(signalExitCode() ?? 0);
  fatal(`error: stdout: cannot write: ${e.message}`, EXIT.badInput);
});
installSignalHandlers();

const program = new Command()
  .name('relu-regions')
  .description('Exact, certified activation-region enumeration for ReLU networks')
  .version('0.1.0')
  .exitOverride() // commander throws instead of exiting, so every bad flag ends the same way
  .configureOutput({ outputError: () => {} });

enumerateCommand(program);
countCommand(program);
demoCommand(program);
checkCommand(program);
mergeCommand(program);
queryCommands(program);
equivalenceCommand(program);
injectivityCommand(program);
verifyCommand(program);
oracleCommand(program);
algebraCommands(program);
levelsetCommand(program);
invariantCommand(program);
graphCommand(program);
boundariesCommand(program);
plotCommand(program);
explainCommand(program);
randomCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError && e.exitCode === 0) process.exit(0); // --help, --version
  if (e instanceof InputError || e instanceof CommanderError) {
    fatal(`error: ${e.message.replace(/^error: /, '')}${e instanceof CommanderError ? ' (relu-regions --help for usage)' : ''}`, EXIT.badInput);
  }
  if (e instanceof NoAnswerError) fatal(`no answer: ${e.message}`, EXIT.noAnswer);
  const errno = e as NodeJS.ErrnoException;
  if (e instanceof Error && typeof errno.code === 'string' && typeof errno.syscall === 'string') {
    fatal(`error: ${errno.path ?? errno.syscall}: ${e.message}`, EXIT.badInput); // an I/O failure not caught where it happened
  }
  abandonAll();
  throw e; // a bug: the stack trace is for the report
}
const stopped = signalExitCode();
if (stopped !== undefined) process.exitCode = stopped;
