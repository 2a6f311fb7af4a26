/**
 * Tickmark's command line, for bulk and scripted work on the office server's database:
 *
 *   npm run cli -- import pupils|staff|marks FILE.csv --school SCHOOL --as ADMIN_EMAIL
 *                 [--skip-bad-rows] [--dry-run] [--effective-date yyyy-MM-dd]
 *                 [--whole-roll [--confirm-leavers N]]
 *   npm run cli -- undo-import IMPORT_ID --school SCHOOL --as ADMIN_EMAIL
 *   npm run cli -- import calendar FILE.csv --school SCHOOL [--dry-run]
 *   npm run cli -- import bank-holidays bank-holidays.json --school SCHOOL [--dry-run]
 *   npm run cli -- export marks --school SCHOOL --from yyyy-MM-dd --to yyyy-MM-dd [--out FILE]
 *   npm run cli -- retention --school SCHOOL [--dry-run]
 *   npm run cli -- benchmarks load FILE.csv [--publication NAME]
 *   npm run cli -- schools
 *   npm run cli -- setup [--org TRUST] --school NAME --urn URN --la LA --estab ESTAB
 *                 [--tz Europe/London] --admin-email EMAIL --admin-name NAME
 *
 * It uses the database the server uses (DATABASE_URL, else the built-in database's folder
 * DATA_DIR, or the --database-url / --data-dir options). The built-in database serves one process:
 * while the server runs, the command is refused (db/dataDirLock.ts); stop the server first.
 * Imports follow the same rules as the admin screen (one transaction, nothing written when a row
 * is bad unless --skip-bad-rows), and print progress as they write. A pupils file only adds and
 * updates pupils unless --whole-roll says it is the whole roll (then pupils missing from it leave;
 * more than 5 % of the roll leaving needs --confirm-leavers with their number).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { DataDirLockedError } from '../db/dataDirLock';
import { checkDatabaseIntact } from '../db/integrityCheck';
import { openDatabase } from '../db/openDatabase';
import { prepareDatabase } from '../prepareDatabase';
import { PRODUCTION_PASSWORD_PARAMS } from '../auth/password';
import { runCli, CliError } from './commands';
import { readAdminPassword } from './readPassword';
import { setupCommand } from './setupCommand';

const USAGE = `Usage:
  npm run cli -- import pupils|staff|marks FILE.csv --school SCHOOL --as ADMIN_EMAIL [--skip-bad-rows] [--dry-run] [--effective-date yyyy-MM-dd]
                 pupils only: [--whole-roll [--confirm-leavers N]] (without --whole-roll nobody leaves)
  npm run cli -- undo-import IMPORT_ID --school SCHOOL --as ADMIN_EMAIL   (a pupils import, within 7 days)
  npm run cli -- import calendar FILE.csv --school SCHOOL [--dry-run]
  npm run cli -- import bank-holidays bank-holidays.json --school SCHOOL [--dry-run]
  npm run cli -- export marks --school SCHOOL --from yyyy-MM-dd --to yyyy-MM-dd [--out FILE]
  npm run cli -- retention --school SCHOOL [--dry-run]
  npm run cli -- benchmarks load FILE.csv [--publication NAME]   (a DfE "Pupil absence in schools in England" data file)
  npm run cli -- schools
  npm run cli -- setup [--org TRUST] --school NAME --urn URN --la LA --estab ESTAB [--tz Europe/London] --admin-email EMAIL --admin-name NAME
SETUP creates the organisation (a trust named by --org, or without it the school's own), the
first school and its first admin, on a database with no organisation yet. The admin's password
is read from TICKMARK_ADMIN_PASSWORD, else asked for (hidden) or read from standard input.
SCHOOL is the school's id, DfE number or exact name. Options --data-dir DIR or --database-url URL
choose the database (default: as the server, from DATA_DIR or DATABASE_URL).`;

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      school: { type: 'string' },
      as: { type: 'string' },
      'skip-bad-rows': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      'effective-date': { type: 'string' },
      'whole-roll': { type: 'boolean', default: false },
      'confirm-leavers': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      publication: { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      org: { type: 'string' },
      urn: { type: 'string' },
      la: { type: 'string' },
      estab: { type: 'string' },
      tz: { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-name': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length === 0) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const env: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: 'silent' };
  if (values['data-dir'] !== undefined) env.DATA_DIR = values['data-dir'];
  if (values['database-url'] !== undefined) env.DATABASE_URL = values['database-url'];
  const config = loadConfig(env);
  const db = await openDatabase(config, undefined, `Tickmark CLI: ${positionals.join(' ')}`);
  try {
    await prepareDatabase(db);
    await checkDatabaseIntact(db);
    if (positionals[0] === 'setup') {
      return await setupCommand(db, values, {
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`),
        now: () => new Date(),
        readPassword: () => readAdminPassword(process.env.TICKMARK_ADMIN_PASSWORD),
        passwordParams: PRODUCTION_PASSWORD_PARAMS,
      });
    }
    return await runCli(db, positionals, values, {
      readText: (path) => readFile(path, 'utf8'),
      writeText: (path, text) => writeFile(path, text, 'utf8'),
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
      progress: (line) => process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`),
      now: () => new Date(),
      retentionYears: config.retentionYears,
    });
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof CliError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    if (err instanceof DataDirLockedError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 1;
      return;
    }
    if (
      err instanceof TypeError &&
      'code' in err &&
      String(err.code).startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(
      `The command failed: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
