import type { Command } from 'commander';
import { fileLines } from '../../certify/checker.js';
import { RecordMerger } from '../../enumerate/merge-records.js';
import type { RegionRecord } from '../../enumerate/region.js';
import type { ShardHeader } from '../../enumerate/shard-file.js';
import { InputError } from '../../errors.js';
import { denseFloatSimplex } from '../../lp/dense-float-simplex.js';
import { InteriorDecider, newStats } from '../../lp/interior.js';
import { isObject } from '../../network/parse-json.js';
import { EXIT, exitWith } from '../exit-codes.js';
import { OutputFile, planOutput } from '../output-file.js';
import { reading } from '../reading.js';
import { stopRequested } from '../signals.js';

interface Part {
  file: string;
  header: ShardHeader;
  index: number;
  count: number;
  complete: boolean;
}

/**
 * Joins the region files of `--shard` parts (enumerate/shard-file.ts): refuses parts of different
 * networks or domains, a part given twice, and overlapping regions; counts activation regions, and
 * linear regions when every part is there and complete. Missing or incomplete parts give a
 * partial result, clearly marked (exit 3), never a count that looks complete.
 */
export function mergeCommand(program: Command): void {
  program
    .command('merge')
    .description('join the region files (JSONL) of --shard parts: counts activation and linear regions')
    .argument('<files...>', 'region JSONL files written by `enumerate --shard i/N --out FILE`')
    .option('--json', 'print one JSON object')
    .option('--out <file>', 'write all regions, renumbered, with their linear-region ids')
    .action(async (files: string[], flags: { json?: boolean; out?: string }) => {
      const start = performance.now();
      const outPlan = flags.out !== undefined ? planOutput('--out', flags.out, files) : null;
      let merger: RecordMerger | null = null;
      const all: RegionRecord[] = [];
      const parts: Part[] = [];
      for (const file of files) {
        const part = await readPart(file, parts, (rec, place) => {
          merger ??= new RecordMerger(rec.witness.length, new InteriorDecider(rec.witness.length, denseFloatSimplex, newStats()));
          if (!merger.add(rec)) throw new InputError(`${place}: region ${rec.pattern} appears twice: the parts overlap`);
          if (outPlan) all.push(rec);
        });
        parts.push(part);
        if (stopRequested()) break;
      }
      const count = parts[0]?.count ?? 0;
      const given = new Set(parts.map((p) => p.index));
      const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !given.has(i)).map((i) => `${i + 1}/${count}`);
      const incomplete = parts.filter((p) => !p.complete).map((p) => `${p.header.shard} (${p.file})`);
      const partial = missing.length > 0 || incomplete.length > 0 || stopRequested();
      const activationRegions = (merger as RecordMerger | null)?.count ?? 0;
      // linear regions may join through regions of a missing part: only a complete set has a count
      const linearRegions = partial ? null : ((merger as RecordMerger | null)?.linearRegions() ?? 0);
      if (outPlan) {
        const out = new OutputFile(outPlan);
        all.forEach((rec, id) => out.writeLine({ ...rec, id }));
        if (partial) out.stopShort(true);
        else out.commit();
        if (partial) process.stderr.write(`regions of the parts given written to ${out.writing} (PARTIAL; not renamed to ${flags.out})\n`);
      }
      const seconds = (performance.now() - start) / 1000;
      const status = partial
        ? `PARTIAL:${missing.length ? ` missing parts ${missing.join(', ')};` : ''}${incomplete.length ? ` incomplete parts ${incomplete.join(', ')};` : ''}${stopRequested() ? ' interrupted;' : ''} the counts are of the regions given, not of the network`
        : 'complete';
      console.log(
        flags.json
          ? JSON.stringify({ files: files.length, partial, missing, incomplete, network: parts[0]?.header.network, domain: parts[0]?.header.domain, activationRegions, linearRegions, seconds })
          : [
              `${parts.length} of ${count} parts (${status})`,
              `activation regions: ${activationRegions}${partial ? ' (in the parts given)' : ''}`,
              `linear regions: ${linearRegions ?? 'not computed (parts missing)'}`,
              `time: ${seconds.toFixed(3)} s`,
            ].join('\n'),
      );
      exitWith(partial ? EXIT.noAnswer : EXIT.answer);
    });
}

/** Reads one part: its header (checked against the parts before it), records and end line. */
async function readPart(file: string, before: Part[], onRecord: (rec: RegionRecord, place: string) => void): Promise<Part> {
  return reading(file, async () => {
    let lineNo = 0;
    let part: Part | null = null;
    let regions = 0;
    let ended: number | null = null;
    for await (const line of fileLines(file)) {
      lineNo++;
      if (!line.trim()) continue;
      const place = `${file}:${lineNo}`;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        throw new InputError(`${place}: not JSON`);
      }
      if (!isObject(v)) throw new InputError(`${place}: not a JSON object`);
      if (!part) {
        part = checkHeader(v, place, file, before);
        continue;
      }
      if (ended !== null) throw new InputError(`${place}: a line after the end line`);
      if (v.t === 'end') {
        ended = typeof v.regions === 'number' ? v.regions : -1;
        if (ended !== regions) throw new InputError(`${place}: the end line says ${String(v.regions)} regions, the part has ${regions}`);
        continue;
      }
      const rec = v as unknown as RegionRecord;
      if (!Array.isArray(rec.witness) || typeof rec.pattern !== 'string') throw new InputError(`${place}: not a region record`);
      if (rec.witness.length !== part.header.inputSize) throw new InputError(`${place}: witness of ${rec.witness.length} inputs, the header says ${part.header.inputSize}`);
      regions++;
      onRecord(rec, place);
    }
    if (!part) throw new InputError(`${file}: empty (expected a part written by \`enumerate --shard i/N --out FILE\`)`);
    part.complete = ended !== null;
    return part;
  });
}

function checkHeader(v: Record<string, unknown>, place: string, file: string, before: Part[]): Part {
  const m = typeof v.shard === 'string' ? /^(\d+)\/(\d+)$/.exec(v.shard) : null;
  if (v.t !== 'shard' || !m || typeof v.network !== 'string' || !Number.isSafeInteger(v.inputSize)) {
    throw new InputError(`${place}: no shard header: merge joins the parts written by \`enumerate --shard i/N --out FILE\``);
  }
  const header = v as unknown as ShardHeader;
  const part: Part = { file, header, index: Number(m[1]) - 1, count: Number(m[2]), complete: false };
  const first = before[0];
  if (first) {
    if (header.network !== first.header.network) throw new InputError(`${file}: a part of another network than ${first.file} (hash ${header.network.slice(0, 19)}… vs ${first.header.network.slice(0, 19)}…)`);
    if (JSON.stringify(header.domain) !== JSON.stringify(first.header.domain)) throw new InputError(`${file}: a part over another domain than ${first.file}`);
    if (part.count !== first.count) throw new InputError(`${file}: part ${header.shard} of a split into ${part.count} parts, ${first.file} is of ${first.count}`);
    const twin = before.find((p) => p.index === part.index);
    if (twin) throw new InputError(`${file}: part ${header.shard} given twice (also ${twin.file})`);
  }
  return part;
}
