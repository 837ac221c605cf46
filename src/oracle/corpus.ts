/**
 * A golden corpus for engines in any language to test offline: seeded cases (the oracle's
 * generators, cases.ts) with their requests, exact answers and certificates, written to a
 * folder through folder.ts (DIR.partial, renamed when complete). Deterministic: the same seed,
 * query and options give byte-identical files (with the same versions of relu-regions and
 * fast-check: the case generators are fast-check arbitraries). Layout: CORPUS_README below.
 */
import fc from 'fast-check';
import { caseArb, type CaseOptions, type OracleCase } from './cases.js';
import { checkCommand, exactResponse, networkJson, solveCase } from './exact.js';
import { FolderOutput } from './folder.js';
import type { OracleQuery } from './protocol.js';

export interface CorpusOptions extends CaseOptions {
  query: OracleQuery;
  count: number;
  seed: number;
  shouldStop?: () => boolean;
  /** Called after each case written. */
  onCase?: (done: number) => void;
}

export interface CorpusResult {
  /** The folder written: DIR, or DIR.partial when stopped. */
  folder: string;
  cases: number;
  partial: boolean;
}

const JUDGING: Record<OracleQuery, string> = {
  range: 'an engine\'s `[lower, upper]` must contain the exact `[lower, upper]` (sound); its width over the exact width is its tightness.',
  verify: 'the verdict must match `result`; an engine may answer `unknown`; a `sat` answer\'s `x` must lie in the box and reach the unsafe set under the exact forward pass (it need not equal the `x` given here).',
  count: 'the engine\'s `regions` must equal the exact number of activation regions.',
  lipschitz: 'the engine\'s `upper` must be at least the exact constant `upper`.',
};

function corpusReadme(o: CorpusOptions, cases: number, partial: boolean): string {
  return [
    `# relu-regions oracle corpus: ${o.query}`,
    '',
    `${cases} ${o.query} cases${partial ? ' (PARTIAL: the run was stopped; the cases listed in index.json are complete)' : ''}, generated with seed ${o.seed}` +
      `${o.degenerate ? ', degenerate networks and boxes' : ''}${o.arch ? `, architecture ${o.arch.join('-')}` : ''} ` +
      `(\`relu-regions corpus --query ${o.query} --count ${o.count} --seed ${o.seed}${o.degenerate ? ' --degenerate' : ''}${o.arch ? ` --arch ${o.arch.join('-')}` : ''}\`; the same command gives the same bytes).`,
    '',
    'The messages are those of the oracle protocol (docs/oracle-protocol.md in relu-regions; JSON Schemas docs/oracle-request.schema.json and docs/oracle-response.schema.json).',
    '',
    '## Layout',
    '',
    '- `index.json`: the corpus parameters and one entry per case: its `id`, `folder`, network shape and exact answer.',
    '- `requests.jsonl`: every request, one per line (feed it to an engine: one answer line per request, same `id`).',
    '- `answers.jsonl`: every exact answer, one per line, in the protocol\'s response form with exact "p/q" strings, plus details under `exact`.',
    '- `cases/NNNNNN/`: one folder per case:',
    '  - `network.json`: the network (JSON format: `weights` one row per neuron, `bias`, `activation`; exact "p/q" strings);',
    '  - `request.json`: its request (the same line as in requests.jsonl);',
    '  - `answer.json`: its exact answer (the same as in answers.jsonl);',
    `  - \`certificate.jsonl\`: the certificate of the exact answer, checked by the command in \`answer.json\`'s \`check\` (run in the case folder)` +
      (o.query === 'lipschitz' ? ': the enumeration certificate of all regions with their exact affine maps; the constant is the largest induced norm of those maps' : '') +
      (o.query === 'count' ? ': the enumeration certificate; its region leaves are the activation regions' : '') +
      (o.query === 'verify' ? ': the verdict certificate (`relu-regions check network.json certificate.jsonl --property property.vnnlib`) or, where verify needs more than 20 s, the range certificate of the output, whose certified extreme decides the verdict against the threshold' : '') +
      (o.query === 'range' || o.query === 'verify' ? ' (for a box with pinned inputs a range certificate is about `certificate-network.json`: those inputs folded into the first layer)' : '') +
      ';',
    ...(o.query === 'verify' ? ['  - `property.vnnlib`: the property (also inside the request).'] : []),
    '',
    '## Judging an engine',
    '',
    JUDGING[o.query],
    '',
    'Numbers in requests are exact strings ("p/q" or integers): a value such as -1/3 is not a double, and an engine that rounds it inwards answers about a smaller box.',
    '',
  ].join('\n');
}

