/**
 * The reproducer folder of a violation (written through folder.ts: DIR.partial, then renamed):
 *
 *   README.md          one paragraph explaining the violation (decimals and exact p/q), and the
 *                      commands that reproduce and check it
 *   network.json       the minimal failing network (JSON format, exact "p/q" strings)
 *   query.json         the request line sent to the engine (feed it to the engine's stdin)
 *   exact.json         the exact answer, in the protocol's response form plus details
 *   certificate.jsonl  the exact answer's certificate, checked by `relu-regions check`
 *   engine.json        the engine's raw answer line
 *   property.vnnlib    (verify) the property
 *   certificate-network.json  (pinned inputs, range certificate) the network the certificate is about:
 *                      the pinned inputs folded into the first layer, over the free inputs
 */
import { toString } from '../kernel/rational.js';
import type { Box } from './cases.js';
import { checkCommand, exactResponse, networkJson, solveCase } from './exact.js';
import type { Failure } from './differential.js';
import { FolderOutput } from './folder.js';

export interface ReproducerInfo {
  /** How the engine was run (the --engine command), if by a process. */
  engine?: string;
  seed: number;
  /** The oracle command line that found it. */
  commandLine?: string;
}

const boxSpec = (box: Box): string => box.lo.map((lo, i) => `${toString(lo)}:${toString(box.hi[i])}`).join(',');

/** Writes the reproducer of `failure` to `dir`; returns the folder. */
export async function writeReproducer(dir: string, failure: Failure, info: ReproducerInfo): Promise<string> {
  const c = failure.case;
  // the certificate is computed again for the minimal case (the loop skips it for speed)
  const solved = await solveCase(c, { certificate: true });
  if (!solved) throw new Error('internal: the exact answer of the reproducer was stopped');
  const { request, reply } = failure.outcome;
  const out = new FolderOutput(dir);
  try {
    const exact = { ...exactResponse(request.id, solved), certificate: 'certificate.jsonl' };
    const box = `--box=${boxSpec(c.domain)}`;
    const checkCmd = checkCommand(solved);
    const rerun =
      c.query === 'range'
        ? `relu-regions range network.json ${box} --output ${c.output}`
        : c.query === 'verify'
          ? 'relu-regions verify network.json property.vnnlib'
          : c.query === 'count'
            ? `relu-regions count network.json ${box} --no-linear`
            : `relu-regions lipschitz network.json ${box} --norm ${c.norm}`;
    out.write('network.json', JSON.stringify(networkJson(c.network), null, 2) + '\n');
    out.write('query.json', JSON.stringify(request) + '\n');
    out.write('exact.json', JSON.stringify({ ...exact, check: checkCmd }, null, 2) + '\n');
    out.write('certificate.jsonl', (solved.certificate ?? []).map((l) => JSON.stringify(l) + '\n').join(''));
    if (solved.certificateNetwork) out.write('certificate-network.json', JSON.stringify(networkJson(solved.certificateNetwork), null, 2) + '\n');
    out.write('engine.json', (reply.raw ?? JSON.stringify(reply.value)) + '\n');
    if (request.query === 'verify') out.write('property.vnnlib', request.property);
    const judgement = failure.outcome.judgement;
    const paragraph = 'paragraph' in judgement ? judgement.paragraph : `${failure.message}.`;
    const readme = [
      `# Oracle violation: ${c.query}`,
      '',
      paragraph,
      '',
      `In one line: ${failure.message}.`,
      '',
      '## Reproduce',
      '',
      '```sh',
      ...(info.engine ? [`${info.engine} < query.json        # the engine's answer again (engine.json)`] : []),
      `${rerun}        # the exact answer again`,
      `${checkCmd}        # checks the exact answer's certificate`,
      '```',
      '',
      '## How it was found',
      '',
      `Seed ${info.seed}${info.commandLine ? ` (\`${info.commandLine}\`)` : ''}. fast-check shrank the first failing case in ${failure.shrinks} steps` +
        (failure.firstMessage !== failure.message ? `; before shrinking: ${failure.firstMessage}.` : '.') +
        (failure.shrinkingStopped ? ` Shrinking ended early (${failure.shrinkingStopped}): a smaller failing case may exist.` : ''),
      '',
      'Files: network.json (the network, exact "p/q" strings), query.json (the request line as sent), exact.json (the exact answer),' +
        ` certificate.jsonl (its certificate${solved.certificateKind === 'range' ? ': the range certificate of the output, whose certified extreme decides the verdict against the threshold (verify needed too long for a verdict certificate)' : ''}${solved.certificateNetwork ? ', about certificate-network.json: the pinned inputs folded into the first layer' : ''}), engine.json (the engine's raw answer)` +
        (c.query === 'verify' ? ', property.vnnlib (the property).' : '.'),
      '',
    ];
    out.write('README.md', readme.join('\n'));
    out.commit();
  } catch (e) {
    out.abandon();
    throw e;
  }
  return dir;
}
