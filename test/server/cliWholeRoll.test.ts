/**
 * The command line's pupils import: "add and update only" unless --whole-roll; more than 5 % of
 * the roll leaving needs --confirm-leavers N; the import prints its id and undo-import puts the
 * roll back. Driven through `runCli` (what `npm run cli --` runs) on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError, runCli, type CliIo, type CliOptions } from '../../src/server/cli/commands';
import type { Database } from '../../src/server/db/database';
import type { TestDatabase } from './harness';
import { createSyncSchool, MORNING, type SyncSchool } from './syncFixtures';
import { openDataDatabase, pupilCsv, upnOf } from './dataFixtures';

let testDb: TestDatabase;
let db: Database;
let school: SyncSchool;

beforeAll(async () => {
  testDb = await openDataDatabase();
  db = testDb.db;
  school = await createSyncSchool(db, { groups: [] });
});
afterAll(async () => {
  await testDb.close();
});

async function cli(
  args: string[],
  options: CliOptions,
  file = '',
): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const io: CliIo = {
    readText: () => Promise.resolve(file),
    writeText: () => Promise.reject(new Error('no files here')),
    out: (line) => lines.push(line),
    err: (line) => lines.push(line),
    progress: () => undefined,
    now: () => new Date(MORNING),
    retentionYears: 6,
  };
  const code = await runCli(
    db,
    args,
    { school: school.id, as: school.member('admin').email, ...options },
    io,
  );
  return { code, lines };
}

async function onRoll(): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pupil WHERE school_id = $1 AND on_roll_to IS NULL',
    [school.id],
  );
  return rows[0]?.n ?? 0;
}

describe('npm run cli -- import pupils', () => {
  it('only adds and updates by default; a whole roll needs the number of leavers; undo-import puts it back', async () => {
    expect((await cli(['import', 'pupils', 'all.csv'], {}, pupilCsv(20))).code).toBe(0);
    const two = pupilCsv([{ n: 1 }, { n: 2 }]);

    const safe = await cli(['import', 'pupils', 'two.csv'], {}, two);
    expect(safe.code).toBe(0);
    expect(await onRoll()).toBe(20);

    const unconfirmed = await cli(['import', 'pupils', 'two.csv'], { 'whole-roll': true }, two);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.lines).toContain('Leaving the roll (18 of 20 on roll):');
    expect(unconfirmed.lines).toContain(`  ${upnOf(3)}  Pupil3 Surname3  leaving date 2025-03-04`);
    expect(unconfirmed.lines.at(-1)).toMatch(
      /^Nothing was imported: this would take 18 of the 20 pupils on roll off it/,
    );
    expect(await onRoll()).toBe(20);

    const confirmed = await cli(
      ['import', 'pupils', 'two.csv'],
      { 'whole-roll': true, 'confirm-leavers': '18' },
      two,
    );
    expect(confirmed.code).toBe(0);
    const id =
      /^Import ([0-9a-f-]{36}): undo within 7 days/.exec(confirmed.lines.at(-1) ?? '')?.[1] ?? '';
    // They leave at the end of today: the leaving date is set, still on roll today.
    expect(await onRoll()).toBe(2);

    const undone = await cli(['undo-import', id], {});
    expect(undone).toEqual({
      code: 0,
      lines: [
        `Import ${id} undone: the pupils, groups and memberships it changed are as they were before it.`,
      ],
    });
    expect(await onRoll()).toBe(20);
    const again = await cli(['undo-import', id], {});
    expect(again.code).toBe(1);
    expect(again.lines[0]).toMatch(/^The import was not undone: it was undone already/);
  });

  it('explains options that do not go together', async () => {
    await expect(
      cli(['import', 'pupils', 'x.csv'], { 'confirm-leavers': '3' }, pupilCsv(1)),
    ).rejects.toThrow(
      new CliError('--confirm-leavers goes with --whole-roll: without it nobody leaves the roll.'),
    );
    await expect(
      cli(['import', 'staff', 'x.csv'], { 'whole-roll': true }, 'Name,Email,Roles\n'),
    ).rejects.toThrow('--whole-roll is for a pupils import only.');
    await expect(
      cli(
        ['import', 'pupils', 'x.csv'],
        { 'whole-roll': true, 'confirm-leavers': 'all' },
        pupilCsv(1),
      ),
    ).rejects.toThrow(
      'Give --confirm-leavers as the number of leavers the preview lists, a whole number.',
    );
    await expect(cli(['undo-import', 'last'], {})).rejects.toThrow(/^Say which import to undo/);
  });
});
