/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// One file configures the PWA build and every Vitest project. The projects split the suite by
// room and environment: the domain runs twice, under UTC and under Pacific/Auckland, so that an
// answer which depends on the machine's own time zone fails one of the two runs.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist/client',
    emptyOutDir: true,
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'domain-utc',
          include: ['src/domain/**/*.test.ts'],
          environment: 'node',
          env: { TZ: 'UTC' },
        },
      },
      {
        extends: true,
        test: {
          name: 'domain-auckland',
          include: ['src/domain/**/*.test.ts'],
          environment: 'node',
          env: { TZ: 'Pacific/Auckland' },
        },
      },
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['src/shared/**/*.test.ts'],
          environment: 'node',
        },
      },
      // The server suite runs twice, once per database (design.md §6). Each test file opens its
      // own database (test/server/harness.ts); two files at a time keep a 2-core machine usable.
      {
        extends: true,
        test: {
          name: 'server-pglite',
          include: ['src/server/**/*.test.ts', 'test/server/**/*.test.ts'],
          environment: 'node',
          env: { TICKMARK_TEST_DB: 'pglite' },
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: 'server-postgres',
          include: ['src/server/**/*.test.ts', 'test/server/**/*.test.ts'],
          environment: 'node',
          env: { TICKMARK_TEST_DB: 'postgres' },
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: 'client',
          include: ['src/client/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
        },
      },
      {
        extends: true,
        test: {
          name: 'tooling',
          include: ['test/tooling/**/*.test.ts'],
          environment: 'node',
        },
      },
    ],
    benchmark: {
      include: ['test/bench/**/*.bench.ts'],
    },
  },
});
