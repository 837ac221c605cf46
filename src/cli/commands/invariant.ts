/**
 * relu-regions invariant --barrier B --dynamics G [domain] [--unsafe U.json] [--initial I.json]
 * [--json]: forward invariance of S = {x ∈ D : B(x) <= 0} under x⁺ = G(x), and optionally safety
 * (S ∩ U = ∅) and containment of the initial set (I ⊆ S), exactly (invariant/invariant.ts).
 * Exit 0 when every question asked is answered yes, 1 when one is answered no (with an exact
 * witness), 3 when stopped.
 */
import type { Command } from 'commander';
import { loadDomain, type Domain } from '../../domain/domain.js';
import { InputError } from '../../errors.js';
import { invariance, type Certified, type HPolytope, type StateWitness } from '../../invariant/invariant.js';
import { toString } from '../../kernel/rational.js';
import { loadNetwork } from '../../network/load.js';
import { checkShapes, outputIndex } from '../barrier-options.js';
import { partialFields } from '../../run-control.js';
import { addDomainOptions, domainFromFlags, domainGiven, type DomainFlags } from '../domain-options.js';
import { exactJson, pointJson, showExact, showPoint } from '../exact-format.js';
import { EXIT, exitWith } from '../exit-codes.js';
import { OutputFile, planOutput } from '../output-file.js';
import { stopRequested } from '../signals.js';
import { withCertificate } from '../certificate-output.js';

type Flags = DomainFlags & { output?: number; barrier: string; dynamics: string; unsafe?: string; initial?: string; level?: boolean; pieces?: string; volume?: boolean; certificate?: string; json?: boolean };

function polytope(flag: string, path: string, d: number): HPolytope {
  const dom: Domain = loadDomain(path, d);
  if (dom.kind !== 'polyhedron') throw new InputError(`${flag} ${path}: expected a polytope {"A": [[...]], "b": [...]}`);
  return { A: dom.A, b: dom.b };
}

const witnessJson = (w: StateWitness) => ({ x: pointJson(w.x), B: exactJson(w.B), G: pointJson(w.G), BG: exactJson(w.BG) });
const witnessLines = (w: StateWitness): string[] => [`  x = ${showPoint(w.x)}`, `  B(x) = ${showExact(w.B)}`, `  G(x) = ${showPoint(w.G)}`, `  B(G(x)) = ${showExact(w.BG)}`];

/** The claims of a certificate, in words. */
export function certifiedList(c: Certified): string {
  const parts = [
    ...(c.invariant ? ['invariance'] : []),
    ...(c.safe ? ['safety'] : []),
    ...(c.initialInside ? ['the initial set'] : []),
    ...(c.level ? [`the level ${c.level.value} (${c.level.closed ? 'closed' : 'open'})`] : []),
    ...(c.pieces !== undefined ? [`${c.pieces} pieces of C`] : []),
  ];
  return parts.join(', ');
}

