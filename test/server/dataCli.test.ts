/**
 * The command line against a temporary built-in database folder, run as the real process
 * (`tsx src/server/cli/main.ts`, what `npm run cli --` runs): an import prints its preview and its
 * progress and writes; a file with a bad row writes nothing and says why; an export prints CSV.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Each run starts a process that starts the folder's PostgreSQL: seconds, tens on two busy cores.
const SLOW = 240_000;
import { openEmbeddedDatabase } from '../../src/server/db/embeddedDatabase';
import { prepareDatabase } from '../../src/server/prepareDatabase';
import { createSyncSchool, type SyncSchool } from './syncFixtures';
import { pupilCsv, upnOf } from './dataFixtures';

const run = promisify(execFile);
const TSX = join(import.meta.dirname, '../../node_modules/.bin/tsx');
const MAIN = join(import.meta.dirname, '../../src/server/cli/main.ts');

let dir: string;
let school: SyncSchool;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickmark-cli-'));
  // Run as root, the built-in PostgreSQL runs as `postgres`, which must enter the folder.
  await chmod(dir, 0o755);
  const db = await openEmbeddedDatabase(join(dir, 'db'));
  await prepareDatabase(db);
  school = await createSyncSchool(db, { groups: [] });
  await db.close();
}, SLOW);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [MAIN, ...args, '--data-dir', join(dir, 'db')], {
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function pupilCount(): Promise<number> {
  const db = await openEmbeddedDatabase(join(dir, 'db'));
  try {
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pupil WHERE school_id = $1',
      [school.id],
    );
    return rows[0]?.n ?? 0;
  } finally {
    await db.close();
  }
}

describe('npm run cli', () => {
  it(
    'refuses a file with a bad row and writes nothing',
    async () => {
      const file = join(dir, 'bad.csv');
      await writeFile(file, pupilCsv(3).replace(',Year 3,', ',Year Seven,'));
      const result = await cli(
        'import',
        'pupils',
        file,
        '--school',
        school.name,
        '--as',
        school.member('admin').email,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        "row 3: year group 'Year Seven' is not one of N1, N2, R, 1–13",
      );
      expect(result.stderr).toContain('Nothing was imported: 1 row has problems');
      expect(await pupilCount()).toBe(0);
    },
    SLOW,
  );

  it(
    'imports a small file, printing the preview and progress, then exports marks',
    async () => {
      const pupils = join(dir, 'pupils.csv');
      await writeFile(pupils, pupilCsv(3));
      const result = await cli(
        'import',
        'pupils',
        pupils,
        '--school',
        school.id,
        '--as',
        school.member('admin').email,
      );
      expect(result.stderr).toContain('starting: 0 / 3 (0%)');
      expect(result.stderr).toContain('done: 3 / 3 (100%)');
      expect(result.stdout).toContain('3 rows: 3 good, 0 with problems.');
      expect(result.stdout).toContain('Imported: new 3,');
      expect(result.code).toBe(0);
      expect(await pupilCount()).toBe(3);

      const marks = join(dir, 'marks.csv');
      await writeFile(
        marks,
        `UPN,Date,Session,Code\n${upnOf(1)},12/11/2024,AM,/\n${upnOf(2)},12/11/2024,AM,I\n`,
      );
      const imported = await cli(
        'import',
        'marks',
        marks,
        '--school',
        school.id,
        '--as',
        school.member('admin').email,
      );
      expect(imported.code).toBe(0);
      const exported = await cli(
        'export',
        'marks',
        '--school',
        school.id,
        '--from',
        '2024-11-12',
        '--to',
        '2024-11-12',
      );
      expect(exported.code).toBe(0);
      const lines = exported.stdout.trim().split(/\r?\n/);
      expect(lines[0]).toBe('UPN,Date,Session,Code,Minutes late,Last amended by,When,Why');
      expect(lines.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
        `${upnOf(1)},2024-11-12,AM,/`,
        `${upnOf(2)},2024-11-12,AM,I`,
      ]);
    },
    SLOW,
  );

  it(
    'explains a missing --as, and lists the schools',
    async () => {
      const noAs = await cli('import', 'pupils', join(dir, 'pupils.csv'), '--school', school.id);
      expect(noAs.code).toBe(2);
      expect(noAs.stderr).toContain('Say who is importing with --as');
      const listed = await cli('schools');
      expect(listed.stdout).toContain(school.name);
    },
    SLOW,
  );
});
