/**
 * A progress bar with an ETA (cli-progress) when stdout is a terminal; nothing otherwise, so
 * logs and CI output stay clean.
 */
import cliProgress from 'cli-progress';

export interface StudyProgress {
  tick(note?: string): void;
  stop(): void;
}

export function studyProgress(name: string, total: number, enabled = process.stdout.isTTY === true): StudyProgress {
  if (!enabled || total === 0) return { tick() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${name} [{bar}] {percentage}% | {value}/{total} runs | ETA {eta_formatted} | {note}`, etaBuffer: 50, hideCursor: true, stream: process.stdout },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { note: '' });
  return {
    tick(note = '') {
      bar.increment(1, { note });
    },
    stop() {
      bar.stop();
    },
  };
}
