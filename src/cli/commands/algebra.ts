/**
 * Exact network algebra on the command line (network/algebra.ts), each writing a network JSON
 * (numbers as exact strings) to --out FILE or stdout:
 *   compose G F                        G∘F
 *   stack F G                          x ↦ (F(x), G(x))
 *   affine --A '[[...]]' --b '[...]'   x ↦ A·x + b
 *   concat-input F                     x ↦ (x, F(x))
 *   closed-loop PI --A … --B … [--c …] x ↦ A·x + B·π(x) + c
 * Matrices are JSON (exact decimals or "p/q" strings, or numbers as their exact binary value),
 * given inline or as @FILE.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { type Rational } from '../../kernel/rational.js';
import { affineNetwork, closedLoop, compose, concatInput, stack } from '../../network/algebra.js';
import { loadNetwork } from '../../network/load.js';
import type { Network } from '../../network/network.js';
import { parseJsonText, parseNumberArray } from '../../network/parse-json.js';
import { networkToJson } from '../../network/to-json.js';
import { OutputFile, planOutput } from '../output-file.js';

type OutFlags = { out?: string };

/** A JSON value given inline or as @FILE. */
function jsonArg(flag: string, text: string): unknown {
  if (!text.startsWith('@')) return parseJsonText(text, flag);
  const path = text.slice(1);
  let body: string;
  try {
    body = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`${flag} ${path}: cannot read: ${(e as Error).message}`);
  }
  return parseJsonText(body, `${flag} ${path}`);
}

function matrixArg(flag: string, text: string): Rational[][] {
  const v = jsonArg(flag, text);
  if (!Array.isArray(v) || v.length === 0) throw new InputError(`${flag}: expected a JSON matrix (a nonempty array of rows)`);
  return v.map((row, i) => parseNumberArray(row, `${flag}[${i}]`));
}

const vectorArg = (flag: string, text: string): Rational[] => parseNumberArray(jsonArg(flag, text), flag);

/** Writes the network to --out (safely: FILE.partial, then renamed) or stdout. */
function emit(net: Network, flags: OutFlags, inputs: string[]): void {
  const text = JSON.stringify(networkToJson(net)) + '\n';
  if (flags.out === undefined) {
    process.stdout.write(text);
    return;
  }
  const out = new OutputFile(planOutput('--out', flags.out, inputs));
  out.write(text);
  out.commit();
}

const outOption = (cmd: Command): Command => cmd.option('--out <file>', 'write the network JSON here (default: stdout)');

export function algebraCommands(program: Command): void {
  outOption(program.command('compose').description('the network G∘F: x ↦ G(F(x)), exactly').argument('<g>', 'outer network').argument('<f>', 'inner network')).action(
    (g: string, f: string, flags: OutFlags) => emit(compose(loadNetwork(g), loadNetwork(f)), flags, [g, f]),
  );
  outOption(program.command('stack').description('the network x ↦ (F(x), G(x)) (same inputs), exactly').argument('<f>', 'first network').argument('<g>', 'second network')).action(
    (f: string, g: string, flags: OutFlags) => emit(stack(loadNetwork(f), loadNetwork(g)), flags, [f, g]),
  );
  outOption(program.command('concat-input').description('the network x ↦ (x, F(x)), exactly').argument('<f>', 'network')).action((f: string, flags: OutFlags) =>
    emit(concatInput(loadNetwork(f)), flags, [f]),
  );
  outOption(
    program
      .command('affine')
      .description('the one-layer network x ↦ A·x + b')
      .requiredOption('--A <matrix>', 'JSON rows, e.g. [[1,0],["1/2",1]], or @FILE')
      .option('--b <vector>', 'JSON vector (default zeros), or @FILE'),
  ).action((flags: OutFlags & { A: string; b?: string }) => {
    const A = matrixArg('--A', flags.A);
    const b = flags.b === undefined ? A.map(() => ({ n: 0n, d: 1n })) : vectorArg('--b', flags.b);
    emit(affineNetwork(A, b), flags, []);
  });
  outOption(
    program
      .command('closed-loop')
      .description('the closed loop x ↦ A·x + B·π(x) + c of a controller π and exact plant matrices')
      .argument('<controller>', 'the controller network π (state → control)')
      .requiredOption('--A <matrix>', 'state matrix (JSON rows, or @FILE)')
      .requiredOption('--B <matrix>', 'input matrix (JSON rows, or @FILE)')
      .option('--c <vector>', 'constant term (JSON vector, default zeros, or @FILE)'),
  ).action((pi: string, flags: OutFlags & { A: string; B: string; c?: string }) => {
    const net = loadNetwork(pi);
    const A = matrixArg('--A', flags.A);
    const c = flags.c === undefined ? A.map(() => ({ n: 0n, d: 1n })) : vectorArg('--c', flags.c);
    emit(closedLoop(net, A, matrixArg('--B', flags.B), c), flags, [pi]);
  });
}
