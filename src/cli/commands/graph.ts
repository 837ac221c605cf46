/**
 * graph: the adjacency graph of the activation regions (geometry/graph.ts) as JSON, DOT or GraphML.
 * Also the shared set-up of `graph` and `boundaries`: flags, one enumeration, safe output.
 */
import { type Command, InvalidArgumentError } from 'commander';
import type { Domain } from '../../domain/domain.js';
import { loadModel } from '../../network/load.js';
import type { Network } from '../../network/network.js';
import { formatGraph, GRAPH_FORMATS, graphCounts, type GraphFormat } from '../../geometry/graph-format.js';
import { buildRegionGraph, type RegionGraph } from '../../geometry/graph.js';
import { BACKENDS } from '../../lp/backends.js';
import { addDomainOptions, type DomainFlags } from '../domain-options.js';
import { EXIT, exitWith } from '../exit-codes.js';
import { modelInputs } from '../input-view.js';
import { OutputFile, planOutput } from '../output-file.js';
import { progressPrinter } from '../progress.js';
import { positiveInt } from '../run-options.js';
import { stopRequested } from '../signals.js';

export type GeometryCommandFlags = DomainFlags & { out?: string; json?: boolean; maxRegions?: number; engine: string; lp: string };

/** The flags of `graph` and `boundaries`: a domain, --out, --json, and the enumeration's own. */
export function addGeometryCommandOptions(cmd: Command): Command {
  return addDomainOptions(cmd)
    .option('--out <file>', 'write to this file instead of stdout (FILE.partial until complete)')
    .option('--json', 'print the summary as one JSON object on stderr')
    .option('--max-regions <n>', 'stop after n regions (the result is then marked partial)', positiveInt('--max-regions'))
    .option('--engine <engine>', 'auto (vertex for boxes in d <= 4, else lp), vertex, or lp', 'auto')
    .option('--lp <backend>', `float LP backend proposing answers: ${Object.keys(BACKENDS).join(', ')}`, 'dense');
}

/**
 * Loads NET and its domain (with --pin / --slice), checks every flag and the output path, runs
 * one enumeration into the region graph, and writes `render(graph)` safely: FILE.partial renamed
 * when complete; a stopped run keeps FILE.partial, marked partial inside. Exit 0, or 3 when a
 * limit stopped it (a signal's code wins, see main.ts).
 */
export async function runGeometryCommand(
  netPath: string,
  flags: GeometryCommandFlags,
  what: string,
  render: (graph: RegionGraph, net: Network) => { text: string; summary: Record<string, unknown>; lines: string[] },
): Promise<void> {
  const t0 = performance.now();
  const model = loadModel(netPath);
  const view = modelInputs(flags, model, netPath);
  const { network: net, domain, warnings } = view;
  const backend = BACKENDS[flags.lp];
  if (!backend) throw new InvalidArgumentError(`--lp: unknown backend "${flags.lp}" (expected ${Object.keys(BACKENDS).join(' or ')})`);
  const engine = flags.engine;
  if (engine !== 'auto' && engine !== 'vertex' && engine !== 'lp') throw new InvalidArgumentError(`--engine: unknown engine "${engine}" (expected auto, vertex or lp)`);
  const inputs = [netPath, flags.domain, flags.slice].filter((p): p is string => p !== undefined);
  const out = flags.out !== undefined ? new OutputFile(planOutput('--out', flags.out, inputs)) : null;
  const progress = progressPrinter(process.stderr.isTTY === true);
  const graph = await buildRegionGraph(net, { domain: domain as Domain, engine, backend, maxRegions: flags.maxRegions, shouldStop: stopRequested, onProgress: progress.update });
  progress.clear();
  const { text, summary, lines } = render(graph, net);
  const s = graph.summary;
  if (view.note) s.domainText += ` (${view.note})`;
  if (out) {
    out.write(text);
    if (s.partial) out.stopShort(true);
    else out.commit();
  } else process.stdout.write(text);
  const head = {
    domain: s.domain,
    domainText: s.domainText,
    ...summary,
    adjacency: graph.adjacency,
    lpSolves: s.lpSolves + graph.adjacency.lpSolves,
    seconds: (performance.now() - t0) / 1000,
    partial: s.partial,
    ...(s.stopReason ? { stopReason: s.stopReason } : {}),
    warnings,
  };
  if (flags.json) process.stderr.write(JSON.stringify(head) + '\n');
  else {
    const a = graph.adjacency;
    process.stderr.write(
      [
        `domain: ${s.domainText}`,
        `activation regions: ${s.activationRegions}${s.partial ? ` (PARTIAL: stopped by ${s.stopReason})` : ''}`,
        ...lines,
        `facet pairs decided exactly: ${a.byPoint} shared (exact points), ${a.bySeparation} apart (separating facets), ${a.byLp} by certified LPs; of ${a.candidates} candidates`,
        `time: ${((performance.now() - t0) / 1000).toFixed(3)} s`,
      ].join('\n') + '\n',
    );
  }
  if (out) process.stderr.write(s.partial ? `${what} of the regions found so far written to ${out.writing} (PARTIAL; not renamed to ${flags.out})\n` : `${what} written to ${flags.out}\n`);
  exitWith(s.partial ? EXIT.noAnswer : EXIT.answer);
}

export function graphCommand(program: Command): void {
  const cmd = program
    .command('graph')
    .description('the adjacency graph of the activation regions (edges: shared facets, with the neurons that flip and an exact point) and of the linear regions')
    .argument('<net>', 'network file (.json, .onnx, .nnet)')
    .option('--format <format>', `${GRAPH_FORMATS.join(', ')}`, 'json');
  addGeometryCommandOptions(cmd).action(async (netPath: string, flags: GeometryCommandFlags & { format: string }) => {
    if (!GRAPH_FORMATS.includes(flags.format as GraphFormat)) throw new InvalidArgumentError(`--format: unknown format "${flags.format}" (expected ${GRAPH_FORMATS.join(', ')})`);
    await runGeometryCommand(netPath, flags, 'graph', (graph) => {
      const c = graphCounts(graph);
      return {
        text: formatGraph(graph, flags.format as GraphFormat),
        summary: { activationRegions: c.regions, counts: c },
        lines: [
          `shared facets (graph edges): ${c.edges}; facets on the domain's boundary: ${c.boundaryFacets}`,
          `linear regions: ${c.linearRegions}, joined by ${c.linearEdges} edges`,
        ],
      };
    });
  });
}
