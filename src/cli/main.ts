#!/usr/bin/env node
/**
 * relu-regions command line. Exit codes: exit-codes.ts. Bad input and I/O failures end with one
 * line `error: ...` and exit code 2; partial output files are removed (output-file.ts); stop
 * signals end the run cleanly with what it has (signals.ts).
 */
import { Command, CommanderError } from 'commander';
import { InputError, NoAnswerError } from '../errors.js';
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

const newProgram = (): Command =>
  new Command()
    .name('relu-regions')
    .description('Exact, certified activation-region enumeration for ReLU networks')
    .version('0.1.0')
    .exitOverride() // commander throws instead of exiting, so every bad flag ends the same way
    .configureOutput({ outputError: () => {} });

// Each command's module is loaded only when that command runs (start-up: count need not load
// verify, plot, explain...); help, `help CMD` and unknown commands load them all, in this order.
type Register = (program: Command) => void;
const COMMANDS: [names: string[], load: () => Promise<Register[]>][] = [
  [['enumerate'], async () => [(await import('./commands/enumerate.js')).enumerateCommand]],
  [['count'], async () => [(await import('./commands/count.js')).countCommand]],
  [['demo'], async () => [(await import('./commands/demo.js')).demoCommand]],
  [['check'], async () => [(await import('./commands/check.js')).checkCommand]],
  [['merge'], async () => [(await import('./commands/merge.js')).mergeCommand]],
  [['range', 'lipschitz', 'monotone'], async () => [(await import('./commands/queries.js')).queryCommands]],
  [['equivalent', 'injective'], async () => {
    const m = await import('./commands/pair-queries.js');
    return [m.equivalenceCommand, m.injectivityCommand];
  }],
  [['verify'], async () => [(await import('./commands/verify.js')).verifyCommand]],
  [['oracle', 'corpus'], async () => [(await import('./commands/oracle.js')).oracleCommand]],
  [['compose', 'stack', 'concat-input', 'affine', 'closed-loop'], async () => [(await import('./commands/algebra.js')).algebraCommands]],
  [['levelset'], async () => [(await import('./commands/levelset.js')).levelsetCommand]],
  [['invariant'], async () => [(await import('./commands/invariant.js')).invariantCommand]],
  [['graph'], async () => [(await import('./commands/graph.js')).graphCommand]],
  [['boundaries'], async () => [(await import('./commands/boundaries.js')).boundariesCommand]],
  [['plot'], async () => [(await import('./commands/plot.js')).plotCommand]],
  [['explain'], async () => [(await import('./commands/explain.js')).explainCommand]],
  [['random'], async () => [(await import('./commands/random.js')).randomCommand]],
];
const name = process.argv[2];
const one = COMMANDS.find(([names]) => names.includes(name));
let program = newProgram();
if (one) for (const register of await one[1]()) register(program);
if (!one || !program.commands.some((c) => c.name() === name)) {
  program = newProgram();
  for (const [, load] of COMMANDS) for (const register of await load()) register(program);
}

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
