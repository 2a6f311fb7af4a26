/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// One file configures the PWA build and every Vitest project. The projects split the suite by
// room and environment: the domain runs twice, under UTC and under Pacific/Auckland, so that an
// answer which depends on the machine's own time zone fails one of the two runs.
export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      // Updates are offered, never forced: a reload while marks are queued or a register is open
      // would lose the teacher's place (research/sync.md §3.2). The app shows the prompt.
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        name: 'Tickmark attendance registers',
        short_name: 'Tickmark',
        description: 'Take the register with or without wifi; marks reach the office exactly once.',
        lang: 'en-GB',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#ffffff',
        theme_color: '#1d4f91',
        icons: [
          { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png' },
          { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png' },
          { src: 'maskable-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        navigateFallback: '/index.html',
        // The API is never answered from the app shell: a cached page in place of JSON would look
        // like success to the sync engine.
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
      },
      // The dev server runs without a service worker: it would cache stale modules between edits.
      devOptions: { enabled: false },
    }),
  ],
  build: {
    outDir: 'dist/client',
    emptyOutDir: true,
    rolldownOptions: {
      // The rules core and the wire contract build their zod schemas at module top level, which
      // a bundler must otherwise assume has side effects: a barrel import (domain/index) would
      // then pull every schema — and full zod — into the first load.
      treeshake: {
        moduleSideEffects: [{ test: /\/src\/(domain|shared)\//, sideEffects: false }],
      },
      output: {
        // Everything the entry imports statically goes in one chunk: the first load needs all of
        // it anyway, and one file compresses better (and fetches once) than several small ones.
        codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }] },
      },
    },
  },
  test: {
    // Two workers on a two-core machine: every server test file opens its own database, and more
    // at once only queue up for the cores.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'domain-utc',
          include: ['src/domain/**/*.test.ts'],
          environment: 'node',
          // The domain is pure functions with no module state, so its files share their workers
          // instead of each loading the rules core afresh (half the CPU of this project).
          isolate: false,
          env: { TZ: 'UTC' },
        },
      },
      {
        extends: true,
        test: {
          name: 'domain-auckland',
          include: ['src/domain/**/*.test.ts'],
          environment: 'node',
          // The domain is pure functions with no module state, so its files share their workers
          // instead of each loading the rules core afresh (half the CPU of this project).
          isolate: false,
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
      // The server suite runs once, on PostgreSQL (design.md §6): the one at
      // TICKMARK_TEST_POSTGRES_URL, the machine's at 127.0.0.1:5432, or else a built-in one the
      // global setup starts (test/server/testPostgres.ts). Each test file gets its own database
      // (test/server/harness.ts), a copy of the run's migrated template; two files at a time keep
      // a 2-core machine usable.
      {
        extends: true,
        test: {
          name: 'server',
          include: ['src/server/**/*.test.ts', 'test/server/**/*.test.ts'],
          globalSetup: ['test/server/testPostgres.ts'],
          environment: 'node',
          // The files share their workers, so the server's modules are loaded once per worker
          // rather than once per file (about half the CPU of 14 server files, measured side by
          // side). A server test keeps its state in its own database and its own app: it sets
          // no environment variable, mocks no module and changes no global, or it moves to a
          // project that isolates.
          isolate: false,
          // Creating a database takes seconds on a loaded two-core machine.
          hookTimeout: 60_000,
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'client',
          include: ['src/client/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          // The files share their workers, so React, Dexie, the rules core and the screens are
          // loaded once per worker rather than once per file. The setup file starts each file as
          // a fresh worker would (an empty IndexedDB, the stores as at start-up) and puts back
          // what it rendered or stubbed; a client test mocks no module (the setup file says why).
          // Measured side by side on a busy two-core machine: 68 s of CPU for the project's 74
          // files, against 219 s when each file had a worker of its own.
          isolate: false,
          setupFiles: ['src/client/testSetup.fixture.ts'],
          // Property tests and whole-app renders over fake-indexeddb take seconds on a busy
          // two-core machine; a slow run is not a failure.
          testTimeout: 30_000,
        },
      },
      // The real client sync engine (fake-indexeddb) against the real server app in-process, on
      // the server project's PostgreSQL: the wire contract proved end to end without a browser or
      // a socket.
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/server/testPostgres.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      // Real server processes over real sockets: `npm start`, two servers on
      // one PostgreSQL, SIGKILL during pushes. Two files at a time: they mostly wait (on servers
      // starting, stopping and being killed), and each has its own servers, free ports, folders
      // and databases (named at random on the machine's PostgreSQL). The global setup creates one
      // built-in database folder that tests not about creating one copy
      // (test/process/builtInTemplate.ts).
      {
        extends: true,
        test: {
          name: 'process',
          include: ['test/process/**/*.test.ts'],
          globalSetup: ['test/process/builtInTemplate.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      // The built app in real headless Chromium against the real server process. Two files at a
      // time: each has its own server, data folder and port (so its own origin, storage and
      // service worker) in the one Chromium the run shares; the update test builds its new
      // version into a folder of its own. .ci/runTests.mjs builds dist/e2e-client (E2E_CLIENT_DIR)
      // before this runs, and runs it beside the process project.
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          globalSetup: ['test/e2e/support/globalSetup.ts', 'test/e2e/support/chromiumSetup.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      // The register's core flow in WebKit (WebKitGTK's WebDriver under Xvfb, test/e2e/README.md).
      // Its own project, so .ci/runTests.mjs can run it only where WebKit is installed.
      {
        extends: true,
        test: {
          name: 'e2e-webkit',
          include: ['test/e2e/**/*.webkit.test.ts'],
          globalSetup: ['test/e2e/support/globalSetup.ts'],
          environment: 'node',
          fileParallelism: false,
          // After the Chromium files, never beside them: two browsers at once on two cores.
          sequence: { groupOrder: 1 },
          testTimeout: 300_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'tooling',
          include: ['test/tooling/**/*.test.ts'],
          // The first test starts ESLint and the compiler cold: seconds on a busy machine.
          testTimeout: 60_000,
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'bench',
          include: [],
          environment: 'node',
          benchmark: { include: ['test/bench/**/*.bench.ts'] },
        },
      },
    ],
    // Benchmarks belong to the `bench` project alone, so `npm run bench` runs each once.
    benchmark: { include: [] },
  },
});
