/** boundaries: each neuron's pieces of its zero set that bound regions (geometry/boundaries.ts), as JSON. */
import type { Command } from 'commander';
import { boundariesJson, boundaryPieces } from '../../geometry/boundaries.js';
import { addGeometryCommandOptions, runGeometryCommand, type GeometryCommandFlags } from './graph.js';

export function boundariesCommand(program: Command): void {
  const cmd = program
    .command('boundaries')
    .description("each neuron's bent hyperplane: the exact pieces of its zero set that bound regions, grouped by layer (JSON)")
    .argument('<net>', 'network file (.json, .onnx, .nnet)');
  addGeometryCommandOptions(cmd).action(async (netPath: string, flags: GeometryCommandFlags) => {
    await runGeometryCommand(netPath, flags, 'boundaries', (graph, net) => {
      const layers = boundaryPieces(net, graph);
      const pieces = layers.flatMap((l) => l.neurons.map((u) => u.pieces.length));
      const silent = pieces.filter((n) => n === 0).length;
      return {
        text: JSON.stringify(boundariesJson(net, graph, layers)) + '\n',
        summary: { activationRegions: graph.nodes.length, pieces: pieces.reduce((a, b) => a + b, 0), neuronsWithoutPieces: silent },
        lines: [`pieces of neuron boundaries: ${pieces.reduce((a, b) => a + b, 0)} (over ${pieces.length} neurons; ${silent} bound no region)`],
      };
    });
  });
}
