/**
 * Stopping the command line: SIGINT (Ctrl-C), SIGTERM (`timeout`, batch schedulers, containers)
 * and SIGHUP all ask the running command to stop at its next step (it then reports what it has,
 * marked partial, flushes and closes its files), and the process exits with 128 + the signal's
 * number. A second signal exits at once. Long computations poll `stopRequested` through their
 * `shouldStop` option; they yield to the event loop often enough (run-control.ts) for the
 * handler to run within milliseconds.
 */
import { abandonAll } from './output-file.js';

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
type StopSignal = keyof typeof SIGNALS;

let received: StopSignal | null = null;

export function installSignalHandlers(): void {
  for (const sig of Object.keys(SIGNALS) as StopSignal[]) {
    process.on(sig, () => {
      if (received) {
        process.stderr.write(`\n${sig} again: aborting now (partial files removed)\n`);
        abandonAll();
        process.exit(128 + SIGNALS[sig]);
      }
      received = sig;
      const what = sig === 'SIGINT' ? 'interrupted' : `${sig} received`;
      process.stderr.write(`\n${what}: stopping and keeping what was found (${sig === 'SIGINT' ? 'Ctrl-C' : 'the signal'} again aborts at once)\n`);
    });
  }
}

/** Has a stop signal arrived? (the `shouldStop` of every long computation the CLI runs) */
export const stopRequested = (): boolean => received !== null;

/** 128 + the number of the signal that stopped the run, if one did. */
export const signalExitCode = (): number | undefined => (received ? 128 + SIGNALS[received] : undefined);
