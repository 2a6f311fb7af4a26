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
      {
        extends: true,
        test: {
          name: 'server',
          include: ['src/server/**/*.test.ts', 'test/server/**/*.test.ts'],
          environment: 'node',
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
