/**
 * Trains the Titanic example network and writes it with its encoder spec:
 *
 *   npx tsx examples/titanic/train.ts [--data titanic.csv] [--out DIR]
 *
 * 891 passengers of ../shared/datasets/titanic.csv; features pclass, sex, age, sibsp, parch,
 * fare, embarked (age and embarked missing for some: filled with the median age 28 and the
 * most common port S, as the encoder spec says); 10 encoded inputs → 8 ReLU → 8 ReLU → 1 logit
 * (survived). Seeded (pure-rand), so the files are the same on every run; examples/titanic/
 * keeps the trained titanic-net.json and encoder.json so that `explain` runs without training.
 * Then:
 *
 *   relu-regions explain examples/titanic/titanic-net.json ../shared/datasets/titanic.csv \
 *     --encoder examples/titanic/encoder.json --label survived
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { accuracy, encoderJson, networkJson, standardisation, train } from './mlp.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const flag = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const dataPath = flag('--data', join(here, '../../../shared/datasets/titanic.csv'));
const outDir = flag('--out', here);

const rows = parse(readFileSync(dataPath, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
const FILL = { age: '28', embarked: 'S' };
const numeric = ['pclass', 'age', 'sibsp', 'parch', 'fare'] as const;
const value = (row: Record<string, string>, col: string) => (row[col] === '' && col in FILL ? FILL[col as keyof typeof FILL] : row[col]);
const scale = Object.fromEntries(numeric.map((c) => [c, standardisation(rows.map((r) => Number(value(r, c))))]));

const encoder = {
  description: 'Titanic passengers (../shared/datasets/titanic.csv) for examples/titanic/titanic-net.json; written by examples/titanic/train.ts',
  inputs: [
    { column: 'pclass', ...scale.pclass },
    { column: 'sex', categories: ['female', 'male'] },
    { column: 'age', ...scale.age, fill: FILL.age },
    { column: 'sibsp', ...scale.sibsp },
    { column: 'parch', ...scale.parch },
    { column: 'fare', ...scale.fare },
    { column: 'embarked', categories: ['C', 'Q', 'S'], fill: FILL.embarked },
  ],
};

// encode exactly as the spec says (with the rounded mean and std that the spec holds)
const encode = (row: Record<string, string>): number[] =>
  encoder.inputs.flatMap((spec) => {
    const v = value(row, spec.column);
    if ('categories' in spec) return spec.categories!.map((c) => (c === v ? 1 : 0));
    return [(Number(v) - Number(spec.mean)) / Number(spec.std)];
  });
const X = rows.map(encode);
const y = rows.map((r) => Number(r.survived));

const net = train(X, y, { widths: [10, 8, 8, 1], seed: 2024, epochs: 1500, learningRate: 0.01, weightDecay: 1e-3 });
writeFileSync(join(outDir, 'titanic-net.json'), networkJson(net, 10, 4, { description: 'Titanic survival logit (10 encoded inputs, see encoder.json); written by examples/titanic/train.ts (seed 2024)' }));
writeFileSync(join(outDir, 'encoder.json'), encoderJson(encoder));
console.log(`trained 10-8-8-1 on ${rows.length} passengers: training accuracy ${(100 * accuracy(net, X, y)).toFixed(1)}% (float weights, before rounding to 4 decimals)`);
console.log(`wrote ${join(outDir, 'titanic-net.json')} and ${join(outDir, 'encoder.json')}`);
