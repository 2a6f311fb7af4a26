/**
 * What each office endpoint answers: the today board, the chase list, first-day
 * contacts, sign-outs and the roll call they feed, fire drills, the conflicts queue and the daily
 * absentee list (JSON and CSV). Marks reach the register the only way they can: pushed by a
 * teacher's or the office's device through /api/sync/push.
 */
import { randomUUID } from 'node:crypto';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiErrorBodySchema } from '../../src/shared/api/apiErrors';
import {
  ABSENTEE_CSV_HEADINGS,
  absenteesResponseSchema,
  chaseResponseSchema,
  conflictsResponseSchema,
  contactResponseSchema,
  contactsResponseSchema,
  fireDrillResponseSchema,
  pupilSummaryResponseSchema,
  fireDrillsResponseSchema,
  resolveConflictResponseSchema,
  rollCallResponseSchema,
  signOutResponseSchema,
  signOutsResponseSchema,
  todayResponseSchema,
} from '../../src/shared/api/officeSchemas';
import { pupilEntriesResponseSchema } from '../../src/shared/api/entrySchemas';
import { routePath, ROUTES } from '../../src/shared/api/routes';
import type { z } from 'zod';
import { createTestApp } from './fixtures';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';
import {
  createSyncSchool,
  DATES,
  morningClock,
  signedInDevice,
  storedEntry,
  TODAY,
} from './syncFixtures';
import type { SyncDevice } from './syncFixtures';
import * as officeApi from '../../src/shared/api/endpoints/officeEndpoints';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(() => t.close());

async function setUp() {
  const school = await createSyncSchool(t.db);
  const { app, clock } = createTestApp(t.db, { clock: morningClock() });
  const teacher = await signedInDevice(app, school.member('teacher'), { clock });
  const office = await signedInDevice(app, school.member('office'), { clock });
  return { school, app, clock, teacher, office };
}

async function getOk<S extends z.ZodType>(device: SyncDevice, path: string, schema: S) {
  const res = await device.client.get(path);
  const body: unknown = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  return schema.parse(body) as z.output<S>;
}

async function postOk<S extends z.ZodType>(
  device: SyncDevice,
  path: string,
  json: unknown,
  schema: S,
) {
  const res = await device.client.post(path, json);
  const body: unknown = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  return schema.parse(body) as z.output<S>;
}

async function postError(device: SyncDevice, path: string, json: unknown, status: number) {
  const res = await device.client.post(path, json);
  const body: unknown = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(status);
  return apiErrorBodySchema.parse(body);
}

/** The office amends an entry it has seen, with a reason, as its outbox would. */
async function amend(
  office: SyncDevice,
  pupilId: string,
  code: string,
  reason: string,
  options: { date?: string; part?: 'AM' | 'PM' } = {},
) {
  const entry = await storedEntry(
    t.db,
    (await schoolOf(pupilId)) ?? '',
    pupilId,
    options.date,
    options.part,
  );
  const [ack] = (
    await office.pushOk([
      office.event({
        pupilId,
        code,
        reason,
        baseEventId: entry?.head_event_id ?? null,
        ...options,
      }),
    ])
  ).acks;
  expect(ack?.status).toBe('applied');
}

async function schoolOf(pupilId: string): Promise<string | undefined> {
  const { rows } = await t.db.query<{ school_id: string }>(
    'SELECT school_id FROM pupil WHERE id = $1',
    [pupilId],
  );
  return rows[0]?.school_id;
}

const todayUrl = (part: 'AM' | 'PM' = 'AM') => `${officeApi.today.path}?date=${TODAY}&part=${part}`;

