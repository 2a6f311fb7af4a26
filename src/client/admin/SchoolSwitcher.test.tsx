import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionResponseSchema, type SessionResponse } from '../../shared/api/authSchemas';
import { schoolListResponseSchema } from '../../shared/api/dataSchemas';
import { recordMark } from '../marks/recordMark';
import type { StaffProfile } from '../auth/deviceAuth';
import { readDeviceAuth, updateDeviceAuth } from '../auth/deviceAuthStore';
import { putRoster, SCHOOL_ID } from '../ui/screens.fixture';
import type { AppDb } from '../db/appDb';
import { getMeta, setMeta } from '../db/meta';
import type { SyncLock } from '../sync/syncLock';
import {
  DEVICE_ID,
  freshDb,
  MONDAY_AM,
  OTHER_DEVICE_ID,
  PUPIL,
  TEACHER,
} from '../testSupport.fixture';
import {
  ADMIN,
  adminProfile,
  fakeAdminServer,
  ok,
  PIN,
  refused,
  type Handler,
} from './adminServer.fixture';
import { SchoolSwitcher } from './SchoolSwitcher';
import { switchSchool } from './switchSchool';
import * as dataApi from '../../shared/api/endpoints/dataEndpoints';

const OTHER_SCHOOL_ID = '00000000-0000-4000-8000-00000000f0a2';
const ORGANISATION = { id: '00000000-0000-4000-8000-00000000f001', name: 'Test Trust' };

let db: AppDb;
afterEach(() => {
  cleanup();
  db.close();
});

function schoolList(count: 1 | 2) {
  return ok(schoolListResponseSchema, {
    organisation: ORGANISATION,
    schools: [
      {
        id: SCHOOL_ID,
        name: 'Test Primary',
        dfeNumber: '9991001',
        timeZone: 'Europe/London',
        roles: ['admin'],
        current: true,
      },
      ...(count === 2
        ? [
            {
              id: OTHER_SCHOOL_ID,
              name: 'Hillside Academy',
              dfeNumber: '9991002',
              timeZone: 'Europe/London',
              roles: ['office' as const],
              current: false,
            },
          ]
        : []),
    ],
  });
}

function sessionAt(schoolId: string, deviceId: string): SessionResponse {
  return sessionResponseSchema.parse({
    staff: { id: ADMIN.staffId, name: ADMIN.name, email: 'sam.admin@school.example' },
    roles: [
      { schoolId: SCHOOL_ID, schoolName: 'Test Primary', role: 'admin' },
      { schoolId: OTHER_SCHOOL_ID, schoolName: 'Hillside Academy', role: 'office' },
    ],
    device: { id: deviceId },
    school: {
      id: schoolId,
      name: schoolId === SCHOOL_ID ? 'Test Primary' : 'Hillside Academy',
    },
    expiresAt: '2025-10-06T21:00:00.000Z',
  });
}

/** A tablet at Test Primary: enrolled, a pulled copy, the admin and a teacher able to unlock. */
async function tabletAtTestPrimary(): Promise<AppDb> {
  const tablet = freshDb();
  await putRoster(tablet);
  await setMeta(tablet, 'deviceId', DEVICE_ID);
  await setMeta(tablet, 'nextWireSeq', 8);
  await setMeta(tablet, 'pullCursor', 120);
  await setMeta(tablet, 'epoch', '00000000-0000-4000-8000-0000000ee001');
  await setMeta(tablet, 'rosterVersion', 3);
  const teacher: StaffProfile = {
    ...adminProfile(),
    staffId: TEACHER.staffId,
    name: TEACHER.name,
    role: 'teacher',
  };
  await updateDeviceAuth(tablet, (current) => ({
    ...current,
    staff: [adminProfile(), teacher],
  }));
  return tablet;
}

async function queueMark(tablet: AppDb): Promise<void> {
  const queued = await recordMark(
    tablet,
    { pupilId: PUPIL.ada, session: MONDAY_AM, code: '/', actor: TEACHER },
    {
      clock: { now: () => Date.parse('2025-09-08T07:50:00Z') },
      newEventId: () => crypto.randomUUID(),
    },
  );
  expect(queued.ok).toBe(true);
}

/** Answers the school list, and moves the session as asked (Hillside gets a new device). */
function trustServer(onSwitch?: (schoolId: string) => Promise<void>) {
  const handler: Handler = async (request) => {
    if (request.path === dataApi.listSchools.path) return schoolList(2);
    if (request.path === dataApi.switchSchool.path) {
      const { schoolId } = request.body as { schoolId: string };
      await onSwitch?.(schoolId);
      return ok(
        sessionResponseSchema,
        sessionAt(schoolId, schoolId === SCHOOL_ID ? DEVICE_ID : OTHER_DEVICE_ID),
      );
    }
    return refused(404, 'not_found', 'No such endpoint.');
  };
  return fakeAdminServer(handler);
}

const switches = (requests: readonly { path: string; body: unknown }[]) =>
  requests.filter((r) => r.path === dataApi.switchSchool.path).map((r) => r.body);

