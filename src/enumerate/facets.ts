/**
 * Minimal H-representation of a region: which of its rows are facets.
 * A row is a facet iff flipping it (others kept strict) leaves a nonempty open set — decided
 * exactly by InteriorDecider. Cheap exact ray shooting from the witness first proves many rows
 * to be facets without any LP: if the ray w + λv leaves the region through exactly one row
 * first, that row is a facet. Rows found redundant are dropped before the next rows are
 * decided, so of a hyperplane given twice one copy stays (each alone looks redundant).
 */
import { dot, type Point } from '../kernel/intvec.js';
import type { InteriorDecider, Row } from '../lp/interior.js';

export function facetIndices(rows: Row[], witness: Point, decider: InteriorDecider): number[] {
  const m = rows.length;
  const isFacet = new Uint8Array(m); // 0 unknown, 1 facet
  const slack = rows.map((r) => r.b * witness.q - dot(r.a, witness.p)); // > 0
  for (let i = 0; i < m; i++) {
    if (isFacet[i]) continue;
    const hit = firstHit(rows, slack, rows[i].a);
    if (hit >= 0) isFacet[hit] = 1;
  }
  const out: number[] = [];
  const dropped = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    if (isFacet[i] || isIrredundant(rows, i, dropped, decider)) out.push(i);
    else dropped[i] = 1;
  }
  return out;
}

/** The unique row first hit by the ray from the witness in direction v, or -1 on a tie / no hit. */
function firstHit(rows: Row[], slack: bigint[], v: bigint[]): number {
  // hit parameter for row j (up to the common factor 1/q): slack_j / (a_j·v), for a_j·v > 0
  let best = -1;
  let bestNum = 0n;
  let bestDen = 1n;
  let tie = false;
  for (let j = 0; j < rows.length; j++) {
    const av = dot(rows[j].a, v);
    if (av <= 0n) continue;
    if (best < 0) {
      best = j;
      bestNum = slack[j];
      bestDen = av;
      continue;
    }
    const c = slack[j] * bestDen - bestNum * av;
    if (c < 0n) {
      best = j;
      bestNum = slack[j];
      bestDen = av;
      tie = false;
    } else if (c === 0n) tie = true;
  }
  return tie ? -1 : best;
}

/** Row i flipped, the rows not dropped kept strict: a nonempty open set iff row i is a facet. */
function isIrredundant(rows: Row[], i: number, dropped: Uint8Array, decider: InteriorDecider): boolean {
  const flipped: Row[] = [];
  rows.forEach((r, j) => {
    if (j === i) flipped.push({ a: r.a.map((v) => -v), b: -r.b });
    else if (!dropped[j]) flipped.push(r);
  });
  return decider.decide(flipped).kind === 'interior';
}