describe('GET /api/office/today', () => {
  it('shows each register taken, partly taken or not taken, with counts, authors and sync time', async () => {
    const { school, clock, teacher, office } = await setUp();
    const foxes = school.groups[0]?.pupilIds ?? [];
    const [p0, p1, p2, p3, ...rest] = foxes;
    await teacher.pushOk([
      teacher.event({ pupilId: p0 ?? '', code: 'N' }),
      teacher.event({ pupilId: p1 ?? '', code: 'L', minutesLate: 5 }),
      teacher.event({ pupilId: p2 ?? '', code: 'V' }),
      ...teacher.register(rest.slice(0, 20)),
    ]);
    const firstSync = clock.now().toISOString();

    let board = await getOk(office, todayUrl(), todayResponseSchema);
    const [foxesRow, hedgehogs] = [
      board.groups.find((g) => g.groupName.startsWith('Year 3')),
      board.groups.find((g) => g.groupName.startsWith('Nursery')),
    ];
    expect(foxesRow).toMatchObject({
      status: 'partly_taken',
      registerCloses: '09:15',
      registerClosed: false,
      counts: {
        onRoll: 30,
        present: 20,
        late: 1,
        lateAfterClose: 0,
        absent: 1,
        reasonNotEstablished: 1,
        offSiteEducation: 1,
        notRequired: 0,
        unmarked: 7,
      },
      takenBy: [{ staffId: school.member('teacher').id, role: 'teacher' }],
      lastSyncedAt: firstSync,
    });
    expect(hedgehogs).toMatchObject({ status: 'not_taken', takenBy: [], lastSyncedAt: null });
    expect(hedgehogs?.counts.unmarked).toBe(5);
    expect(board.totals.onRoll).toBe(35);

    // The rest of the class arrives in the register, one of them through the office's late book
    // after the register closed; the board follows as devices sync.
    clock.set('2025-03-04T09:20:00.000Z');
    await teacher.pushOk(teacher.register(rest.slice(20)));
    await office.pushOk([
      office.event({
        pupilId: p3 ?? '',
        code: 'U',
        minutesLate: 35,
        arrivedAt: '2025-03-04T09:20:00.000Z',
      }),
    ]);
    board = await getOk(office, todayUrl(), todayResponseSchema);
    const after = board.groups.find((g) => g.groupId === school.groups[0]?.id);
    expect(after?.status).toBe('taken');
    expect(after?.registerClosed).toBe(true);
    expect(after?.counts).toMatchObject({ present: 26, lateAfterClose: 1, unmarked: 0 });
    expect(after?.takenBy.map((a) => a.name)).toEqual([
      school.member('teacher').name,
      school.member('office').name,
    ]);
    expect(after?.lastSyncedAt).toBe('2025-03-04T09:20:00.000Z');
  });

  it('reports no session on a closed day and refuses a bad query', async () => {
    const { office } = await setUp();
    const board = await getOk(
      office,
      `${officeApi.today.path}?date=${DATES.inset}&part=AM`,
      todayResponseSchema,
    );
    expect(board.groups.every((g) => g.status === 'no_session')).toBe(true);
    const res = await office.client.get(`${officeApi.today.path}?date=yesterday&part=AM`);
    expect(res.status).toBe(400);
  });
});

