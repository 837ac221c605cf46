/** Short texts for pictures: exact numbers in a few characters, counted nouns. */
import { showExact } from '../cli/exact-format.js';
import type { Rational } from '../kernel/rational.js';

/** The exact decimal when it is short, else its 10 leading digits and "…" (showExact without the p/q). */
export const shortExact = (r: Rational): string => showExact(r).replace(/ \(= .*\)$/, '').replace(/^-/, '−');

/** "1 segment", "2 segments". */
export const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
