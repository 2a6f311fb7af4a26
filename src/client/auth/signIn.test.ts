import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { recordMark } from '../marks/recordMark';
import { fakeFetch, profile, SCHOOL_ID } from '../ui/screens.fixture';
import type { AppDb } from '../db/appDb';
import { freshDb, MONDAY_AM, PUPIL, TEACHER } from '../testSupport.fixture';
import { updateDeviceAuth } from './deviceAuthStore';
import { signIn } from './signIn';

const PIN = { algorithm: 'PBKDF2-SHA-256', iterations: 1, salt: 'AA==', hash: 'AA==' } as const;
const form = { email: 'visitor@other.example', password: 'correct horse' };
const NO_ROLE_HERE = {
  status: 'error',
  reason: 'no_school_role',
  message: 'Your account does not have a role at this school yet.',
};

let db: AppDb;
afterEach(() => db.close());

async function tabletOfTestPrimary(): Promise<void> {
  db = freshDb();
  await updateDeviceAuth(db, (current) => ({ ...current, staff: [profile(TEACHER, PIN)] }));
}

describe('signing in on a tablet that still has marks to send', () => {
  it('asks for the tablet’s own school, and says why someone of another school is refused', async () => {
    await tabletOfTestPrimary();
    const marked = await recordMark(db, {
      pupilId: PUPIL.ada,
      session: MONDAY_AM,
      code: '/',
      actor: TEACHER,
    });
    expect(marked.ok).toBe(true);
    const server = fakeFetch(403, NO_ROLE_HERE);

    const outcome = await signIn(db, form, { fetch: server.fetch, hasSignedInBefore: true });

    expect(JSON.parse(String(server.calls[0]?.init.body))).toMatchObject({ schoolId: SCHOOL_ID });
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        kind: 'refused',
        message: expect.stringMatching(
          /^This tablet still has 1 mark for Test Primary waiting to be sent, so only staff of Test Primary can sign in/,
        ) as unknown,
      },
    });
    expect(await db.outbox.count()).toBe(1);
  });

  it('with nothing to send, lets the server choose the school', async () => {
    await tabletOfTestPrimary();
    const server = fakeFetch(403, NO_ROLE_HERE);

    await signIn(db, form, { fetch: server.fetch, hasSignedInBefore: true });

    expect(JSON.parse(String(server.calls[0]?.init.body))).not.toHaveProperty('schoolId');
  });
});