describe('GET /api/office/chase', () => {
  it('lists every N oldest first, with days outstanding, overdue, runs and contact status', async () => {
    const { school, teacher, office } = await setUp();
    const [a, b, c] = [school.pupil(0), school.pupil(1), school.pupil(2)];
    // b: one N six school days ago (overdue: 5 allowed). a: a run of three sessions.
    // c: two N with a present afternoon between them, so two runs.
    await teacher.pushOk([
      teacher.event({ pupilId: b, date: '2025-02-24', code: 'N' }),
      teacher.event({ pupilId: a, date: DATES.yesterday, part: 'AM', code: 'N' }),
      teacher.event({ pupilId: a, date: DATES.yesterday, part: 'PM', code: 'N' }),
      teacher.event({ pupilId: a, date: TODAY, part: 'AM', code: 'N' }),
      teacher.event({ pupilId: c, date: DATES.yesterday, part: 'AM', code: 'N' }),
      teacher.event({ pupilId: c, date: DATES.yesterday, part: 'PM', code: '\\' }),
      teacher.event({ pupilId: c, date: TODAY, part: 'AM', code: 'N' }),
      teacher.event({ pupilId: school.pupil(3), code: '/' }),
    ]);
    await postOk(
      office,
      officeApi.listContacts.path,
      { pupilId: a, session: { date: DATES.yesterday, part: 'AM' }, method: 'no_answer' },
      contactResponseSchema,
    );

    const chase = await getOk(office, officeApi.chase.path, chaseResponseSchema);
    expect(chase.today).toBe(TODAY);
    expect(chase.nResolveSchoolDays).toBe(5);
    expect(chase.items.map((i) => [i.pupilId, i.session.date, i.session.part])).toEqual([
      [b, '2025-02-24', 'AM'],
      [a, DATES.yesterday, 'AM'],
      [a, DATES.yesterday, 'PM'],
      [a, TODAY, 'AM'],
      [c, DATES.yesterday, 'AM'],
      [c, TODAY, 'AM'],
    ]);
    const [old, a1, a2, a3, c1, c2] = chase.items;
    expect(old).toMatchObject({
      schoolDaysOutstanding: 6,
      overdue: true,
      deadline: '2025-03-03',
      estimate: false,
    });
    expect(old?.contact).toBeNull();
    expect(a1).toMatchObject({
      schoolDaysOutstanding: 1,
      overdue: false,
      runIndex: 0,
      runLength: 3,
    });
    expect(a1?.contact).toMatchObject({
      method: 'no_answer',
      attempts: 1,
      by: { staffId: school.member('office').id, role: 'office' },
    });
    expect([a2?.runId, a3?.runId]).toEqual([a1?.runId, a1?.runId]);
    expect([a2?.runIndex, a3?.runIndex]).toEqual([1, 2]);
    expect(a3?.schoolDaysOutstanding).toBe(0);
    expect(c1?.runLength).toBe(1);
    expect(c2?.runLength).toBe(1);
    expect(c1?.runId).not.toBe(c2?.runId);
    expect(a1?.headEventId).toBe(
      (await storedEntry(t.db, school.id, a, DATES.yesterday, 'AM'))?.head_event_id,
    );
    expect(a1?.pupilName).toBe('Pupil1 Surname001');
    expect(a1?.groupId).toBe(school.groups[0]?.id);

    // Once the office gives the reason, the N leaves the list.
    await amend(office, b, 'O', 'No reason given within five school days', { date: '2025-02-24' });
    const after = await getOk(office, officeApi.chase.path, chaseResponseSchema);
    expect(after.items.some((i) => i.pupilId === b)).toBe(false);
  });
});

describe('GET /api/office/pupils/:id/summary', () => {
  it("counts the pupil's term and year so far by the domain's statistics", async () => {
    const { school, teacher, office } = await setUp();
    const [a, b] = [school.pupil(0), school.pupil(1)];
    await teacher.pushOk([
      // Spring 1: present once (and absent ill once, below, from the office).
      teacher.event({ pupilId: a, date: '2025-02-03', part: 'AM', code: '/' }),
      // Spring 2 (today's term): N, present, late before and after the close.
      teacher.event({ pupilId: a, date: '2025-02-24', part: 'AM', code: 'N' }),
      teacher.event({ pupilId: a, date: '2025-02-25', part: 'PM', code: '\\' }),
      teacher.event({ pupilId: a, date: DATES.yesterday, part: 'AM', code: 'L', minutesLate: 5 }),
      teacher.event({ pupilId: a, date: DATES.yesterday, part: 'PM', code: 'U', minutesLate: 40 }),
      teacher.event({ pupilId: b, date: TODAY, part: 'AM', code: 'N' }),
    ]);
    await office.pushOk([office.event({ pupilId: a, date: '2025-02-03', part: 'PM', code: 'I' })]);
    const path = routePath(officeApi.pupilSummary.path, { id: a });
    const summary = await getOk(office, path, pupilSummaryResponseSchema);
    expect(summary).toEqual({
      pupilId: a,
      today: TODAY,
      term: {
        name: 'Spring 2',
        from: '2025-02-24',
        to: TODAY,
        possible: 4,
        attended: 2,
        attendancePercent: 50,
        unexplained: 1,
        lates: 2,
      },
      year: {
        name: 'This year',
        from: '2024-09-01',
        to: TODAY,
        possible: 6,
        attended: 3,
        attendancePercent: 50,
        unexplained: 1,
        lates: 2,
      },
    });
  });

  it("names each device in the pupil's history: the admin's name, else the sign-in label", async () => {
    const { school, teacher, office } = await setUp();
    const a = school.pupil(0);
    await teacher.pushOk([teacher.event({ pupilId: a, code: 'N' })]);
    await amend(office, a, 'I', 'Parent phoned 08:55');
    await t.db.query("UPDATE device SET name = 'Class 3 tablet' WHERE device_id = $1", [
      teacher.deviceId,
    ]);
    const path = `${routePath(ROUTES.pupilEntries, { id: a })}?from=${TODAY}&to=${TODAY}`;
    const answer = await getOk(office, path, pupilEntriesResponseSchema);
    expect(answer.entries[0]?.events.map((e) => [e.code, e.deviceId, e.deviceName])).toEqual([
      ['N', teacher.deviceId, 'Class 3 tablet'],
      ['I', office.deviceId, 'Class tablet'],
    ]);
  });

  it('answers 404 for a pupil the school does not have, and 400 for a bad date', async () => {
    const { office } = await setUp();
    const missing = await office.client.get(
      routePath(officeApi.pupilSummary.path, { id: randomUUID() }),
    );
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      message: 'This school has no pupil with that id.',
    });
    const bad = await office.client.get(
      `${routePath(officeApi.pupilSummary.path, { id: randomUUID() })}?today=04/03/2025`,
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ reason: 'invalid_request' });
  });
});

