/** equivalent and injective: questions about pairs of points, answered exactly or refuted by a pair. */
import type { Command } from 'commander';
import { loadModel } from '../../network/load.js';
import { equivalence } from '../../verify/equivalence.js';
import { injectivity } from '../../verify/injectivity.js';
import { pairSearch } from '../../verify/injectivity-pairs.js';
import { withCertificate } from '../certificate-output.js';
import { addDomainOptions, type DomainFlags } from '../domain-options.js';
import { modelInputs, originalPoint } from '../input-view.js';
import { pointJson, showPoint } from '../exact-format.js';
import { EXIT, exitWith } from '../exit-codes.js';
import { stopRequested } from '../signals.js';
import { partialFields } from '../../run-control.js';

export function equivalenceCommand(program: Command): void {
  addDomainOptions(
    program
      .command('equivalent')
      .description('are two networks the same function on the domain? exact yes, or a point where they differ')
      .argument('<net1>', 'network file')
      .argument('<net2>', 'network file')
      .option('--json', 'print one JSON object'),
  ).action(async (p1: string, p2: string, flags: DomainFlags & { json?: boolean }) => {
    const model1 = loadModel(p1);
    const model2 = loadModel(p2);
    const view = modelInputs(flags, model1, p1);
    const { domain, warnings } = view;
    const r = await equivalence(view.network, view.reduce(model2.network), domain, { shouldStop: stopRequested });
    exitWith(r.equivalent === true ? EXIT.answer : r.equivalent === false ? EXIT.negative : EXIT.noAnswer);
    if (flags.json) {
      const body =
        r.equivalent === false
          ? { answer: 'not equivalent', x: pointJson(originalPoint(view, r.x)), y1: pointJson(r.y1), y2: pointJson(r.y2) }
          : { answer: r.equivalent ? 'equivalent' : 'unknown', regions: r.regions, pieces: r.pieces, ...partialFields(r.equivalent === null ? r.stopped : undefined) };
      console.log(JSON.stringify({ ...body, warnings }));
      return;
    }
    if (r.equivalent === true) {
      console.log(`equivalent (exact: ${r.regions} regions of the first network, ${r.pieces} pieces compared)`);
    } else if (r.equivalent === null) {
      console.log(`unknown: PARTIAL (${r.stopped}): the maps agree on the ${r.pieces} pieces compared so far (${r.regions} regions of the first network)`);
    } else {
      console.log('not equivalent');
      console.log(`  x  = ${showPoint(originalPoint(view, r.x))}`);
      console.log(`  f1 = ${showPoint(r.y1)}`);
      console.log(`  f2 = ${showPoint(r.y2)}`);
    }
  });
}

export function injectivityCommand(program: Command): void {
  addDomainOptions(
    program
      .command('injective')
      .description('is the network one-to-one on the domain? exact yes, or a pair x != y with f(x) = f(y)')
      .argument('<net>', 'network file')
      .option('--certificate <file>', 'if injective, write a certificate for `relu-regions check` (every region pair by certified LPs)')
      .option('--json', 'print one JSON object'),
  ).action(async (netPath: string, flags: DomainFlags & { certificate?: string; json?: boolean }) => {
    const model = loadModel(netPath);
    const stats = { lpSolves: 0, pairsSkipped: 0 };
    const view = modelInputs(flags, model, netPath);
    const { domain, warnings } = view;
    const r = await withCertificate(
      flags.certificate,
      [netPath, flags.domain, flags.slice],
      (certificate) => injectivity(view.network, domain, pairSearch(stats), { certificate, lpStats: stats, shouldStop: stopRequested }),
      (v) => v.injective === true, // not injective: the pair is the proof; unknown (stopped): no proof
    );
    exitWith(r.injective === true ? EXIT.answer : r.injective === false ? EXIT.negative : EXIT.noAnswer);
    const certified = flags.certificate !== undefined && r.injective === true;
    if (flags.json) {
      const body =
        r.injective === false
          ? { answer: 'not injective', reason: r.reason, x: pointJson(originalPoint(view, r.x)), y: pointJson(originalPoint(view, r.y)) }
          : r.injective === true
            ? { answer: 'injective', method: r.method, regions: r.regions, pairsChecked: r.pairsChecked, ...(certified ? { certificate: flags.certificate } : {}) }
            : { answer: 'unknown', regions: r.regions, pairsChecked: r.pairsChecked, ...partialFields(r.stopped) };
      console.log(JSON.stringify({ ...body, pairsSkipped: stats.pairsSkipped, lpSolves: stats.lpSolves, warnings }));
      return;
    }
    if (r.injective === true) {
      console.log(`injective (exact: ${r.method}; ${r.regions} regions, ${r.pairsChecked} region pairs, ${stats.pairsSkipped} skipped by disjoint output boxes, ${stats.lpSolves} LPs)`);
      if (certified) console.log(`certificate written to ${flags.certificate}`);
    } else if (r.injective === null) {
      console.log(`unknown: PARTIAL (${r.stopped}): no pair found among ${r.regions} regions and ${r.pairsChecked} region pairs searched`);
    } else {
      console.log(`not injective: ${r.reason}`);
      console.log(`  x = ${showPoint(originalPoint(view, r.x))}`);
      console.log(`  y = ${showPoint(originalPoint(view, r.y))}`);
    }
  });
}