export function invariantCommand(program: Command): void {
  addDomainOptions(
    program
      .command('invariant')
      .description('is {x in D : B(x) <= 0} forward invariant under x+ = G(x)? exact, with a counterexample if not')
      .requiredOption('--barrier <net>', 'the barrier network B (states → 1 output)')
      .requiredOption('--dynamics <net>', 'the closed loop G (states → states; see closed-loop)')
      .option('--output <k>', 'the barrier is output K of a network with several outputs', outputIndex)
      .option('--unsafe <file>', 'an unsafe polytope U ({"A": [[...]], "b": [...]}): is S ∩ U empty?')
      .option('--initial <file>', 'an initial polytope I: is I inside S?')
      .option('--level', 'also the largest certified level c* <= 0: {B <= c*} is mapped into itself and into D')
      .option('--pieces <file>', 'write the exact pieces of C = S ∩ {B(G(x)) <= B(x)} (JSONL)')
      .option('--volume', "with --pieces: each piece's exact volume and the total")
      .option('--certificate <file>', 'write a certificate (JSONL) of every answer that is yes, the level and the pieces, for `relu-regions check B CERT --dynamics G`')
      .option('--json', 'print one JSON object'),
  ).action(async (flags: Flags) => {
    const barrier = loadNetwork(flags.barrier);
    const dynamics = loadNetwork(flags.dynamics);
    const d = barrier.inputSize;
    checkShapes(barrier, dynamics, flags);
    if (!domainGiven(flags)) throw new InputError('invariant: give the state domain D (--box or --domain): G(x) ∈ D is part of invariance');
    const domain = domainFromFlags(flags, d);
    if (flags.volume && flags.pieces === undefined) throw new InputError('--volume: only with --pieces (the volumes of the pieces of C)');
    const out = flags.pieces !== undefined ? new OutputFile(planOutput('--pieces', flags.pieces, [flags.barrier, flags.dynamics])) : null;
    const a = await withCertificate(flags.certificate, [flags.barrier, flags.dynamics, flags.domain], (certificate) => invariance(barrier, dynamics, domain, {
      unsafe: flags.unsafe !== undefined ? polytope('--unsafe', flags.unsafe, d) : undefined,
      initial: flags.initial !== undefined ? polytope('--initial', flags.initial, d) : undefined,
      certificate: certificate as ((line: object) => void) | undefined,
      level: flags.level,
      volume: flags.volume,
      barrierOutput: flags.output,
      onPiece: out ? (p) => out.writeLine({ ...p, witness: p.witness.map(toString) }) : undefined,
      shouldStop: stopRequested,
    }), (r) => r.certified !== undefined);
    if (out) {
      if (a.stopped) out.stopShort(true);
      else out.commit();
    }
    const answers = [a.invariant, ...(flags.unsafe !== undefined ? [a.safe] : []), ...(flags.initial !== undefined ? [a.initialInside] : [])];
    exitWith(answers.includes(false) ? EXIT.negative : answers.includes(null) ? EXIT.noAnswer : EXIT.answer);
    if (flags.json) {
      console.log(
        JSON.stringify({
          invariant: a.invariant,
          ...(a.counterexample ? { counterexample: { ...witnessJson(a.counterexample), reason: a.counterexample.reason, ...(a.counterexample.row !== undefined ? { row: a.counterexample.row } : {}) } } : {}),
          ...(flags.unsafe !== undefined ? { safe: a.safe, ...(a.unsafeWitness ? { unsafeWitness: witnessJson(a.unsafeWitness) } : {}) } : {}),
          ...(flags.initial !== undefined ? { initialInside: a.initialInside, ...(a.initialWitness ? { initialWitness: witnessJson(a.initialWitness) } : {}) } : {}),
          ...(a.level ? { level: { value: a.level.value === null ? null : exactJson(a.level.value), closed: a.level.closed, ...(a.level.point ? { point: witnessJson(a.level.point) } : {}) } } : {}),
          ...(a.pieces !== undefined ? { pieces: a.pieces } : {}),
          ...(a.volume ? { volume: exactJson(a.volume) } : {}),
          ...(a.certified ? { certified: a.certified } : {}),
          regions: a.regions,
          ...partialFields(a.stopped),
        }),
      );
      return;
    }
    const word = (v: boolean | null | undefined, yes: string, no: string) => (v === null || v === undefined ? `unknown (stopped: ${a.stopped})` : v ? yes : no);
    console.log(word(a.invariant, 'invariant', 'not invariant'));
    if (a.counterexample) {
      console.log(a.counterexample.reason === 'barrier' ? '  a state of S whose successor leaves S (B(G(x)) > 0):' : `  a state of S whose successor leaves D (row ${a.counterexample.row} of D):`);
      for (const l of witnessLines(a.counterexample)) console.log(l);
    }
    if (flags.unsafe !== undefined) {
      console.log(word(a.safe, 'safe: S does not meet the unsafe set', 'unsafe: S meets the unsafe set'));
      if (a.unsafeWitness) for (const l of witnessLines(a.unsafeWitness)) console.log(l);
    }
    if (flags.initial !== undefined) {
      console.log(word(a.initialInside, 'the initial set is inside S', 'the initial set is not inside S'));
      if (a.initialWitness) for (const l of witnessLines(a.initialWitness)) console.log(l);
    }
    if (a.level) {
      const L = a.level;
      if (L.value === null) console.log('certified level: none (B is unbounded below where G increases it or leaves D)');
      else console.log(`certified level c* = ${showExact(L.value)}: {x in D : B(x) ${L.closed ? '<=' : '<'} c*} is forward invariant`);
      if (L.point) {
        console.log('  where B reaches c* on the closure of the bad set:');
        for (const l of witnessLines(L.point)) console.log(l);
      }
    }
    if (a.pieces !== undefined) console.log(`C = S ∩ {B(G(x)) <= B(x)}: ${a.pieces} pieces${a.volume ? `, volume ${showExact(a.volume)}` : ''} written to ${flags.pieces}${a.stopped ? '.partial' : ''}`);
    console.log(`(exact, over ${a.regions} regions of (B, B∘G, G))`);
    if (flags.certificate !== undefined) process.stderr.write(a.certified ? `certificate of ${certifiedList(a.certified)} written to ${flags.certificate}\n` : a.stopped ? 'no certificate: the run is partial\n' : 'no certificate: no answer is yes, and no level or pieces were asked\n');
  });
}