describe('the school switcher', { timeout: 30_000 }, () => {
  it('is not shown to someone with a role at one school only', async () => {
    db = await tabletAtTestPrimary();
    const server = fakeAdminServer(() => schoolList(1));
    render(
      <SchoolSwitcher db={db} staff={adminProfile()} fetch={server.fetch} onSwitched={vi.fn()} />,
    );
    await waitFor(() => expect(server.requests).toHaveLength(1));
    expect(screen.queryByRole('button', { name: 'Switch school' })).not.toBeInTheDocument();
  });

  it('refuses to switch while marks for this school are still queued, and changes nothing', async () => {
    db = await tabletAtTestPrimary();
    await queueMark(db);
    const server = trustServer();
    const onSwitched = vi.fn();
    const user = userEvent.setup();
    render(
      <SchoolSwitcher
        db={db}
        staff={adminProfile()}
        fetch={server.fetch}
        onSwitched={onSwitched}
      />,
    );

    await user.click(await screen.findByRole('button', { name: 'Switch school' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This tablet cannot switch school yet: 1 mark for Test Primary has not reached the office. Connect to the network and wait until the status bar says all marks are sent, then try again.',
    );
    expect(screen.getByRole('button', { name: 'Switch to Hillside Academy' })).toBeDisabled();

    // Called directly too (another tab, a stale screen): still refused before asking the server.
    const outcome = await switchSchool({
      db,
      staff: adminProfile(),
      schoolId: OTHER_SCHOOL_ID,
      fetch: server.fetch,
    });
    expect(outcome).toEqual({
      ok: false,
      message: expect.stringContaining(
        '1 mark for Test Primary has not reached the office',
      ) as string,
    });
    expect(switches(server.requests)).toEqual([]);
    expect(onSwitched).not.toHaveBeenCalled();
    expect(await getMeta(db, 'deviceId')).toBe(DEVICE_ID);
    expect(await getMeta(db, 'pullCursor')).toBe(120);
    expect(await db.roster.count()).toBe(1);
    expect(await db.outbox.where('status').equals('pending').count()).toBe(1);
  });

  it('with nothing queued, moves the tablet as a first sign-in at the new school would', async () => {
    db = await tabletAtTestPrimary();
    const server = trustServer();
    const onSwitched = vi.fn();
    let lockRuns = 0;
    const lock: SyncLock = {
      run: (task) => {
        lockRuns += 1;
        return task();
      },
    };
    const user = userEvent.setup();
    render(
      <SchoolSwitcher
        db={db}
        staff={adminProfile()}
        fetch={server.fetch}
        onSwitched={onSwitched}
        lock={lock}
      />,
    );

    await user.click(await screen.findByRole('button', { name: 'Switch school' }));
    expect(
      screen.getByText(/Switching removes Test Primary’s registers from this tablet/),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Switch to Hillside Academy' }));

    await waitFor(() => expect(onSwitched).toHaveBeenCalledTimes(1));
    expect(onSwitched).toHaveBeenCalledWith(
      expect.objectContaining({
        staffId: ADMIN.staffId,
        schoolId: OTHER_SCHOOL_ID,
        schoolName: 'Hillside Academy',
        role: 'office',
        pin: PIN,
      }),
    );
    expect(lockRuns).toBe(1);
    expect(switches(server.requests)).toEqual([{ schoolId: OTHER_SCHOOL_ID }]);
    // Enrolled under the new school's device: the wire numbering starts again.
    expect(await getMeta(db, 'deviceId')).toBe(OTHER_DEVICE_ID);
    expect(await getMeta(db, 'nextWireSeq')).toBe(1);
    // The old school's pulled copy is gone; the next sync starts from a snapshot.
    expect(await getMeta(db, 'pullCursor')).toBeUndefined();
    expect(await getMeta(db, 'epoch')).toBeUndefined();
    expect(await getMeta(db, 'rosterVersion')).toBeUndefined();
    expect(await db.roster.count()).toBe(0);
    // Only the person who switched can unlock it now, with their role at the new school.
    const auth = await readDeviceAuth(db);
    expect(auth.staff.map((s) => [s.name, s.schoolName, s.role])).toEqual([
      [ADMIN.name, 'Hillside Academy', 'office'],
    ]);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('a mark queued in another tab while the server answered keeps the tablet at its school', async () => {
    db = await tabletAtTestPrimary();
    let isFirst = true;
    const server = trustServer(async () => {
      if (!isFirst) return;
      isFirst = false;
      await queueMark(db);
    });

    const outcome = await switchSchool({
      db,
      staff: adminProfile(),
      schoolId: OTHER_SCHOOL_ID,
      fetch: server.fetch,
    });

    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.message).toContain(
      'Something was saved on this tablet while switching, so it stayed at Test Primary.',
    );
    // The session went to Hillside and straight back; the tablet never took Hillside's device.
    expect(switches(server.requests)).toEqual([
      { schoolId: OTHER_SCHOOL_ID },
      { schoolId: SCHOOL_ID },
    ]);
    expect(await getMeta(db, 'deviceId')).toBe(DEVICE_ID);
    expect(await getMeta(db, 'nextWireSeq')).toBe(8);
    expect(await getMeta(db, 'pullCursor')).toBe(120);
    expect(await db.roster.count()).toBe(1);
    expect((await readDeviceAuth(db)).staff).toHaveLength(2);
    expect(await db.outbox.where('status').equals('pending').count()).toBe(1);
  });

  it('when the server refuses, the tablet stays where it was and says why', async () => {
    db = await tabletAtTestPrimary();
    const server = fakeAdminServer((request) =>
      request.path === dataApi.listSchools.path
        ? schoolList(2)
        : refused(403, 'no_school_role', 'You do not have a role at that school.'),
    );
    const outcome = await switchSchool({
      db,
      staff: adminProfile(),
      schoolId: OTHER_SCHOOL_ID,
      fetch: server.fetch,
    });
    expect(outcome).toEqual({
      ok: false,
      message: 'You do not have a role at that school. The tablet is still at Test Primary.',
    });
    expect(await getMeta(db, 'deviceId')).toBe(DEVICE_ID);
    expect(await db.roster.count()).toBe(1);
  });
});
