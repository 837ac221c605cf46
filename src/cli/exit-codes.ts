/**
 * One table of exit codes for every command (README, "Exit codes"):
 *   0  the answer was found, or the property holds (unsat, injective, valid, a complete count)
 *   1  a negative finding: a counterexample (sat, not injective/equivalent/monotone) or an
 *      invalid certificate
 *   2  bad input: files, flags, I/O errors
 *   3  no answer: a limit (--timeout, --max-regions) stopped the run first, or the question has
 *      none (an unbounded range, missing shards)
 *   128 + n  stopped by signal n: 130 SIGINT (Ctrl-C), 143 SIGTERM, 129 SIGHUP (signals.ts)
 */
export const EXIT = { answer: 0, negative: 1, badInput: 2, noAnswer: 3 } as const;

/** Sets the exit code (a signal's code, set in main, takes precedence). */
export function exitWith(code: (typeof EXIT)[keyof typeof EXIT]): void {
  process.exitCode = code;
}