describe('GET /api/office/chase past the configured calendar', () => {
  it('computes the deadline from weekdays less bank holidays and says it is an estimate', async () => {
    const { school, office } = await setUp();
    // The last configured term ends on Friday 24 October 2025; nothing after it is entered.
    // The office pre-enters N for the Thursday before (a known unexplained absence).
    const pupil = school.pupil(0);
    await office.pushOk([office.event({ pupilId: pupil, date: '2025-10-23', code: 'N' })]);

    const inTerm = await getOk(
      office,
      `${officeApi.chase.path}?today=2025-10-24`,
      chaseResponseSchema,
    );
    expect(inTerm.items[0]).toMatchObject({
      schoolDaysOutstanding: 1,
      deadline: '2025-10-30',
      estimate: true,
      overdue: false,
    });

    const later = await getOk(
      office,
      `${officeApi.chase.path}?today=2025-10-31`,
      chaseResponseSchema,
    );
    expect(later.items[0]).toMatchObject({
      schoolDaysOutstanding: 6,
      deadline: '2025-10-30',
      estimate: true,
      overdue: true,
    });
  });
});

describe('first-day contacts', () => {
  it('records who tried and when by the server clock, and lists by day or pupil', async () => {
    const { school, clock, office } = await setUp();
    const pupil = school.pupil(4);
    const id = randomUUID();
    const first = await postOk(
      office,
      officeApi.listContacts.path,
      {
        id,
        pupilId: pupil,
        session: { date: TODAY, part: 'AM' },
        method: 'called',
        note: 'Mum says a tummy bug',
      },
      contactResponseSchema,
    );
    expect(first.contact).toMatchObject({
      id,
      pupilId: pupil,
      pupilName: 'Pupil5 Surname005',
      method: 'called',
      note: 'Mum says a tummy bug',
      by: {
        staffId: school.member('office').id,
        name: school.member('office').name,
        role: 'office',
      },
      at: clock.now().toISOString(),
    });
    // The same request again (a retry) records nothing new.
    clock.advance(60_000);
    const again = await postOk(
      office,
      officeApi.listContacts.path,
      {
        id,
        pupilId: pupil,
        session: { date: TODAY, part: 'AM' },
        method: 'called',
        note: 'Mum says a tummy bug',
      },
      contactResponseSchema,
    );
    expect(again.contact).toEqual(first.contact);
    await postOk(
      office,
      officeApi.listContacts.path,
      { pupilId: pupil, session: { date: DATES.yesterday, part: 'PM' }, method: 'texted' },
      contactResponseSchema,
    );

    const byDay = await getOk(
      office,
      `${officeApi.listContacts.path}?date=${TODAY}`,
      contactsResponseSchema,
    );
    expect(byDay.contacts.map((c) => c.method)).toEqual(['called']);
    const byPupil = await getOk(
      office,
      `${officeApi.listContacts.path}?pupilId=${pupil}`,
      contactsResponseSchema,
    );
    expect(byPupil.contacts.map((c) => c.method)).toEqual(['called', 'texted']);
  });

  it('refuses an unknown method and a list without a filter', async () => {
    const { school, office } = await setUp();
    const error = await postError(
      office,
      officeApi.listContacts.path,
      { pupilId: school.pupil(0), session: { date: TODAY, part: 'AM' }, method: 'pigeon' },
      400,
    );
    expect(error.message).toMatch(/method/);
    expect((await office.client.get(officeApi.listContacts.path)).status).toBe(400);
  });
});

