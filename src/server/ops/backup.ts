/**
 * `npx tsx src/server/ops/backup.ts <file>`: backs up the database the server's own settings name
 * (DATABASE_URL, else DATA_DIR), so it always copies the database the server uses.
 *
 * - PostgreSQL: `pg_dump --format=custom`; safe while the servers run.
 * - Built-in database: stop the server first (the command refuses otherwise); writes the data
 *   folder, stopped cleanly, as a gzipped tar (builtInFiles.ts).
 *
 * Restore with restore.ts, which also gives the database a new sync epoch (docs/reliability.md).
 */
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { parseOpsArgs } from './cliArgs';
import { backupBuiltIn } from './builtInFiles';
import { OpsError } from './opsError';
import { backupPostgres } from './postgresFiles';

const USAGE = 'Usage: npx tsx src/server/ops/backup.ts <backup file>';

async function main(): Promise<void> {
  const args = parseOpsArgs(process.argv.slice(2), [], USAGE);
  const config = loadConfig(process.env);
  const file = resolve(args.file);
  if (config.databaseUrl !== null) {
    await backupPostgres(config.databaseUrl, file);
    console.log(`Backed up the PostgreSQL database to ${file}.`);
  } else {
    const bytes = await backupBuiltIn(resolve(config.dataDir), file);
    console.log(
      `Backed up the built-in database in ${resolve(config.dataDir)} to ${file} (${bytes} bytes).`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof OpsError || err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
