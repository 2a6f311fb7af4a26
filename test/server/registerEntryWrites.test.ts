/**
 * How a batch writes its entries (register/eventBatch.ts): an entry with no recorded event before
 * the batch has no row, so it is a plain INSERT; an entry that had events is an upsert (its row
 * updated, or made again after an undo). And the key that makes register_entry's own foreign key
 * to school redundant (migration 0033): the school is checked through the head event.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';
import { createTestApp } from './fixtures';
import {
  createSyncSchool,
  morningClock,
  signedInDevice,
  storedEntry,
  teachGroup,
  TODAY,
  MORNING,
} from './syncFixtures';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(() => t.close());

async function setUp() {
  const school = await createSyncSchool(t.db);
  await teachGroup(t.db, school.member('teacher'), school.groups[0]);
  const { app, clock } = createTestApp(t.db, { clock: morningClock() });
  const tablet = await signedInDevice(app, school.member('teacher'), { clock });
  return { school, tablet };
}

describe('a batch’s entries', () => {
  it('writes new entries and changes to entries that had marks in one batch', async () => {
    const { school, tablet } = await setUp();
    const first = tablet.event({ pupilId: school.pupil(0), recordedAt: MORNING });
    await tablet.pushOk([first]);

    const change = tablet.event({
      pupilId: school.pupil(0),
      code: 'N',
      baseEventId: first.eventId,
    });
    const fresh = tablet.event({ pupilId: school.pupil(1), code: '/' });
    const answer = await tablet.pushOk([change, fresh]);

    expect(answer.acks.map((a) => a.status)).toEqual(['applied', 'applied']);
    expect(await storedEntry(t.db, school.id, school.pupil(0))).toMatchObject({
      code: 'N',
      head_event_id: change.eventId,
      head_seq: answer.acks[0]?.serverSeq,
    });
    expect(await storedEntry(t.db, school.id, school.pupil(1))).toMatchObject({
      code: '/',
      head_event_id: fresh.eventId,
      head_seq: answer.acks[1]?.serverSeq,
    });
  });

  it('refuses a push rather than overwrite a row its entry’s events cannot account for', async () => {
    const { school, tablet } = await setUp();
    const first = tablet.event({ pupilId: school.pupil(0), recordedAt: MORNING });
    const ack = (await tablet.pushOk([first])).acks[0];
    // A row for pupil 1 with no event of its own (as no writer leaves one): the push of pupil
    // 1's first mark must fail whole, not silently replace it.
    await t.db.query(
      `INSERT INTO register_entry (school_id, pupil_id, session_date, session_part, code,
          head_event_id, head_seq, head_role)
       VALUES ($1, $2, $3, 'AM', 'X', $4, $5, 'teacher')`,
      [school.id, school.pupil(1), TODAY, first.eventId, ack?.serverSeq],
    );

    const refused = await tablet.push([tablet.event({ pupilId: school.pupil(1), code: '/' })]);

    expect(refused.status).toBe(500);
    expect(await storedEntry(t.db, school.id, school.pupil(1))).toMatchObject({ code: 'X' });
    const { rows } = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM mark_event WHERE school_id = $1 AND pupil_id = $2',
      [school.id, school.pupil(1)],
    );
    expect(rows[0]?.n).toBe(0);
  });
});

describe('register_entry’s school', () => {
  it('is still checked, through the head event, without a key of its own to school', async () => {
    const { school, tablet } = await setUp();
    const first = tablet.event({ pupilId: school.pupil(0), recordedAt: MORNING });
    const ack = (await tablet.pushOk([first])).acks[0];
    const noSchool = '00000000-0000-4000-8000-000000000000';

    await expect(
      t.db.query(
        `INSERT INTO register_entry (school_id, pupil_id, session_date, session_part, code,
            head_event_id, head_seq, head_role)
         VALUES ($1, $2, $3, 'PM', '/', $4, $5, 'teacher')`,
        [noSchool, school.pupil(0), TODAY, first.eventId, ack?.serverSeq],
      ),
    ).rejects.toMatchObject({ code: '23503' });
  });
});
