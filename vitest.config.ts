import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineConfig({
  // examples import the package by name, as users do (tsconfig "paths" maps it for tsc and tsx)
  resolve: {
    alias: [
      { find: /^relu-regions$/, replacement: src('index.ts') },
      { find: /^relu-regions\/testing$/, replacement: src('testing/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'properties/**/*.test.ts'],
    testTimeout: 120_000,
    // both cores (vitest's default leaves one free: one worker on a 2-core machine); many files
    // spend their time waiting on CLI child processes
    maxWorkers: 2,
  },
});
