/** Human-readable run summary. */
import type { RunSummary } from '../enumerate/run.js';

export function formatSummary(s: RunSummary): string {
  const lines = [
    `domain: ${s.domainText}`,
    `activation regions: ${s.activationRegions}${s.partial ? ` (PARTIAL: stopped by ${s.stopReason})` : ''}`,
    `linear regions: ${s.linearRegions ?? 'not computed'}`,
    `LP solves: ${s.lpSolves}`,
    s.mode === 'exact'
      ? `certified: ${s.certified.witness} by exact witness, ${s.certified.motzkin} by exact Motzkin certificate, ${s.certified.exactSimplex} by exact simplex` +
        (s.certified.vertexSignsFiltered + s.certified.vertexSignsExact > 0
          ? `; vertex signs: ${s.certified.vertexSignsFiltered} by proven float filter, ${s.certified.vertexSignsExact} in BigInt`
          : '')
      : `mode: ${s.mode}`,
    `time: ${s.seconds.toFixed(3)} s`,
  ];
  return lines.join('\n');
}
