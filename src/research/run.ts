/**
 * `npm run study -- NAME [--quick] [--out DIR] [--workers N] [--no-plots]`: runs one study in this process (the library is
 * imported, never spawned), appending to DIR/NAME.csv (default DIR: study-results/) and writing
 * plots and DIR/NAME.md. Bad arguments: one line `error: ...`, exit 2.
 */
import { pathToFileURL } from 'node:url';
import { InputError } from '../errors.js';
import { countsStudy } from './counts.js';
import { injectivityStudy } from './injectivity.js';
import { ratioStudy } from './ratio.js';
import { trainingStudy } from './training.js';
import type { StudyOptions, StudyResult } from './study-kit.js';

export const STUDIES: Record<string, (o: StudyOptions) => Promise<StudyResult>> = {
  counts: countsStudy,
  injectivity: injectivityStudy,
  ratio: ratioStudy,
  training: trainingStudy,
};

export function parseStudyArgs(args: readonly string[]): { name: string; options: StudyOptions } {
  let name: string | undefined;
  const options: StudyOptions = { out: 'study-results' };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--quick') options.quick = true;
    else if (a === '--no-plots') options.plots = false;
    else if (a === '--workers') {
      const w = Number(args[i + 1]);
      if (!(Number.isSafeInteger(w) && w >= 1 && w <= 64)) throw new InputError(`--workers: expected an integer 1..64, got ${JSON.stringify(args[i + 1] ?? '')}`);
      options.workers = w;
      i++;
    } else if (a === '--out') {
      if (i + 1 >= args.length || args[i + 1] === '') throw new InputError('--out: expected a folder');
      options.out = args[++i];
    } else if (a.startsWith('-')) throw new InputError(`unknown option ${a} (usage: npm run study -- NAME [--quick] [--out DIR] [--workers N] [--no-plots])`);
    else if (name === undefined) name = a;
    else throw new InputError(`one study at a time (got ${name} and ${a})`);
  }
  if (name === undefined || !(name in STUDIES)) throw new InputError(`expected a study name: ${Object.keys(STUDIES).join(', ')}${name ? ` (got ${JSON.stringify(name)})` : ''}`);
  return { name, options };
}

async function main(): Promise<void> {
  try {
    const { name, options } = parseStudyArgs(process.argv.slice(2));
    const r = await STUDIES[name](options);
    process.stdout.write(`${name}: ${r.ran} runs done now, ${r.skipped} already in ${r.csv}; ${r.seconds} s\nreport: ${r.report}\nplots: ${r.plots.join(', ') || '(none)'}\n`);
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`error: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
