/**
 * relu-regions levelset NET (--output K | --objective c) (--le C | --ge C | --eq C) [domain]
 * [--volume] [--out FILE] [--json]: the exact pieces of a sub-level, super-level or level set
 * (levelset/levelset.ts) as JSONL to --out (written safely: FILE.partial, renamed when complete;
 * a stopped run keeps FILE.partial) or stdout, and a summary (stderr when the pieces go to stdout).
 */
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { parseRational, toString, type Rational } from '../../kernel/rational.js';
import { showExact } from '../exact-format.js';
import { levelSet, type LevelPiece, type LevelRelation } from '../../levelset/levelset.js';
import { loadModel } from '../../network/load.js';
import { partialFields } from '../../run-control.js';
import { addDomainOptions, type DomainFlags } from '../domain-options.js';
import { modelInputs } from '../input-view.js';
import { EXIT, exitWith } from '../exit-codes.js';
import { OutputFile, planOutput } from '../output-file.js';
import { stopRequested } from '../signals.js';
import { withCertificate } from '../certificate-output.js';
import { index, partialNote } from './queries.js';

type Flags = DomainFlags & { output?: number; objective?: string; le?: string; ge?: string; eq?: string; volume?: boolean; out?: string; certificate?: string; json?: boolean };

const level = (flag: string, v: string): Rational => parseRational(v) ?? (() => { throw new InputError(`${flag}: expected an exact number (decimal or p/q), got "${v}"`); })();

export function levelsetCommand(program: Command): void {
  addDomainOptions(
    program
      .command('levelset')
      .description('the exact pieces of {x : f_K(x) <= C} (--le), >= C (--ge) or = C (--eq): each region cut by its own affine piece')
      .argument('<net>', 'network file')
      .option('--output <k>', 'output index', index('--output'))
      .option('--objective <c>', 'a linear objective of the outputs c_0,c_1,... instead of one output')
      .option('--le <c>', 'sub-level set f <= C')
      .option('--ge <c>', 'super-level set f >= C')
      .option('--eq <c>', 'level set f = C ((d-1)-dimensional pieces)')
      .option('--volume', "each full-dimensional piece's exact volume, and the total")
      .option('--out <file>', 'write the pieces (JSONL) here instead of stdout')
      .option('--certificate <file>', 'also write a certificate (JSONL) for `relu-regions check`')
      .option('--json', 'print the summary as one JSON object'),
  ).action(async (netPath: string, flags: Flags) => {
    const given = (['le', 'ge', 'eq'] as const).filter((r) => flags[r] !== undefined);
    if (given.length !== 1) throw new InputError('levelset: give exactly one of --le C, --ge C, --eq C');
    const relation: LevelRelation = given[0];
    const C = level(`--${relation}`, flags[relation]!);
    const model = loadModel(netPath);
    const outputs = model.network.layers[model.network.layers.length - 1].weights.length;
    if ((flags.output === undefined) === (flags.objective === undefined)) throw new InputError('levelset: give one of --output K or --objective c_0,...');
    if (flags.output !== undefined && flags.output >= outputs) throw new InputError(`--output: expected 0..${outputs - 1}`);
    const objective =
      flags.output !== undefined
        ? Array.from({ length: outputs }, (_, k) => ({ n: k === flags.output ? 1n : 0n, d: 1n }))
        : flags.objective!.split(',').map((s, i) => parseRational(s) ?? (() => { throw new InputError(`--objective: entry ${i} "${s}" is not a number`); })());
    if (objective.length !== outputs) throw new InputError(`--objective: ${objective.length} coefficients, the network has ${outputs} outputs`);
    const view = modelInputs(flags, model, netPath);
    const file = flags.out !== undefined ? new OutputFile(planOutput('--out', flags.out, [netPath, flags.domain, flags.slice].filter((p): p is string => p !== undefined))) : null;
    const write = (piece: LevelPiece) => {
      const rec = { ...piece, witness: piece.witness.map(toString) };
      if (file) file.writeLine(rec);
      else process.stdout.write(JSON.stringify(rec) + '\n');
    };
    const r = await withCertificate(
      flags.certificate,
      [netPath, flags.domain, flags.slice, flags.out],
      (certificate) => levelSet(view.network, objective, relation, C, view.domain, { volume: flags.volume, shouldStop: stopRequested, onPiece: write, certificate: certificate as ((l: object) => void) | undefined }),
      (res) => !res.stopped,
    );
    if (file) {
      if (r.stopped) file.stopShort(true);
      else file.commit();
    }
    exitWith(r.stopped ? EXIT.noAnswer : EXIT.answer);
    const what = `{x : ${flags.output !== undefined ? `f_${flags.output}` : 'c·f'}(x) ${{ le: '<=', ge: '>=', eq: '=' }[relation]} ${toString(C)}}`;
    const summary = { set: what, pieces: r.pieces, regions: r.regions, ...(r.volume ? { volume: toString(r.volume) } : {}), ...(file ? { out: flags.out } : {}), ...partialFields(r.stopped), warnings: view.warnings };
    const say = (line: string) => (file ? process.stdout : process.stderr).write(line + '\n');
    if (flags.json) {
      say(JSON.stringify(summary));
      return;
    }
    if (r.stopped) say(`${partialNote(r.stopped, r.regions)}: the pieces of the regions seen so far`);
    say(`${what}: ${r.pieces} pieces in ${r.regions} regions${r.volume ? `, volume ${showExact(r.volume)}` : ''}${file ? ` (written to ${flags.out}${r.stopped ? '.partial' : ''})` : ''}`);
  });
}