describe('sign-outs and the fire roll call', () => {
  it('subtracts a pupil who signed out until they come back', async () => {
    const { school, clock, teacher, office } = await setUp();
    const foxes = school.groups[0]?.pupilIds ?? [];
    const [leaver, tripper, unknown, late, veryLate, ...present] = foxes;
    await teacher.pushOk([
      teacher.event({ pupilId: tripper ?? '', code: 'V' }),
      teacher.event({ pupilId: unknown ?? '', code: 'N' }),
      ...teacher.register([leaver ?? '', ...present]),
    ]);
    // Late book: one minute before the register closes → L; at the close → U. Both are in.
    clock.set('2025-03-04T09:14:00.000Z');
    await office.pushOk([
      office.event({
        pupilId: late ?? '',
        code: 'L',
        minutesLate: 29,
        arrivedAt: '2025-03-04T09:14:00.000Z',
      }),
    ]);
    clock.set('2025-03-04T09:15:00.000Z');
    await office.pushOk([
      office.event({
        pupilId: veryLate ?? '',
        code: 'U',
        minutesLate: 30,
        arrivedAt: '2025-03-04T09:15:00.000Z',
      }),
    ]);

    clock.set('2025-03-04T10:05:00.000Z');
    const { signOut } = await postOk(
      office,
      officeApi.listSignOuts.path,
      {
        pupilId: leaver,
        at: '2025-03-04T10:00:00.000Z',
        reason: 'Orthodontist',
        collectedBy: 'Grandad (Mr Patel)',
      },
      signOutResponseSchema,
    );
    expect(signOut).toMatchObject({
      pupilId: leaver,
      date: TODAY,
      reason: 'Orthodontist',
      collectedBy: 'Grandad (Mr Patel)',
      returnedAt: null,
      recordedBy: { staffId: school.member('office').id },
      recordedAt: '2025-03-04T10:05:00.000Z',
    });
    // Signing out again before the return is refused with a message that says what to do.
    const twice = await postError(
      office,
      officeApi.listSignOuts.path,
      { pupilId: leaver, at: '2025-03-04T10:06:00.000Z', reason: 'Again' },
      400,
    );
    expect(twice.message).toMatch(/already signed out.*Record their return first/);

    clock.set('2025-03-04T10:30:00.000Z');
    const url = `${officeApi.rollCall.path}?date=${TODAY}&part=AM`;
    const first = await getOk(office, url, rollCallResponseSchema);
    const foxesCall = first.rollCall.groups.find((g) => g.groupId === school.groups[0]?.id);
    const line = (id: string | undefined) => foxesCall?.lines.find((l) => l.pupilId === id);
    expect(line(leaver)).toMatchObject({ whereabouts: 'signed_out', signedOutAt: signOut.at });
    expect(line(tripper)?.whereabouts).toBe('off_site');
    expect(line(unknown)?.whereabouts).toBe('unknown');
    expect(line(late)).toMatchObject({ whereabouts: 'on_site', code: 'L' });
    expect(line(veryLate)).toMatchObject({
      whereabouts: 'on_site',
      basis: 'arrived_after_close',
      arrivedAt: '2025-03-04T09:15:00.000Z',
    });
    expect(foxesCall?.counts).toEqual({ onSite: 27, offSite: 1, signedOut: 1, unknown: 1 });
    expect(first.rollCall.at).toBe('2025-03-04T10:30:00.000Z');
    expect(first.signOuts.map((s) => s.id)).toEqual([signOut.id]);
    const nursery = first.rollCall.groups.find((g) => g.groupId === school.groups[1]?.id);
    expect(nursery?.counts.unknown).toBe(5);

    const back = await postOk(
      office,
      routePath(officeApi.recordReturn.path, { id: signOut.id }),
      { at: '2025-03-04T10:45:00.000Z' },
      signOutResponseSchema,
    );
    expect(back.signOut.returnedAt).toBe('2025-03-04T10:45:00.000Z');
    expect(back.signOut.returnRecordedBy?.staffId).toBe(school.member('office').id);
    // The roll call at a moment before the return still counts them out; after it, in.
    const during = await getOk(
      office,
      `${url}&at=2025-03-04T10:40:00.000Z`,
      rollCallResponseSchema,
    );
    expect(during.rollCall.totals.signedOut).toBe(1);
    clock.set('2025-03-04T11:00:00.000Z');
    const after = await getOk(office, url, rollCallResponseSchema);
    expect(after.rollCall.totals).toMatchObject({ onSite: 28, signedOut: 0 });

    const list = await getOk(
      office,
      `${officeApi.listSignOuts.path}?date=${TODAY}`,
      signOutsResponseSchema,
    );
    expect(list.signOuts).toHaveLength(1);
    expect(list.signOuts[0]?.returnedAt).toBe('2025-03-04T10:45:00.000Z');
  });

  it('refuses a return before the pupil left', async () => {
    const { school, clock, office } = await setUp();
    clock.set('2025-03-04T10:05:00.000Z');
    const { signOut } = await postOk(
      office,
      officeApi.listSignOuts.path,
      { pupilId: school.pupil(0), at: '2025-03-04T10:00:00.000Z', reason: 'Unwell, sent home' },
      signOutResponseSchema,
    );
    const error = await postError(
      office,
      routePath(officeApi.recordReturn.path, { id: signOut.id }),
      { at: '2025-03-04T09:00:00.000Z' },
      400,
    );
    expect(error.message).toMatch(/before the pupil left/);
  });
});

