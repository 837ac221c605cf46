#!/usr/bin/env node
/** relu-regions command line. Bad input ends with one line `error: ...` and exit code 2. */
import { Command, CommanderError } from 'commander';
import { InputError } from '../errors.js';
import { checkCommand } from './commands/check.js';
import { countCommand } from './commands/count.js';
import { demoCommand } from './commands/demo.js';
import { enumerateCommand } from './commands/enumerate.js';
import { mergeCommand } from './commands/merge.js';
import { equivalenceCommand, injectivityCommand, queryCommands } from './commands/queries.js';
import { verifyCommand } from './commands/verify.js';

// a closed pipe (`relu-regions ... | head`) is the reader's choice, not an error
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

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

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError && e.exitCode === 0) process.exit(0); // --help, --version
  if (e instanceof InputError || e instanceof CommanderError) {
    process.stderr.write(`error: ${e.message.replace(/^error: /, '')} (relu-regions --help for usage)\n`);
    process.exit(2);
  }
  throw e;
}
