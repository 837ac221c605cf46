/**
 * The library's level sets and barrier certificates (src/api/barrier.ts, through src/index.ts):
 * exact inputs in any accepted form, Fraction answers, certificates checked by checkCertificate.
 */
import { describe, expect, it } from 'vitest';
import { checkCertificate, invariance, levelSet } from '../src/index.js';

// |x1| as a JSON network; (B, −B) for the diamond B = |x1| + |x2| − 1; x⁺ = x/2
const abs1 = { inputSize: 2, layers: [{ weights: [[1, 0], [-1, 0]], bias: [0, 0] }, { weights: [[1, 1]], bias: [0], activation: 'linear' }] };
const twoOutputs = { inputSize: 2, layers: [{ weights: [[1, 0], [-1, 0], [0, 1], [0, -1]], bias: [0, 0, 0, 0] }, { weights: [[1, 1, 1, 1], [-1, -1, -1, -1]], bias: [-1, 1], activation: 'linear' }] };
const halve = { inputSize: 2, layers: [{ weights: [['1/2', 0], [0, '1/2']], bias: [0, 0], activation: 'linear' }] };

describe('library: levelSet and invariance with certificates', () => {
  it('levelSet eq 0 of |x1|: one boundary piece; its certificate checks', async () => {
    const lines: object[] = [];
    const pieces: { boundary?: true }[] = [];
    const r = await levelSet(abs1, { output: 0, eq: 0, domain: '-1,1', onPiece: (p) => void pieces.push(p), certificate: (l) => void lines.push(l) });
    expect(r.pieces).toBe(1);
    expect(pieces[0].boundary).toBe(true);
    expect(checkCertificate(abs1, lines)).toMatchObject({ valid: true, kind: 'levelset', relation: 'eq', pieces: 1 });
  });

  it('invariance of output 0 of a two-output network, with c*, C and a certificate that checks with the same output', async () => {
    const lines: object[] = [];
    const a = await invariance(twoOutputs, halve, { domain: '-2,2', barrierOutput: 0, level: true, onPiece: () => {}, volume: true, certificate: (l) => void lines.push(l) });
    expect(a.invariant).toBe(true);
    expect(a.level!.value!.toFraction()).toBe('0');
    expect(a.volume!.toFraction()).toBe('2'); // C = S, the diamond of area 2
    expect(a.certified).toEqual({ invariant: true, level: { value: '0', closed: true }, pieces: a.pieces });
    expect(checkCertificate(twoOutputs, lines, { dynamics: halve, barrierOutput: 0 })).toMatchObject({ valid: true, invariant: true });
    expect(checkCertificate(twoOutputs, lines, { dynamics: halve, barrierOutput: 1 })).toMatchObject({ valid: false });
  });
});