describe('fire drills', () => {
  it('records who was accounted for and who was missing, and lists past drills', async () => {
    const { school, clock, office } = await setUp();
    clock.set('2025-03-04T10:20:00.000Z');
    const id = randomUUID();
    const body = {
      id,
      session: { date: TODAY, part: 'AM' },
      startedAt: '2025-03-04T10:00:00.000Z',
      endedAt: '2025-03-04T10:09:00.000Z',
      accountedFor: [school.pupil(0), school.pupil(1)],
      missing: [school.pupil(2)],
      notes: 'Pupil3 was in the toilets; found by 10:06.',
    };
    const { drill } = await postOk(
      office,
      officeApi.listFireDrills.path,
      body,
      fireDrillResponseSchema,
    );
    expect(drill).toMatchObject({
      id,
      session: { date: TODAY, part: 'AM' },
      notes: body.notes,
      recordedBy: { staffId: school.member('office').id, role: 'office' },
      recordedAt: '2025-03-04T10:20:00.000Z',
    });
    expect(drill.accountedFor.map((p) => p.pupilId)).toEqual([school.pupil(0), school.pupil(1)]);
    expect(drill.missing).toEqual([
      { pupilId: school.pupil(2), name: 'Surname003, Pupil3', groupName: school.groups[0]?.name },
    ]);
    // Sent again (a retry), it is the same drill.
    const again = await postOk(
      office,
      officeApi.listFireDrills.path,
      body,
      fireDrillResponseSchema,
    );
    expect(again.drill).toEqual(drill);
    const { drills } = await getOk(office, officeApi.listFireDrills.path, fireDrillsResponseSchema);
    expect(drills.map((d) => d.id)).toEqual([id]);

    const both = await postError(
      office,
      officeApi.listFireDrills.path,
      { ...body, id: randomUUID(), missing: [school.pupil(0)] },
      400,
    );
    expect(both.message).toMatch(/both accounted for and missing/);
  });
});

