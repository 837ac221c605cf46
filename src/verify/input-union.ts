/**
 * A property whose input set is a union of boxes (VNN-LIB `(or (and X-bounds ...) ...)`, e.g.
 * ACAS Xu property 6): its affine form has the bounding box and, in every disjunct, the box's
 * input atoms. Searching the bounding box wastes the gap between the boxes: the closed cells of
 * the gap touch the boxes, so the input atoms cannot rule the gap out and the gap is searched as
 * if it were input. Instead the search starts from the distinct boxes of the disjuncts
 * (star-exact.ts atomBox), written as a `union` node (format version 4) that the checker accepts
 * when every disjunct's box lies in a listed box: a point in no listed box satisfies no disjunct.
 */
import { atomBox } from '../certify/star-exact.js';
import type { AffineProperty } from '../certify/verdict-format.js';
import { cmp, type Rational } from '../kernel/rational.js';

export interface InputBox {
  lo: Rational[];
  hi: Rational[];
}

const contains = (outer: InputBox, inner: InputBox): boolean => inner.lo.every((l, i) => cmp(outer.lo[i], l) <= 0 && cmp(inner.hi[i], outer.hi[i]) <= 0);

/**
 * The boxes to search instead of the property's box, or null when that would not help (some
 * disjunct's box is the whole box). Boxes inside another listed box are dropped; an empty list
 * means no disjunct can hold anywhere.
 */
export function unionBoxes(prop: AffineProperty): InputBox[] | null {
  const whole: InputBox = { lo: prop.lo, hi: prop.hi };
  const boxes: InputBox[] = [];
  for (const conj of prop.unsafe) {
    const b = atomBox(conj, prop.lo, prop.hi);
    if (b === null) continue;
    if (contains(b, whole)) return null;
    if (boxes.some((o) => contains(o, b))) continue;
    for (let m = boxes.length - 1; m >= 0; m--) if (contains(b, boxes[m])) boxes.splice(m, 1);
    boxes.push(b);
  }
  return boxes;
}
