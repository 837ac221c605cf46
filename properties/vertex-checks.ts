/**
 * Shared checks of the vertex engine's lazy vertices (lazy-vertices.test.ts,
 * refresh-vertices.test.ts): a lazy vertex against its exact solution, and the split tree as text.
 */
import { expect } from 'vitest';
import type { Domain } from '../src/domain/domain.js';
import { cutSystem } from '../src/enumerate/cut-vertices.js';
import { createEnumeration } from '../src/enumerate/enumerate.js';
import type { Vertex } from '../src/enumerate/vertex-cells.js';
import { fromDouble } from '../src/kernel/rational.js';
import { solveExact } from '../src/kernel/solve.js';
import { isStrictlyInside } from '../src/lp/interior.js';
import type { Network } from '../src/network/network.js';

/** A lazy vertex lies within its radius of its exact value in every coordinate (exact rationals). */
export function expectWithinRadius(v: Vertex): void {
  const { A, b } = cutSystem(v);
  const pt = solveExact(A, b);
  expect(pt).not.toBeNull();
  const r = fromDouble(v.r);
  for (let k = 0; k < pt!.p.length; k++) {
    // |p/q − f| <= r  ⇔  |p·fd − fn·q|·rd <= rn·q·fd
    const f = fromDouble(v.f[k]);
    let diff = pt!.p[k] * f.d - f.n * pt!.q;
    if (diff < 0n) diff = -diff;
    expect(diff * r.d <= r.n * pt!.q * f.d).toBe(true);
  }
}

/**
 * The vertex engine's regions as lines (pattern, rows, map, facets), every witness checked exactly
 * inside its region: `anyWitness` (counting: lazy vertices) against the exact path.
 */
export function vertexTree(net: Network, domain: Domain, anyWitness: boolean): string[] {
  const en = createEnumeration(net, { domain, engine: 'vertex', anyWitness });
  const out: string[] = [];
  for (const r of en.regions()) {
    expect(isStrictlyInside(r.rows, r.witness)).toBe(true);
    const rows = r.rows.map((row) => `${row.a.join(',')}<${row.b}`).join(';');
    const map = `${r.map.M.map((m) => m.join(',')).join('|')}/${r.map.c.join(',')}/${r.map.den}`;
    out.push(`${r.pattern.join('.')} ${rows} ${map} facets ${r.facets!().join(',')}`);
  }
  return out;
}