describe('the conflicts queue', () => {
  it('lists conflicting, superseded and flagged marks with both sides until each is resolved', async () => {
    const { school, app, clock, teacher, office } = await setUp();
    const teacher2 = await signedInDevice(app, school.member('teacher2'), { clock });
    const [p0, p1, p2] = [school.pupil(0), school.pupil(1), school.pupil(2)];
    // p0: two teachers disagree at the same time (conflict).
    const [t1] = (await teacher.pushOk([teacher.event({ pupilId: p0, code: '/' })])).acks;
    clock.advance(60_000);
    const [t2] = (await teacher2.pushOk([teacher2.event({ pupilId: p0, code: 'N' })])).acks;
    expect(t2?.status).toBe('conflict');
    // p1: the office amends, then a teacher's offline mark arrives (superseded).
    await teacher.pushOk([teacher.event({ pupilId: p1, code: 'N' })]);
    await amend(office, p1, 'M', 'Dentist — letter seen');
    const [late] = (await teacher2.pushOk([teacher2.event({ pupilId: p1, code: '/' })])).acks;
    expect(late?.status).toBe('superseded');
    // p2: the office overrides a mark it never saw (applied, flagged).
    const [mark] = (await teacher.pushOk([teacher.event({ pupilId: p2, code: 'N' })])).acks;
    const [blind] = (
      await office.pushOk([office.event({ pupilId: p2, code: 'I', reason: 'Parent phoned 08:55' })])
    ).acks;
    expect(blind?.status).toBe('applied');
    expect(blind?.entry?.needsReview).toBe(true);

    const { conflicts } = await getOk(
      office,
      officeApi.listConflicts.path,
      conflictsResponseSchema,
    );
    expect(conflicts.map((c) => [c.eventId, c.status, c.flagged])).toEqual([
      [t2?.eventId, 'conflict', false],
      [late?.eventId, 'superseded', false],
      [blind?.eventId, 'applied', true],
    ]);
    const [conflict, superseded, flagged] = conflicts;
    expect(conflict).toMatchObject({
      pupilId: p0,
      pupilName: 'Pupil1 Surname001',
      groupId: school.groups[0]?.id,
      session: { date: TODAY, part: 'AM' },
      mark: { code: 'N', by: { staffId: school.member('teacher2').id, role: 'teacher' } },
      other: { eventId: t1?.eventId, code: '/', by: { staffId: school.member('teacher').id } },
      headEventId: t1?.eventId,
      currentCode: '/',
    });
    expect(conflict?.mark.receivedAt).toBe('2025-03-04T08:51:00.000Z');
    // Each side names its device (here the label the tablets gave at sign-in).
    expect([conflict?.mark.deviceName, conflict?.other?.deviceName]).toEqual([
      'Class tablet',
      'Class tablet',
    ]);
    expect(conflict?.other?.receivedAt).toBe('2025-03-04T08:50:00.000Z');
    expect(conflict?.detail).toMatch(/office will review/);
    expect(superseded).toMatchObject({
      mark: { code: '/' },
      other: { code: 'M', reason: 'Dentist — letter seen', by: { role: 'office' } },
      currentCode: 'M',
    });
    expect(flagged).toMatchObject({
      mark: { code: 'I', reason: 'Parent phoned 08:55' },
      other: { eventId: mark?.eventId, code: 'N' },
      headEventId: blind?.eventId,
    });

    // A decision needs a note; with one it is recorded and the item leaves the queue.
    const resolveUrl = routePath(officeApi.resolveConflict.path, { eventId: t2?.eventId ?? '' });
    const noNote = await postError(office, resolveUrl, { choice: 'kept_current', note: '  ' }, 400);
    expect(noNote.message).toMatch(/note/);
    clock.set('2025-03-04T09:30:00.000Z');
    const resolved = await postOk(
      office,
      resolveUrl,
      { choice: 'kept_current', note: 'Mrs Khan confirms Pupil1 was in class' },
      resolveConflictResponseSchema,
    );
    expect(resolved).toEqual({
      alreadyResolved: false,
      resolution: {
        eventId: t2?.eventId,
        choice: 'kept_current',
        note: 'Mrs Khan confirms Pupil1 was in class',
        by: {
          staffId: school.member('office').id,
          name: school.member('office').name,
          role: 'office',
        },
        at: '2025-03-04T09:30:00.000Z',
      },
    });
    const repeat = await postOk(
      office,
      resolveUrl,
      { choice: 'took_other', note: 'Second thoughts' },
      resolveConflictResponseSchema,
    );
    expect(repeat).toEqual({ ...resolved, alreadyResolved: true });
    const open = await getOk(office, officeApi.listConflicts.path, conflictsResponseSchema);
    expect(open.conflicts.map((c) => c.eventId)).toEqual([late?.eventId, blind?.eventId]);

    // An ordinary applied mark is not waiting for a decision.
    const notQueued = await postError(
      office,
      routePath(officeApi.resolveConflict.path, { eventId: t1?.eventId ?? '' }),
      { choice: 'kept_current', note: 'Nothing to decide' },
      404,
    );
    expect(notQueued.reason).toBe('not_found');
  });
});

