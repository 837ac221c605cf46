/**
 * Trains the penguins example network (3 classes) and writes it with its encoder spec:
 *
 *   npx tsx examples/penguins/train.ts [--data penguins.csv] [--out DIR]
 *
 * The Palmer penguins of ../shared/datasets/penguins.csv: bill length and depth, flipper length,
 * body mass (standardised), island and sex (one-hot) → 9 inputs → 8 ReLU → 3 logits (Adelie,
 * Chinstrap, Gentoo). Rows with a missing value are left out of training, and `explain` skips and
 * counts them (the encoder has no "fill" here). Seeded (pure-rand), so the files are the same on
 * every run; examples/penguins/ keeps the trained penguins-net.json and encoder.json. Then:
 *
 *   relu-regions explain examples/penguins/penguins-net.json ../shared/datasets/penguins.csv \
 *     --encoder examples/penguins/encoder.json --label species
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { accuracy, encoderJson, networkJson, standardisation, train } from '../titanic/mlp.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const flag = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const dataPath = flag('--data', join(here, '../../../shared/datasets/penguins.csv'));
const outDir = flag('--out', here);

const all = parse(readFileSync(dataPath, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
const numeric = ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g'];
const columns = [...numeric, 'island', 'sex', 'species'];
const rows = all.filter((r) => columns.every((c) => r[c] !== '' && r[c] !== 'NA'));
const classes = ['Adelie', 'Chinstrap', 'Gentoo'];

const encoder = {
  description: 'Palmer penguins (../shared/datasets/penguins.csv) for examples/penguins/penguins-net.json; written by examples/penguins/train.ts',
  classes,
  inputs: [
    ...numeric.map((column) => ({ column, ...standardisation(rows.map((r) => Number(r[column]))) })),
    { column: 'island', categories: ['Biscoe', 'Dream', 'Torgersen'] },
    { column: 'sex', categories: ['FEMALE', 'MALE'] },
  ],
};

const encode = (row: Record<string, string>): number[] =>
  encoder.inputs.flatMap((spec) => {
    if ('categories' in spec) return spec.categories!.map((c) => (c === row[spec.column] ? 1 : 0));
    return [(Number(row[spec.column]) - Number(spec.mean)) / Number(spec.std)];
  });
const X = rows.map(encode);
const y = rows.map((r) => classes.indexOf(r.species));

const net = train(X, y, { widths: [9, 8, 3], seed: 7, epochs: 600, learningRate: 0.01, weightDecay: 1e-3 });
writeFileSync(join(outDir, 'penguins-net.json'), networkJson(net, 9, 4, { description: 'Penguin species logits (9 encoded inputs, see encoder.json); written by examples/penguins/train.ts (seed 7)' }));
writeFileSync(join(outDir, 'encoder.json'), encoderJson(encoder));
console.log(`trained 9-8-3 on ${rows.length} of ${all.length} penguins (complete rows): training accuracy ${(100 * accuracy(net, X, y)).toFixed(1)}% (float weights, before rounding to 4 decimals)`);
console.log(`wrote ${join(outDir, 'penguins-net.json')} and ${join(outDir, 'encoder.json')}`);