const pad = (i: number): string => String(i).padStart(6, '0');

/**
 * The first `count` values of `fc.sample(arb, { seed, numRuns: count })`, generated as they are
 * needed (a seeded sample is a prefix of every longer one with the same seed): chunks of doubling
 * size, so a stopped run has not generated 10^5 cases first, and the total work is at most twice
 * the cases used.
 */
function* seededCases<T>(arb: fc.Arbitrary<T>, seed: number, count: number): Generator<T> {
  for (let done = 0, chunk = 64; done < count; chunk *= 2) {
    const upTo = Math.min(count, done + chunk);
    yield* fc.sample(arb, { seed, numRuns: upTo }).slice(done);
    done = upTo;
  }
}

/** Writes the corpus to `dir` (planFolder first). */
export async function writeCorpus(dir: string, options: CorpusOptions): Promise<CorpusResult> {
  const cases = seededCases(caseArb(options.query, options), options.seed, options.count);
  const out = new FolderOutput(dir);
  try {
    const index: Record<string, unknown>[] = [];
    const requests: string[] = [];
    const answers: string[] = [];
    let partial = false;
    for (let i = 0; i < options.count; i++) {
      const c = cases.next().value as OracleCase;
      const solved = options.shouldStop?.() ? null : await solveCase(c, { certificate: true, shouldStop: options.shouldStop });
      if (!solved) {
        partial = true;
        break;
      }
      const folder = `cases/${pad(i)}`;
      const request = { id: i, ...solved.request };
      const answer: Record<string, unknown> = { ...exactResponse(i, solved), check: checkCommand(solved) };
      const line = JSON.stringify(request);
      out.write(`${folder}/network.json`, JSON.stringify(request.network, null, 2) + '\n');
      out.write(`${folder}/request.json`, line + '\n');
      out.write(`${folder}/answer.json`, JSON.stringify(answer, null, 2) + '\n');
      out.write(`${folder}/certificate.jsonl`, (solved.certificate ?? []).map((l) => JSON.stringify(l) + '\n').join(''));
      if (solved.certificateNetwork) out.write(`${folder}/certificate-network.json`, JSON.stringify(networkJson(solved.certificateNetwork), null, 2) + '\n');
      if (request.query === 'verify') out.write(`${folder}/property.vnnlib`, request.property);
      requests.push(line);
      answers.push(JSON.stringify(answer));
      const { exact: _details, id: _id, check: _check, ...short } = answer;
      index.push({ id: i, folder, inputSize: c.network.inputSize, layerSizes: c.network.layers.map((l) => l.weights.length), answer: short });
      options.onCase?.(i + 1);
    }
    out.write('requests.jsonl', requests.map((l) => l + '\n').join(''));
    out.write('answers.jsonl', answers.map((l) => l + '\n').join(''));
    const meta = {
      format: 'relu-regions/oracle-corpus',
      version: 1,
      query: options.query,
      seed: options.seed,
      count: options.count,
      degenerate: options.degenerate ?? false,
      arch: options.arch ?? null,
      fastCheck: fc.__version,
      partial,
      cases: index,
    };
    out.write('index.json', JSON.stringify(meta, null, 2) + '\n');
    out.write('README.md', corpusReadme(options, index.length, partial));
    if (partial) out.keep();
    else out.commit();
    return { folder: partial ? out.writing : dir, cases: index.length, partial };
  } catch (e) {
    out.abandon();
    throw e;
  }
}