describe('the daily absentee list', () => {
  it('lists absences, N and pupils unmarked after the register closed, as JSON and CSV', async () => {
    const { school, clock, teacher, office } = await setUp();
    const foxes = school.groups[0]?.pupilIds ?? [];
    const [ill, noReason, arrivedLate, ...rest] = foxes;
    await teacher.pushOk([
      teacher.event({ pupilId: ill ?? '', code: 'N' }),
      teacher.event({ pupilId: noReason ?? '', code: 'N' }),
      ...teacher.register(rest),
    ]);
    clock.set('2025-03-04T09:20:00.000Z');
    // A reason that starts like a spreadsheet formula (a phone number).
    await amend(office, ill ?? '', 'I', '+44 7700 900123 rang: illness');
    await office.pushOk([
      office.event({
        pupilId: arrivedLate ?? '',
        code: 'U',
        minutesLate: 35,
        arrivedAt: '2025-03-04T09:20:00.000Z',
      }),
    ]);
    await postOk(
      office,
      officeApi.listContacts.path,
      {
        pupilId: noReason,
        session: { date: TODAY, part: 'AM' },
        method: 'called',
        note: '=SUM(A1)',
      },
      contactResponseSchema,
    );

    const list = await getOk(
      office,
      `${officeApi.absentees.path}?date=${TODAY}`,
      absenteesResponseSchema,
    );
    // The nursery (5 pupils, register closed at 09:15) is unmarked; the afternoon has not closed.
    const foxesRows = list.absentees.filter((a) => a.groupId === school.groups[0]?.id);
    expect(foxesRows.map((a) => [a.pupilId, a.code, a.reason])).toEqual([
      [ill, 'I', '+44 7700 900123 rang: illness'],
      [noReason, 'N', null],
    ]);
    expect(foxesRows[0]?.meaning).toBe('Illness');
    expect(foxesRows[1]?.contact).toMatchObject({ method: 'called', attempts: 1 });
    const nursery = list.absentees.filter((a) => a.groupId === school.groups[1]?.id);
    expect(nursery).toHaveLength(5);
    expect(nursery.every((a) => a.code === null && a.session.part === 'AM')).toBe(true);

    const res = await office.client.get(`${officeApi.absenteesCsv.path}?date=${TODAY}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="absentees-${TODAY}.csv"`,
    );
    const text = (await res.text()).replace(/^\uFEFF/, '');
    const parsed = Papa.parse<string[]>(text.trim());
    expect(parsed.data[0]).toEqual([...ABSENTEE_CSV_HEADINGS]);
    expect(parsed.data).toHaveLength(1 + 2 + 5);
    // Groups in name order: the nursery's five unmarked pupils, then the two in Year 3.
    expect(parsed.data[1]?.slice(2, 6)).toEqual([
      school.groups[1]?.name,
      'Surname031, Pupil31',
      '',
      'No mark after the register closed',
    ]);
    expect(parsed.data[6]).toEqual([
      '04/03/2025',
      'AM',
      school.groups[0]?.name,
      'Surname001, Pupil1',
      'I',
      'Illness',
      // Escaped, so a spreadsheet shows it as text rather than running it.
      "'+44 7700 900123 rang: illness",
      'Not yet contacted',
      '',
      '',
    ]);
    expect(parsed.data[7]?.[7]).toBe('Called: =SUM(A1)');
    expect(parsed.data[7]?.[8]).toBe(school.member('office').name);
    expect(parsed.data[7]?.[9]).toBe('04/03/2025 09:20');
  });
});
