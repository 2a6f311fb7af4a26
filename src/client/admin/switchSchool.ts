/**
 * Moving this tablet from one school of a trust to another, for someone with roles at both.
 *
 * WHY IT IS CAREFUL. The tablet's database holds ONE school: its roster, the pulled entries and
 * events with a pull cursor into that school's log, and the outbox of marks made here. The server
 * ties each device to one school (a push from a device of another school is refused as
 * `device_mismatch`), so moving the session to another school gives the tablet a device there,
 * and `enrolDevice` renumbers every pending mark to be sent under it, that is, TO THE NEW SCHOOL.
 * A queued mark would then be refused there ("not on this school's roll") and never reach the
 * school it belongs to. So:
 *
 * 1. Refuse while anything for the current school is still queued: pending outbox rows (this
 *    includes rows sent but not yet answered) and queued fire-drill records. The message says
 *    to connect and wait until everything is sent.
 * 2. Hold the sync lock for the whole switch, so no push or pull of the old school runs in
 *    between (a pull page of the old school landing after the reset would poison the new copy).
 * 3. Ask the server to move the session (`POST /api/auth/switch-school`).
 * 4. In ONE Dexie transaction: check the outbox again (another tab may have queued a mark while
 *    the server answered). Still empty: take the new device id (`enrolDevice`), clear the pulled
 *    copy (entries, events, roster, cursor, epoch, roster version, the office's cached lists) and
 *    keep only the switching person on the lock screen, with their role at the new school (the
 *    other people's PINs were for the old school; they sign in online again). The next sync then
 *    starts from a snapshot of the new school, exactly as after a first sign-in.
 *    Not empty: nothing local changes. The tablet keeps its old device id, so the new session
 *    refuses its pushes (`device_mismatch`) and nothing is sent to the wrong school; the session
 *    is moved back to the old school, and the person is told what happened.
 *
 * Rejected marks (refused by the old school, kept for the teacher to read) stay in the outbox:
 * they are never sent again, so they cannot reach the new school.
 */
import { z } from 'zod';
import { effectiveRole, type StaffProfile } from '../auth/deviceAuth';
import { updateDeviceAuth } from '../auth/deviceAuthStore';
import { type SessionResponse } from '../../shared/api/authSchemas';
import { switchSchool as switchSchoolEndpoint } from '../../shared/api/endpoints/dataEndpoints';
import { call, type FetchLike } from '../api/call';
import type { AppDb } from '../db/appDb';
import { deleteMeta } from '../db/meta';
import type { MetaKey } from '../db/metaRow';
import { enrolDevice } from '../sync/enrolDevice';
import { defaultSyncLock, type SyncLock } from '../sync/syncLock';
import { adminFailureMessage } from './adminRequest';

/** Meta keys other features keep per school (read here loosely: their schemas are theirs). */
const DRILL_OUTBOX_KEY = 'drillOutbox' as MetaKey;
const OFFICE_LIST_CACHE_KEY = 'officeListCache' as MetaKey;
const queueSchema = z.array(z.unknown());

export interface QueuedForSchool {
  /** Marks made here and not yet accepted by the office (including ones sent, not answered). */
  readonly marks: number;
  /** Fire-drill records waiting to be sent. */
  readonly drills: number;
}

/** What is still waiting to reach the current school. */
export async function queuedForSchool(db: AppDb): Promise<QueuedForSchool> {
  return db.transaction('r', db.outbox, db.meta, async () => {
    const marks = await db.outbox.where('status').equals('pending').count();
    const drills = queueSchema.safeParse((await db.meta.get(DRILL_OUTBOX_KEY))?.value);
    return { marks, drills: drills.success ? drills.data.length : 0 };
  });
}

/** The plain refusal shown while something is queued, or null when the tablet may switch. */
export function queuedMessage(queued: QueuedForSchool, schoolName: string): string | null {
  const parts: string[] = [];
  if (queued.marks > 0) {
    parts.push(`${queued.marks} mark${queued.marks === 1 ? '' : 's'}`);
  }
  if (queued.drills > 0) {
    parts.push(`${queued.drills} fire drill record${queued.drills === 1 ? '' : 's'}`);
  }
  if (parts.length === 0) return null;
  const what = parts.join(' and ');
  const isOne = queued.marks + queued.drills === 1;
  return `This tablet cannot switch school yet: ${what} for ${schoolName} ${isOne ? 'has' : 'have'} not reached the office. Connect to the network and wait until the status bar says all marks are sent, then try again.`;
}

