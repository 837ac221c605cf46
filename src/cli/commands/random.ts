import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { BIAS_INITS, parseArch, randomNetwork, randomNetworkText, WEIGHT_INITS, type BiasInit, type WeightInit } from '../../research/random-network.js';
import { OutputFile } from '../output-file.js';

interface RandomFlags {
  arch: string;
  init: string;
  bias: string;
  biasScale: string;
  seed: string;
  float32?: boolean;
  linearLast?: boolean;
  out?: string;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new InputError(`${flag}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

/** `relu-regions random --arch 2-16-16-1 --seed S ...`: a seeded random network JSON (src/research/random-network.ts). */
export function randomCommand(program: Command): void {
  program
    .command('random')
    .description('write a seeded random network (JSON), the same on every machine')
    .requiredOption('--arch <widths>', 'layer widths, input first, e.g. 2-16-16-1')
    .option('--init <init>', `weights: ${WEIGHT_INITS.join(', ')}`, 'he')
    .option('--bias <bias>', `biases: ${BIAS_INITS.join(', ')}`, 'zero')
    .option('--bias-scale <s>', 'multiply uniform/gaussian biases by s', '1')
    .option('--seed <n>', 'integer seed 0..4294967295', '0')
    .option('--float32', 'round every value to float32 (the file then holds exact binary32 values)')
    .option('--linear-last', 'make the last layer linear (a read-out) instead of ReLU')
    .option('-o, --out <file>', 'write to FILE (FILE.partial, renamed when complete) instead of stdout')
    .action((flags: RandomFlags) => {
      const arch = parseArch(flags.arch);
      if (!/^[0-9]+$/.test(flags.seed)) throw new InputError(`--seed: expected an integer 0..4294967295, got ${JSON.stringify(flags.seed)}`);
      const biasScale = Number(flags.biasScale);
      if (flags.biasScale.trim() === '' || !(Number.isFinite(biasScale) && biasScale >= 0)) throw new InputError(`--bias-scale: expected a number >= 0, got ${JSON.stringify(flags.biasScale)}`);
      const net = randomNetwork({
        arch,
        seed: Number(flags.seed),
        init: oneOf<WeightInit>('--init', flags.init, WEIGHT_INITS),
        bias: oneOf<BiasInit>('--bias', flags.bias, BIAS_INITS),
        biasScale,
        float32: flags.float32 === true,
        linearLast: flags.linearLast === true,
      });
      const text = randomNetworkText(net);
      if (flags.out === undefined) return void process.stdout.write(text);
      const out = OutputFile.create('--out', flags.out);
      out.write(text);
      out.commit();
    });
}
