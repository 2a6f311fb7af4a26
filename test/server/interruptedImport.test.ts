/**
 * An import a crash interrupted (docs/reliability.md, "Jobs finish or say why"): the process died
 * inside the import's transaction, after writing every row and before the commit. The database
 * undid the write; the next start marks the job failed with the reason and deletes its uploaded
 * file, and the same file imported again is written whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importJobResponseSchema } from '../../src/shared/api/dataSchemas';
import { routePath } from '../../src/shared/api/routes';
import type { Database } from '../../src/server/db/database';
import { prepareDatabase } from '../../src/server/prepareDatabase';
import { importContext, importInTransaction } from '../../src/server/data/importRunner';
import { importText, markRunning } from '../../src/server/data/importStore';
import { createTestApp, TestClient } from './fixtures';
import type { TestDatabase } from './harness';
import { createSyncSchool } from './syncFixtures';
import { importFile, openDataDatabase, pupilCsv, uploadImport } from './dataFixtures';
import * as dataApi from '../../src/shared/api/endpoints/dataEndpoints';

let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  testDb = await openDataDatabase();
  db = testDb.db;
});
afterAll(async () => {
  await testDb.close();
});

async function count(sql: string, params: unknown[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>(sql, params);
  return rows[0]?.n ?? 0;
}

class Crash extends Error {}

describe('an import interrupted by a crash', () => {
  it('is marked failed at the next start with nothing written, and runs whole when imported again', async () => {
    const school = await createSyncSchool(db, { groups: [] });
    const { app } = createTestApp(db);
    const admin = new TestClient(app);
    const session = await admin.signIn(school.member('admin'));
    const csv = pupilCsv(12);
    const previewed = await uploadImport(admin, 'pupils', csv);

    // What the confirm does, up to the moment the process dies: the job is marked running and its
    // transaction writes every row; the process is gone before the commit.
    expect(await markRunning(db, previewed.id, false)).toBe(true);
    const ctx = await importContext(db, {
      schoolId: school.id,
      staff: { id: session.staff.id, name: session.staff.name },
      now: new Date(),
      effectiveDate: null,
    });
    const text = await importText(db, previewed.id);
    const died = importInTransaction(db, 'pupils', text, ctx, {
      skipBadRows: false,
      jobId: previewed.id,
      progress: (_done, _total, phase) => {
        if (phase === 'done') throw new Crash('the process died here');
      },
    });
    await expect(died).rejects.toBeInstanceOf(Crash);
    const pupils = 'SELECT count(*)::int AS n FROM pupil WHERE school_id = $1';
    expect(await count(pupils, [school.id])).toBe(0);

    // The next start.
    await prepareDatabase(db, { now: new Date('2026-12-07T08:00:00Z') });

    const res = await admin.get(routePath(dataApi.getImport.path, { id: previewed.id }));
    expect(res.status).toBe(200);
    const job = importJobResponseSchema.parse(await res.json()).import;
    expect(job).toMatchObject({ state: 'failed', phase: null });
    expect(job.finishedAt).toBe('2026-12-07T08:00:00.000Z');
    expect(job.error).toMatch(
      /^Nothing was imported: the server stopped while this import was running/,
    );
    expect(job.error).toMatch(/Upload the file again/);
    expect(
      await count('SELECT count(*)::int AS n FROM import_chunk WHERE import_id = $1', [
        previewed.id,
      ]),
    ).toBe(0);
    expect(await count(pupils, [school.id])).toBe(0);

    // A later start leaves it as it is; the same file imported again is written whole.
    await prepareDatabase(db);
    const again = await importFile(admin, 'pupils', csv);
    expect(again.result).toMatchObject({ new: 12 });
    expect(await count(pupils, [school.id])).toBe(12);
    const after = importJobResponseSchema.parse(
      await (await admin.get(routePath(dataApi.getImport.path, { id: previewed.id }))).json(),
    ).import;
    expect(after.finishedAt).toBe('2026-12-07T08:00:00.000Z');
  });
});