export type SwitchOutcome =
  | { readonly ok: true; readonly staff: StaffProfile }
  | { readonly ok: false; readonly message: string };

export interface SwitchSchoolInput {
  readonly db: AppDb;
  readonly staff: StaffProfile;
  readonly schoolId: string;
  readonly fetch?: FetchLike;
  /** The sync engine's lock (the Web Lock `tickmark-sync` in the browser). */
  readonly lock?: SyncLock;
}

/** Moves the session and this tablet to `schoolId`; see the header for every safeguard. */
export async function switchSchool(input: SwitchSchoolInput): Promise<SwitchOutcome> {
  const lock = input.lock ?? defaultSyncLock();
  return lock.run(() => switchHoldingLock(input));
}

async function moveSession(
  input: SwitchSchoolInput,
  schoolId: string,
): Promise<{ ok: true; value: SessionResponse } | { ok: false; message: string }> {
  const answer = await call(
    switchSchoolEndpoint,
    { body: { schoolId } },
    {
      staffId: input.staff.staffId,
      ...(input.fetch === undefined ? {} : { fetch: input.fetch }),
    },
  );
  return answer.ok
    ? { ok: true, value: answer.value }
    : { ok: false, message: adminFailureMessage(answer.error) };
}

/**
 * Moves the session back to the tablet's own school. If the server gave it a device there other
 * than the one the tablet holds, the tablet takes it: it is at the school its queued marks
 * belong to, so they go where they should.
 */
async function moveBack(input: SwitchSchoolInput): Promise<boolean> {
  const back = await moveSession(input, input.staff.schoolId);
  if (!back.ok || back.value.school.id !== input.staff.schoolId) return false;
  await enrolDevice(input.db, back.value.device.id);
  return true;
}

async function switchHoldingLock(input: SwitchSchoolInput): Promise<SwitchOutcome> {
  const { db, staff, schoolId } = input;
  if (schoolId === staff.schoolId) return { ok: true, staff };

  const before = queuedMessage(await queuedForSchool(db), staff.schoolName);
  if (before !== null) return { ok: false, message: before };

  const moved = await moveSession(input, schoolId);
  if (!moved.ok) {
    return { ok: false, message: `${moved.message} The tablet is still at ${staff.schoolName}.` };
  }
  const session = moved.value;
  const role = effectiveRole(session.roles, session.school.id);
  if (session.staff.id !== staff.staffId || session.school.id !== schoolId || role === null) {
    // Not the answer asked for: touch nothing here, and put the session back where it was.
    await moveBack(input);
    return {
      ok: false,
      message: `The office server did not move you to that school, so the tablet is still at ${staff.schoolName}. Sign in online again, then try once more.`,
    };
  }

  const switched: StaffProfile = {
    ...staff,
    name: session.staff.name,
    schoolId: session.school.id,
    schoolName: session.school.name,
    role,
  };
  const adopted = await db.transaction(
    'rw',
    [db.outbox, db.meta, db.entries, db.events, db.roster],
    async () => {
      const queued = await queuedForSchool(db);
      if (queued.marks > 0 || queued.drills > 0) return queued;
      await enrolDevice(db, session.device.id);
      await db.entries.clear();
      await db.events.clear();
      await db.roster.clear();
      await deleteMeta(db, 'pullCursor', 'epoch', 'snapshotFrom', 'rosterVersion', 'lastSyncedAt');
      await db.meta.delete(OFFICE_LIST_CACHE_KEY);
      await updateDeviceAuth(db, (current) => ({
        ...current,
        staff: current.staff
          .filter((s) => s.staffId === staff.staffId)
          .map((s) => ({
            ...s,
            name: switched.name,
            schoolId: switched.schoolId,
            schoolName: switched.schoolName,
            role,
          })),
      }));
      return null;
    },
  );
  if (adopted === null) return { ok: true, staff: switched };

  // Something was queued for the old school while the server answered. Its device id is kept,
  // so the new session cannot take it; move the session back so it can be sent.
  const isBack = await moveBack(input);
  const refusal = queuedMessage(adopted, staff.schoolName) ?? '';
  return {
    ok: false,
    message: isBack
      ? `${refusal} (Something was saved on this tablet while switching, so it stayed at ${staff.schoolName}.)`
      : `${refusal} Something was saved on this tablet while switching, so it stayed at ${staff.schoolName}, but the office server could not be told: sign in online again before marking.`,
  };
}
