/**
 * A vertex's doubles: a fresh array of d zeros with packed double elements (a copy of a template,
 * so that every vertex's `f` has the same elements kind, and reading it stays monomorphic). A plain
 * array rather than a Float64Array: about half the allocation cost (a typed array is also its
 * buffer), and cut vertices are made by the million.
 */
const DOUBLES: number[][] = [];
export function newDoubles(d: number): number[] {
  let t = DOUBLES[d];
  if (!t) {
    t = [];
    for (let k = 0; k < d; k++) t.push(0.5); // elements: packed doubles from here on
    for (let k = 0; k < d; k++) t[k] = 0;
    DOUBLES[d] = t;
  }
  return t.slice();
}
