/**
 * What a teacher's tablet keeps after a sync (sync/reasonReader.ts on the server): the codes of
 * every group, so any register can be taken (cover), and the reasons of its own class only. The
 * real client engine (Dexie on fake-indexeddb) syncs against the real server in-process; the test
 * then reads every table of the tablet's IndexedDB.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppDb } from '../../src/client/db/db';
import { registerView } from '../../src/client/marks/registerView';
import { enrolDevice } from '../../src/client/sync/enrolDevice';
import { createSyncClient, type FetchLike } from '../../src/client/sync/syncClient';
import { createSyncEngine } from '../../src/client/sync/syncEngine';
import { ManualTimers } from '../../src/client/testSupport.fixture';
import { localDate } from '../../src/domain';
import { createTestApp, TestClient } from '../server/fixtures';
import { openTestDatabase, type TestDatabase } from '../server/harness';
import {
  createSyncSchool,
  morningClock,
  signedInDevice,
  teachGroup,
  TODAY,
} from '../server/syncFixtures';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await openTestDatabase();
});
afterAll(async () => {
  await testDb.close();
});

const OWN_REASON = 'Dentist appointment, letter seen';
const OTHER_REASON = 'Mental health crisis, CAMHS involved';

describe("a teacher's tablet after a sync", () => {
  it("holds every group's codes and no reason of another class", async () => {
    const school = await createSyncSchool(testDb.db);
    const [foxes, hedgehogs] = school.groups;
    if (foxes === undefined || hedgehogs === undefined) throw new Error('two groups expected');
    const teacher = school.member('teacher');
    await teachGroup(testDb.db, teacher, foxes);
    const clock = morningClock();
    const { app } = createTestApp(testDb.db, { clock });

    // The teacher's tablet: its own browser, IndexedDB and engine, as in the app.
    const browser = new TestClient(app);
    const session = await browser.signIn(teacher, { deviceLabel: 'Foxes tablet' });
    const db = openAppDb(`reason-privacy-${randomUUID()}`);
    await enrolDevice(db, session.device.id);
    const fetch: FetchLike = async (url, init) => {
      const headers = Object.fromEntries(new Headers(init.headers).entries());
      return browser.request(init.method ?? 'GET', url, undefined, {
        headers,
        ...(typeof init.body === 'string' ? { rawBody: init.body } : {}),
      });
    };
    const engine = createSyncEngine({
      db,
      client: createSyncClient({ fetch }),
      clock: { now: () => clock.now().getTime() },
      timers: new ManualTimers(),
      random: () => 0.5,
    });
    try {
      // The first sync takes the snapshot; the office's marks come after it, through the pull.
      expect(await engine.flush()).toMatchObject({ ok: true });
      const office = await signedInDevice(app, school.member('office'), { clock });
      const ownPupil = foxes.pupilIds[0] ?? '';
      const otherPupil = hedgehogs.pupilIds[0] ?? '';
      await office.pushOk([
        office.event({ pupilId: ownPupil, code: 'M', reason: OWN_REASON }),
        office.event({ pupilId: otherPupil, code: 'I', reason: OTHER_REASON }),
      ]);
      expect(await engine.flush()).toMatchObject({ ok: true, error: null });

      const events = await db.events.toArray();
      expect(events.map((e) => [e.pupilId, e.code, e.reason]).sort()).toEqual(
        [
          [ownPupil, 'M', OWN_REASON],
          [otherPupil, 'I', null],
        ].sort(),
      );
      // Nowhere on the tablet: no table holds the other class's reason.
      for (const table of db.tables) {
        expect(JSON.stringify(await table.toArray()), table.name).not.toContain(OTHER_REASON);
      }
      // The other class's register still shows its code (a cover teacher can take it).
      const session = { date: localDate(TODAY), part: 'AM' as const };
      const cover = await registerView(db, hedgehogs.id, session);
      expect(cover.pupils.find((p) => p.pupilId === otherPupil)?.code).toBe('I');
    } finally {
      engine.dispose();
      db.close();
    }
  });
});
