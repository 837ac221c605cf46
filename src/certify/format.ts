/**
 * The certificate format (version 1): a split tree written as JSONL in preorder, so that
 * certificates of 10^5+ regions stream. Types only: the enumerator writes it, the independent
 * checker (checker.ts) reads it; they share no code.
 *
 * Line 1 is the header; then the nodes in preorder; the last line is the footer.
 *
 * Rows. Every node has a strict system of rows "a·x < b": first the domain's rows, in the order
 * of domainConstraints() with rows whose a is all zero dropped, then one row per split on the
 * path from the root, in path order. Every row is in primitive integer form: denominators
 * cleared and divided by the gcd of all its entries (a unique positive rescaling), so Motzkin
 * multipliers mean the same to writer and checker. A split on pre-activation h = g·x + e gives
 * the row (−g, e) on its active side (h > 0) and (g, −e) on its inactive side (h < 0).
 *
 * Neuron order. Along every root-to-leaf path the ReLU neurons are visited in network order
 * (layer 0 neuron 0, 1, …, then layer 1, …), each exactly once, as a split or a constant node;
 * linear layers are not visited. A region leaf comes after the last ReLU neuron.
 */

export const CERTIFICATE_FORMAT = 'relu-regions/certificate';
export const CERTIFICATE_VERSION = 1;

export interface CertificateHeader {
  format: typeof CERTIFICATE_FORMAT;
  version: number;
  kind: 'enumeration';
  inputSize: number;
  layerSizes: number[];
  domain: unknown; // domainToJson form
}

/** Split on neuron [layer, neuron]; h = g·x + e is its exact pre-activation on this node.
 *  Followed by the active child's subtree (h >= 0, bit 1), then the inactive one's (h <= 0, bit 0). */
export interface SplitNode {
  t: 'split';
  layer: number;
  neuron: number;
  h: { g: string[]; e: string };
}

/** The neuron's pre-activation is the constant `value` on this node (bit 1 iff value > 0).
 *  Followed by the single child's subtree. */
export interface ConstantNode {
  t: 'const';
  layer: number;
  neuron: number;
  value: string;
}

/** A leaf: one activation region, with an exact interior witness and the exact output map. */
export interface RegionLeaf {
  t: 'region';
  id: number;
  pattern: string;
  witness: string[];
  map: { W: string[][]; c: string[] };
}

/** A leaf whose strict system has no solution: integer multipliers y (pairs [row, y_row],
 *  rows absent have y = 0) with y >= 0, y != 0, Σ y_i a_i = 0 and Σ y_i b_i <= 0. */
export interface EmptyLeaf {
  t: 'empty';
  motzkin: [number, string][];
}

export interface CertificateFooter {
  t: 'end';
  regions: number;
  emptyLeaves: number;
}

export type CertificateNode = SplitNode | ConstantNode | RegionLeaf | EmptyLeaf;
export type CertificateLine = CertificateHeader | CertificateNode | CertificateFooter;
