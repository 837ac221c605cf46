/** A one-line progress display on stderr, only for TTYs and only once a run passes one second. */
export function progressPrinter(enabled: boolean): {
  update: (regions: number, seconds: number) => void;
  clear: () => void;
} {
  let shown = false;
  return {
    update(regions, seconds) {
      if (!enabled || seconds < 1) return;
      shown = true;
      const rate = Math.round(regions / seconds);
      process.stderr.write(`\r${regions} regions, ${rate}/s, ${seconds.toFixed(1)} s  (Ctrl-C stops and keeps what was found)`);
    },
    clear() {
      if (shown) process.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}
