/**
 * Starts the office server: load config → open the database → migrate → seed if empty → build
 * the app → listen. This is the only file that touches `process` (env, signals, exit).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app';
import { listen } from './http/listen';
import { ConfigError, describeConfig, loadConfig } from './config';
import { DataDirLockedError } from './db/dataDirLock';
import { EmbeddedPostgresError } from './db/embedded/postgresBinaries';
import { checkDatabaseIntact, DatabaseDamagedError } from './db/integrityCheck';
import { MigrationError } from './db/migrate';
import { prepareDatabase } from './prepareDatabase';
import { PRODUCTION_PASSWORD_PARAMS } from './auth/password';
import { systemClock } from './clock';
import { seedDemoIfEmpty } from './demo/seedDemo';
import { openDatabase } from './db/openDatabase';
import { createLogger } from './logger';
import { issueSetupToken, setupLink } from './setup/setupToken';
import { createMisConnection } from './mis/misConnection';
import { startMisWorker } from './mis/misWorker';
import { startTableStatistics } from './db/tableStatistics';

const BUILT_CLIENT_DIR = fileURLToPath(new URL('../../dist/client/', import.meta.url));

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  for (const line of describeConfig(config)) logger.info(line);

  const db = await openDatabase(config, logger);
  await prepareDatabase(db, { logger, now: systemClock.now() });
  await checkDatabaseIntact(db);
  // A new database opens on the demo school; one that has a school already is left as it is.
  const demo = config.demo
    ? await seedDemoIfEmpty(db, systemClock.now(), PRODUCTION_PASSWORD_PARAMS)
    : null;
  if (demo?.seeded === true) logger.info('created the demo school');
  // Without the demo, an empty database waits for its first admin: the setup link's token is
  // printed on this console only, for whoever started the server.
  const setupToken = await issueSetupToken(db, systemClock.now());

  const clientDir = config.clientDir === null ? BUILT_CLIENT_DIR : resolve(config.clientDir);
  const hasClient = existsSync(join(clientDir, 'index.html'));
  if (!hasClient) {
    logger.warn(
      config.clientDir === null
        ? 'the PWA is not built (run npm run build); serving the API only'
        : `CLIENT_DIR has no index.html (${clientDir}); serving the API only`,
    );
  }
  // The school's MIS, when set up: the app's screens and the background writer share one.
  const mis = config.mis === null ? null : createMisConnection(db, config.mis);
  const app = createApp({ config, db, logger, mis, ...(hasClient ? { clientDir } : {}) });
  const stopMis = mis === null ? null : startMisWorker({ db, clock: systemClock, logger }, mis);
  // The event log's planner statistics: autovacuum's where it runs, else a schedule of our own.
  const stopStatistics = await startTableStatistics(db, logger);

  const server = listen(app.fetch, config, (info) => {
    const lines = [
      `Tickmark is running at ${config.tls === null ? 'http' : 'https'}://localhost:${info.port}`,
    ];
    if (config.publicOrigin !== null) lines.push(`People open it at ${config.publicOrigin}`);
    if (demo !== null) {
      lines.push('Demo sign-ins (password for each: ' + (demo.signIns[0]?.password ?? '') + '):');
      for (const signIn of demo.signIns) {
        lines.push(`  ${signIn.role.padEnd(16)} ${signIn.email}  (${signIn.name})`);
      }
    }
    if (setupToken !== null) {
      lines.push(
        'Tickmark is not set up yet. To create your organisation, school and first admin, open:',
        `  ${setupLink(`http://localhost:${info.port}`, setupToken)}`,
        'This link works once. Or run: npm run cli -- setup --help',
      );
    }
    // One write, so whoever reads the "running at" line has the sign-ins or the setup link with
    // it (a script or test watching the output need not wait to see whether more is coming).
    console.log(lines.join('\n'));
  });

  server.on('error', (err: NodeJS.ErrnoException) => {
    console.error(
      err.code === 'EADDRINUSE'
        ? `Tickmark cannot start: port ${config.port} is already in use. Stop the other program or set PORT to a free port.`
        : `Tickmark cannot listen on ${config.host}:${config.port}: ${err.message}`,
    );
    process.exit(1);
  });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    server.close(() => {
      void Promise.all([stopMis?.(), stopStatistics()])
        .then(() => db.close())
        .finally(() => process.exit(0));
    });
    // Idle keep-alive connections would hold close() open; do not wait for them for ever.
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  // Configuration, migration and lock problems are the operator's to fix: print the message alone.
  if (
    err instanceof ConfigError ||
    err instanceof MigrationError ||
    err instanceof DataDirLockedError ||
    err instanceof EmbeddedPostgresError ||
    err instanceof DatabaseDamagedError
  ) {
    console.error(`Tickmark cannot start: ${err.message}`);
  } else {
    console.error('Tickmark could not start:', err);
  }
  process.exit(1);
});
