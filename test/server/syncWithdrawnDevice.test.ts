/**
 * A revoked device's token is refused while its queued marks are still received and flagged
 *: the push of a device an administrator revoked is accepted as long as its session is
 * otherwise live, each event is stored, decided by the normal rules and flagged for the office;
 * every other endpoint keeps answering 401, and a session its person signed out may not push.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { conflictsResponseSchema } from '../../src/shared/api/officeSchemas';
import { routePath, ROUTES } from '../../src/shared/api/routes';
import { SESSION_COOKIE } from '../../src/server/auth/cookies';
import { WITHDRAWN_DEVICE_DETAIL } from '../../src/server/register/eventBatch';
import { createTestApp } from './fixtures';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';
import { createSyncSchool, morningClock, signedInDevice, storedEntry, TODAY } from './syncFixtures';
import * as officeApi from '../../src/shared/api/endpoints/officeEndpoints';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(() => t.close());

const MINUTE = 60_000;

async function setUp() {
  const school = await createSyncSchool(t.db);
  const { app, clock } = createTestApp(t.db, { clock: morningClock() });
  const tablet = await signedInDevice(app, school.member('teacher'), { clock });
  const admin = await signedInDevice(app, school.member('admin'), { clock });
  const office = await signedInDevice(app, school.member('office'), { clock });
  const revoke = async () => {
    clock.advance(MINUTE);
    const res = await admin.client.post(
      routePath(ROUTES.adminRevokeDevice, { id: tablet.deviceId }),
    );
    expect(res.status).toBe(200);
    clock.advance(MINUTE);
  };
  return { school, clock, tablet, office, revoke };
}

async function eventCount(schoolId: string): Promise<number> {
  const { rows } = await t.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM mark_event WHERE school_id = $1',
    [schoolId],
  );
  return rows[0]?.n ?? -1;
}

describe('a revoked device with marks queued', () => {
  it('has its push accepted, each event stored and flagged, and shown in the conflicts queue', async () => {
    const { school, tablet, office, revoke } = await setUp();
    // Marked offline before the device was withdrawn; still in the outbox.
    const queued = tablet.register([school.pupil(0), school.pupil(1), school.pupil(2)], {
      code: '/',
    });
    await revoke();

    const answer = await tablet.pushOk(queued);
    expect(answer.acks).toHaveLength(3);
    for (const ack of answer.acks) {
      expect(ack.status).toBe('applied');
      expect(ack.reason).toBe(WITHDRAWN_DEVICE_DETAIL);
      expect(ack.entry?.needsReview).toBe(true);
    }
    for (const index of [0, 1, 2]) {
      expect(await storedEntry(t.db, school.id, school.pupil(index))).toMatchObject({
        code: '/',
        needs_review: true,
      });
    }
    const { rows } = await t.db.query<{ status_detail: string | null }>(
      'SELECT status_detail FROM mark_event WHERE school_id = $1 ORDER BY server_seq',
      [school.id],
    );
    expect(rows.map((r) => r.status_detail)).toEqual(Array(3).fill(WITHDRAWN_DEVICE_DETAIL));

    const res = await office.client.get(
      `${officeApi.listConflicts.path}?from=${TODAY}&to=${TODAY}`,
    );
    expect(res.status).toBe(200);
    const { conflicts } = conflictsResponseSchema.parse(await res.json());
    expect(conflicts.map((c) => c.eventId).sort()).toEqual(queued.map((e) => e.eventId).sort());
    for (const item of conflicts) {
      expect(item).toMatchObject({ status: 'applied', flagged: true });
      expect(item.detail).toBe(WITHDRAWN_DEVICE_DETAIL);
      expect(item.mark.deviceId).toBe(tablet.deviceId);
    }

    // A resend after a lost answer is acknowledged as stored; nothing is stored twice.
    const again = await tablet.pushOk(queued);
    expect(again.acks.map((a) => a.serverSeq)).toEqual(answer.acks.map((a) => a.serverSeq));
    expect(await eventCount(school.id)).toBe(3);
  });

  it('still decides each event by the normal rules (a conflict stays a conflict, and is flagged)', async () => {
    const { school, clock, tablet, revoke } = await setUp();
    const other = await signedInDevice(
      createTestApp(t.db, { clock }).app,
      school.member('teacher2'),
      { clock },
    );
    const mine = tablet.event({ pupilId: school.pupil(4), code: '/' });
    await other.pushOk([other.event({ pupilId: school.pupil(4), code: 'N' })]);
    await revoke();
    const answer = await tablet.pushOk([mine]);
    expect(answer.acks[0]?.status).toBe('conflict');
    expect(answer.acks[0]?.reason).toMatch(/^This mark came from a device whose access/);
    expect(answer.acks[0]?.reason).toMatch(/Someone else marked this pupil differently/);
  });

  it('is refused on pull, snapshot and every other endpoint (401)', async () => {
    const { school, tablet, revoke } = await setUp();
    await revoke();
    for (const path of [
      `${ROUTES.syncPull}?after=0&rosterVersion=1`,
      ROUTES.syncSnapshot,
      ROUTES.me,
      `${routePath(ROUTES.pupilEntries, { id: school.pupil(0) })}?from=${TODAY}&to=${TODAY}`,
      officeApi.listConflicts.path,
    ]) {
      const res = await tablet.client.get(path);
      expect(res.status, path).toBe(401);
      expect(await res.json()).toMatchObject({ reason: 'not_signed_in' });
    }
  });

  it('refuses the push once the session was signed out (before or after the revocation)', async () => {
    for (const order of ['sign-out first', 'revoke first'] as const) {
      const { school, tablet, revoke } = await setUp();
      const queued = tablet.register([school.pupil(0)]);
      if (order === 'revoke first') await revoke();
      // The browser forgets the cleared cookie; a copy of the old token (a stale tab, a stolen
      // cookie) must not push either.
      const token = tablet.client.cookies.get(SESSION_COOKIE);
      expect(token).toBeDefined();
      const signOut = await tablet.client.post(ROUTES.signOut);
      expect(signOut.status).toBe(200);
      if (order === 'sign-out first') await revoke();
      tablet.client.cookies.set(SESSION_COOKIE, token ?? '');
      const res = await tablet.push(queued);
      expect(res.status, order).toBe(401);
      expect(await eventCount(school.id)).toBe(0);
    }
  });

  it('refuses the push when the session has expired or its person was disabled', async () => {
    const { school, clock, tablet, revoke } = await setUp();
    const queued = tablet.register([school.pupil(0)]);
    await revoke();
    await t.db.query('UPDATE staff SET disabled_at = now() WHERE id = $1', [
      school.member('teacher').id,
    ]);
    expect((await tablet.push(queued)).status).toBe(401);
    await t.db.query('UPDATE staff SET disabled_at = NULL WHERE id = $1', [
      school.member('teacher').id,
    ]);
    clock.advance(365 * 24 * 60 * MINUTE);
    expect((await tablet.push(queued)).status).toBe(401);
    expect(await eventCount(school.id)).toBe(0);
  });
});
