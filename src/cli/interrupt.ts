/**
 * Ctrl-C: the first one asks the run to stop after the current region, so everything found so
 * far is flushed and reported as partial; a second one exits at once.
 */
export function interruptFlag(): { stopped: () => boolean; dispose: () => void } {
  let stop = false;
  const handler = (): void => {
    if (stop) process.exit(130);
    stop = true;
    process.stderr.write('\ninterrupted: flushing what was found (Ctrl-C again to abort)\n');
  };
  process.on('SIGINT', handler);
  return { stopped: () => stop, dispose: () => process.off('SIGINT', handler) };
}
