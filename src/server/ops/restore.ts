/**
 * `npx tsx src/server/ops/restore.ts <file> [--replace] [--keep-sessions]`: restores a backup made
 * by backup.ts into the database the server's settings name (DATABASE_URL, else DATA_DIR). Stop
 * every server on that database first.
 *
 * Afterwards the database has a NEW sync epoch, so every tablet's next pull answers `reset`: it
 * drops its pulled copy of the register and pulls afresh, and keeps its outbox, whose marks the
 * restored server has not got are sent again. Every session is ended too (unless
 * `--keep-sessions`), so each tablet signs in online once. See docs/reliability.md.
 */
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { parseOpsArgs } from './cliArgs';
import { restoreBuiltIn } from './builtInFiles';
import { OpsError } from './opsError';
import { restorePostgres } from './postgresFiles';

const USAGE =
  'Usage: npx tsx src/server/ops/restore.ts <backup file> [--replace] [--keep-sessions]\n' +
  '  --replace        restore over an existing database (built-in: the old folder is moved aside)\n' +
  '  --keep-sessions  keep sessions live (by default everyone signs in again after a restore)';

async function main(): Promise<void> {
  const args = parseOpsArgs(process.argv.slice(2), ['--replace', '--keep-sessions'], USAGE);
  const config = loadConfig(process.env);
  const file = resolve(args.file);
  const options = {
    replace: args.flags.has('--replace'),
    keepSessions: args.flags.has('--keep-sessions'),
  };
  const facts =
    config.databaseUrl !== null
      ? await restorePostgres(file, config.databaseUrl, options)
      : await restoreBuiltIn(file, resolve(config.dataDir), options);
  console.log(`Restored ${file}.`);
  if ('movedAside' in facts && facts.movedAside !== null) {
    console.log(`The database that was there is kept in ${facts.movedAside}.`);
  }
  console.log(
    `New sync epoch ${facts.epoch} (was ${facts.previousEpoch ?? 'none'}): tablets will reset their pulled copy and keep their queued marks.`,
  );
  console.log(
    options.keepSessions
      ? 'Sessions were kept.'
      : `${facts.sessionsEnded} session(s) ended: staff sign in online once on each tablet.`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof OpsError || err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
