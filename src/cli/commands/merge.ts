import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { RecordMerger } from '../../enumerate/merge-records.js';
import type { RegionRecord } from '../../enumerate/region.js';
import { InputError } from '../../errors.js';
import { denseFloatSimplex } from '../../lp/dense-float-simplex.js';
import { InteriorDecider, newStats } from '../../lp/interior.js';
import { JsonlFileWriter } from '../line-writer.js';

/** Joins the region files of `--shard` parts: checks they are disjoint, counts, merges linear regions. */
export function mergeCommand(program: Command): void {
  program
    .command('merge')
    .description('join the region files (JSONL) of --shard parts: counts activation and linear regions')
    .argument('<files...>', 'region JSONL files written by `enumerate --shard i/N --out FILE`')
    .option('--json', 'print one JSON object')
    .option('--out <file>', 'write all regions, renumbered, with their linear-region ids')
    .action(async (files: string[], flags: { json?: boolean; out?: string }) => {
      const start = performance.now();
      let merger: RecordMerger | null = null;
      const all: RegionRecord[] = [];
      for (const file of files) {
        let lineNo = 0;
        const lines = createInterface({ input: createReadStream(file).on('error', (e) => { throw new InputError(`${file}: cannot read: ${e.message}`); }) });
        for await (const line of lines) {
          lineNo++;
          if (!line.trim()) continue;
          let rec: RegionRecord;
          try {
            rec = JSON.parse(line);
          } catch {
            throw new InputError(`${file}:${lineNo}: not a JSON region record`);
          }
          if (!Array.isArray(rec.witness) || typeof rec.pattern !== 'string') throw new InputError(`${file}:${lineNo}: not a region record`);
          const d = rec.witness.length;
          merger ??= new RecordMerger(d, new InteriorDecider(d, denseFloatSimplex, newStats()));
          if (!merger.add(rec)) throw new InputError(`${file}:${lineNo}: region ${rec.pattern} appears twice: the parts overlap`);
          if (flags.out) all.push(rec);
        }
      }
      const activationRegions = merger?.count ?? 0;
      const linearRegions = merger?.linearRegions() ?? 0;
      if (flags.out) {
        const w = new JsonlFileWriter(flags.out);
        all.forEach((rec, id) => w.write({ ...rec, id }));
        w.close();
      }
      const seconds = (performance.now() - start) / 1000;
      console.log(
        flags.json
          ? JSON.stringify({ files: files.length, activationRegions, linearRegions, seconds })
          : `${files.length} parts\nactivation regions: ${activationRegions}\nlinear regions: ${linearRegions}\ntime: ${seconds.toFixed(3)} s`,
      );
    });
}
