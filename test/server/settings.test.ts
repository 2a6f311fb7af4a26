/**
 * The school's settings as versions (docs/api.md, "Settings"; docs/design.md §2.1): who may read,
 * preview and save them; every refusal says what to fix and writes nothing; a saved version
 * reaches tablets with the pull; and marks keep the decision made under the times in force on
 * their own day, while a future-dated version leaves today alone. Every setting the screens edit
 * has a valid change, a wrong value refused naming it and the fix, and marks left as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorBodySchema, type ApiErrorBody } from '../../src/shared/api/apiErrors';
import {
  previewSettingsResponseSchema,
  saveSettingsResponseSchema,
  settingsResponseSchema,
  type SettingsResponse,
} from '../../src/shared/api/settingsSchemas';
import type { Database } from '../../src/server/db/database';
import { createTestApp, TestClient } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import {
  AM_CLOSES,
  AM_START,
  createSyncSchool,
  DATES,
  signedInDevice,
  storedEntry,
  TODAY,
  type SyncSchool,
} from './syncFixtures';
import * as settingsApi from '../../src/shared/api/endpoints/settingsEndpoints';

let t: TestDatabase;
let db: Database;

beforeAll(async () => {
  t = await openTestDatabase();
  db = t.db;
});
afterAll(async () => {
  await t.close();
});

const PM = { start: '13:00', registerCloses: '13:15' };
/** The test school's rules with the morning register closing at `closes`. */
const closingAt = (closes: string) => ({
  sessions: { AM: { start: AM_START, registerCloses: closes }, PM },
  sessionOverrides: [{ yearGroup: 'N2', AM: { start: '09:00', registerCloses: '09:15' } }],
});

async function setUp(at = `${TODAY}T09:30:00.000Z`) {
  const school = await createSyncSchool(db);
  const { app, clock } = createTestApp(db);
  clock.set(at);
  const as = async (handle: string) => {
    const client = new TestClient(app);
    await client.signIn(school.member(handle));
    return client;
  };
  return { school, app, clock, as };
}

async function ok<T>(res: Response, status: number, schema: { parse(v: unknown): T }): Promise<T> {
  const body: unknown = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(status);
  return schema.parse(body);
}

async function refused(res: Response, status: number): Promise<ApiErrorBody> {
  const body: unknown = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(status);
  return apiErrorBodySchema.parse(body);
}

async function storedVersions(school: SyncSchool): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM school_config_version WHERE school_id = $1',
    [school.id],
  );
  return rows[0]?.n ?? 0;
}

async function rosterVersion(school: SyncSchool): Promise<number> {
  const { rows } = await db.query<{ v: number }>(
    'SELECT roster_version AS v FROM school WHERE id = $1',
    [school.id],
  );
  return rows[0]?.v ?? 0;
}

describe('who may use the settings', () => {
  it('lets the attendance lead and admins read, preview and save; teachers and office get 403', async () => {
    const { as } = await setUp();
    const preview = { rules: closingAt('09:05'), yearGroup: '3', part: 'AM', arrival: '09:06' };
    const save = { effectiveFrom: DATES.tomorrow, rules: closingAt('09:05') };
    for (const handle of ['teacher', 'office']) {
      const client = await as(handle);
      expect((await refused(await client.get(settingsApi.readSettings.path), 403)).reason).toBe(
        'forbidden',
      );
      await refused(await client.post(settingsApi.previewSettings.path, preview), 403);
      await refused(await client.post(settingsApi.readSettings.path, save), 403);
    }
    for (const handle of ['lead', 'admin']) {
      const client = await as(handle);
      await ok(await client.get(settingsApi.readSettings.path), 200, settingsResponseSchema);
      await ok(
        await client.post(settingsApi.previewSettings.path, preview),
        200,
        previewSettingsResponseSchema,
      );
    }
    const signedOut = new TestClient(createTestApp(db).app);
    await refused(await signedOut.get(settingsApi.readSettings.path), 401);
  });
});

describe('reading and previewing', () => {
  it('reads the rules in force, every setting filled in, with version 0 and the classes', async () => {
    const { as, school } = await setUp();
    const lead = await as('lead');
    const settings = await ok(
      await lead.get(settingsApi.readSettings.path),
      200,
      settingsResponseSchema,
    );
    expect(settings).toMatchObject({ today: TODAY, inForce: 0 });
    expect(settings.rules).toMatchObject({
      ...closingAt(AM_CLOSES),
      schoolDayHours: 6.5,
      thresholds: { localAuthority: { unauthorisedSessions: 20, illnessSessions: 30 } },
    });
    expect(settings.versions.map((v) => v.version)).toEqual([0]);
    expect(settings.groups.map((g) => g.id).sort()).toEqual(school.groups.map((g) => g.id).sort());
  });

  it('previews an arrival by the register rules, and what the change would be', async () => {
    const { as } = await setUp();
    const lead = await as('lead');
    const preview = await ok(
      await lead.post(settingsApi.previewSettings.path, {
        rules: closingAt('09:05'),
        yearGroup: '3',
        part: 'AM',
        arrival: '09:06',
      }),
      200,
      previewSettingsResponseSchema,
    );
    expect(preview).toEqual({
      code: 'U',
      minutesLate: 21,
      sentence: 'A Year 3 pupil arriving at 09:06 is U, 21 minutes late (register 08:45 to 09:05).',
      changes: ['Morning register closes at 09:05 (was 09:15)'],
      warnings: [
        {
          path: 'sessions',
          message:
            'the morning register stays open 20 minutes (08:45 to 09:05) and the afternoon register 15 (13:00 to 13:15); guidance says the time the register is open "should be the same for every session"',
        },
      ],
    });
  });

  it('refuses a preview of bad rules with each problem at its path', async () => {
    const { as } = await setUp();
    const lead = await as('lead');
    const error = await refused(
      await lead.post(settingsApi.previewSettings.path, {
        rules: { ...closingAt('08:30') },
        yearGroup: '3',
        part: 'AM',
        arrival: '09:06',
      }),
      400,
    );
    expect(error.details).toEqual({
      issues: [
        {
          path: 'sessions.AM.registerCloses',
          message: '"08:30" must be after the start time "08:45"',
        },
      ],
    });
    const badYear = await refused(
      await lead.post(settingsApi.previewSettings.path, {
        rules: closingAt('09:05'),
        yearGroup: 'Year 3',
        part: 'AM',
        arrival: '09:06',
      }),
      400,
    );
    expect(badYear.message).toBe("yearGroup: 'Year 3' is not one of N1, N2, R, 1–13.");
  });
});

describe('saving a version', () => {
  it('refuses bad input with a message that says what to fix, and writes nothing', async () => {
    const { as, school } = await setUp();
    const admin = await as('admin');
    const roster = await rosterVersion(school);
    const cases: [body: unknown, status: number, message: RegExp][] = [
      [
        {
          effectiveFrom: TODAY,
          rules: { ...closingAt('09:05'), thresholds: { penaltyNotice: { sessions: 0 } } },
        },
        400,
        /thresholds\.penaltyNotice\.sessions: must be a whole number, 1 or more, got 0/,
      ],
      [
        { effectiveFrom: DATES.yesterday, rules: closingAt('09:05') },
        400,
        /effectiveFrom: 2025-03-03 is in the past: choose today \(2025-03-04\) or a later day/,
      ],
      [
        { effectiveFrom: TODAY, rules: { ...closingAt('09:05'), terms: [] } },
        400,
        /'terms' is not a known setting \(use sessions, sessionOverrides, thresholds, schoolDayHours, roleCodes\)/,
      ],
      [{ effectiveFrom: TODAY, rules: closingAt(AM_CLOSES) }, 400, /the same as the rules/],
      [
        { effectiveFrom: 'tomorrow', rules: closingAt('09:05') },
        400,
        /effectiveFrom is not a calendar date/,
      ],
      [
        { effectiveFrom: TODAY, rules: closingAt('09:05'), colour: 'red' },
        400,
        /colour is not a field/,
      ],
    ];
    for (const [body, status, message] of cases) {
      const error = await refused(await admin.post(settingsApi.readSettings.path, body), status);
      expect(error.message).toMatch(message);
    }
    const notJson = await refused(
      await admin.request('POST', settingsApi.readSettings.path, undefined, {
        rawBody: '{"effectiveFrom":',
      }),
      400,
    );
    expect(notJson.reason).toBe('malformed_json');
    expect(await storedVersions(school)).toBe(0);
    expect(await rosterVersion(school)).toBe(roster);
  });

  it('saves a version with who made it and when, in the history in words, and sends it to tablets', async () => {
    const { as, school, app, clock } = await setUp();
    const lead = await as('lead');
    const roster = await rosterVersion(school);
    const saved = await ok(
      await lead.post(settingsApi.readSettings.path, {
        effectiveFrom: TODAY,
        rules: {
          ...closingAt('09:05'),
          thresholds: { localAuthority: { unauthorisedSessions: 16 } },
        },
        note: 'LA asked for earlier referrals',
      }),
      201,
      saveSettingsResponseSchema,
    );
    expect(saved.version).toMatchObject({
      version: 1,
      effectiveFrom: TODAY,
      madeBy: { name: school.member('lead').name, role: 'attendance_lead' },
      madeAt: clock.now().toISOString(),
      note: 'LA asked for earlier referrals',
      changes: [
        'Morning register closes at 09:05 (was 09:15)',
        'Inform the local authority at unauthorised sessions: 16 (was 20)',
      ],
    });
    const settings: SettingsResponse = saved.settings;
    expect(settings.inForce).toBe(1);
    expect(settings.versions.map((v) => v.version)).toEqual([1, 0]);
    expect(await rosterVersion(school)).toBe(roster + 1);

    const tablet = await signedInDevice(app, school.member('teacher'), { clock });
    const pulled = await tablet.pull({ after: 0, rosterVersion: roster });
    if (pulled.kind !== 'events' || pulled.roster === null) throw new Error('expected a roster');
    expect(pulled.roster.configVersions).toEqual([
      { version: 1, effectiveFrom: TODAY, rules: expect.objectContaining(closingAt('09:05')) },
    ]);

    // A later version may not take effect before one already saved, which would undo it.
    const admin = await as('admin');
    await ok(
      await admin.post(settingsApi.readSettings.path, {
        effectiveFrom: DATES.laterInTerm,
        rules: closingAt('09:00'),
      }),
      201,
      saveSettingsResponseSchema,
    );
    const tooEarly = await refused(
      await admin.post(settingsApi.readSettings.path, {
        effectiveFrom: DATES.tomorrow,
        rules: closingAt('09:10'),
      }),
      400,
    );
    expect(tooEarly.details).toEqual({
      issues: [
        {
          path: 'effectiveFrom',
          message:
            'a version already takes effect on 2025-03-25: choose that day or a later one (a change for an earlier day would be undone on 2025-03-25)',
        },
      ],
    });
    expect(await storedVersions(school)).toBe(2);
  });
});

describe('marks keep the decision made under the times in force on their day', () => {
  async function saveClose(client: TestClient, effectiveFrom: string, closes: string) {
    await ok(
      await client.post(settingsApi.readSettings.path, { effectiveFrom, rules: closingAt(closes) }),
      201,
      saveSettingsResponseSchema,
    );
  }

  it('judges a late-synced mark for yesterday by yesterday’s times, and today’s by today’s', async () => {
    const { as, school, app, clock } = await setUp();
    const tablet = await signedInDevice(app, school.member('teacher'), { clock });
    // Yesterday, under 08:45–09:15: a pupil arriving at 09:10 was L, 25 minutes late.
    const yesterdayArrival = `${DATES.yesterday}T09:10:00.000Z`;
    const earlier = tablet.event({
      pupilId: school.pupil(0),
      date: DATES.yesterday,
      code: 'L',
      minutesLate: 25,
      arrivedAt: yesterdayArrival,
      recordedAt: yesterdayArrival,
    });
    clock.set(`${DATES.yesterday}T09:20:00.000Z`);
    await tablet.pushOk([earlier]);

    // This morning the lead closes the register at 09:05 from today.
    clock.set(`${TODAY}T08:30:00.000Z`);
    await saveClose(await as('lead'), TODAY, '09:05');
    clock.set(`${TODAY}T09:30:00.000Z`);

    // The mark made yesterday keeps its decision.
    expect(await storedEntry(db, school.id, school.pupil(0), DATES.yesterday)).toMatchObject({
      code: 'L',
      minutes_late: 25,
    });
    // A mark for yesterday that reached the server only now is judged by yesterday's times…
    const offline = tablet.event({
      pupilId: school.pupil(1),
      date: DATES.yesterday,
      code: 'L',
      minutesLate: 25,
      arrivedAt: yesterdayArrival,
      recordedAt: yesterdayArrival,
    });
    const answer = await tablet.pushOk([offline]);
    expect(answer.acks[0]).toMatchObject({
      status: 'applied',
      entry: { code: 'L', minutesLate: 25 },
    });
    // …and one for today by today's: 09:10 is now after the close, so L is refused and U taken.
    const todayArrival = `${TODAY}T09:10:00.000Z`;
    const asL = tablet.event({
      pupilId: school.pupil(2),
      code: 'L',
      minutesLate: 25,
      arrivedAt: todayArrival,
      recordedAt: todayArrival,
    });
    const error = await tablet.pushError([asL], 422);
    expect(error.message).toContain(
      'An arrival at 09:10 is after the register closed at 09:05, so the mark is U, not L.',
    );
    tablet.renumberFrom(asL.clientSeq);
    const asU = tablet.event({
      pupilId: school.pupil(2),
      code: 'U',
      minutesLate: 25,
      arrivedAt: todayArrival,
      recordedAt: todayArrival,
    });
    expect((await tablet.pushOk([asU])).acks[0]).toMatchObject({ status: 'applied' });
  });

  it('judges each mark of one batch by the times of its own day, when the batch spans a change', async () => {
    const { as, school, app, clock } = await setUp();
    await saveClose(await as('lead'), TODAY, '09:05');
    const tablet = await signedInDevice(app, school.member('teacher'), { clock });
    const mark = (pupil: number, date: string, code: 'L' | 'U') =>
      tablet.event({
        pupilId: school.pupil(pupil),
        date,
        code,
        minutesLate: 25,
        arrivedAt: `${date}T09:10:00.000Z`,
        recordedAt: `${date}T09:10:00.000Z`,
      });
    // 09:10 is L under yesterday's close (09:15) and U under today's (09:05), in one batch.
    const wrong = [mark(0, DATES.yesterday, 'L'), mark(1, TODAY, 'L')];
    const error = await tablet.pushError(wrong, 422);
    expect(error.details).toMatchObject({ rejected: [{ eventId: wrong[1]?.eventId }] });
    tablet.renumberFrom(wrong[0]?.clientSeq ?? 1);
    const right = [
      mark(0, DATES.yesterday, 'L'),
      mark(1, TODAY, 'U'),
      mark(2, DATES.yesterday, 'L'),
    ];
    const answer = await tablet.pushOk(right);
    expect(answer.acks.map((a) => [a.status, a.entry?.code])).toEqual([
      ['applied', 'L'],
      ['applied', 'U'],
      ['applied', 'L'],
    ]);
  });

  it('leaves today’s decisions alone when a change is saved for a later day', async () => {
    const { as, school, app, clock } = await setUp();
    await saveClose(await as('admin'), DATES.tomorrow, '09:00');
    const tablet = await signedInDevice(app, school.member('teacher'), { clock });
    const arrival = `${TODAY}T09:10:00.000Z`;
    const answer = await tablet.pushOk([
      tablet.event({
        pupilId: school.pupil(0),
        code: 'L',
        minutesLate: 25,
        arrivedAt: arrival,
        recordedAt: arrival,
      }),
    ]);
    expect(answer.acks[0]).toMatchObject({
      status: 'applied',
      entry: { code: 'L', minutesLate: 25 },
    });
    const settings = await ok(
      await (await as('lead')).get(settingsApi.readSettings.path),
      200,
      settingsResponseSchema,
    );
    expect(settings.inForce).toBe(0);
    expect(settings.versions[0]).toMatchObject({
      version: 1,
      effectiveFrom: DATES.tomorrow,
      changes: ['Morning register closes at 09:00 (was 09:15)'],
    });
  });
});

describe('every setting', () => {
  /**
   * Each setting the screens edit: a valid change from the rules in force, and a wrong value whose
   * refusal names the setting and says what a right one is. Paths are the wire's.
   */
  const SETTINGS: readonly [path: string, valid: unknown, invalid: unknown, fix: RegExp][] = [
    ['sessions.AM.start', '08:40', '8.40am', /is not a time \(HH:MM\)/],
    ['sessions.AM.registerCloses', '09:10', '08:00', /must be after the start time/],
    ['sessions.PM.start', '12:55', '25:00', /is not a time \(HH:MM\)/],
    ['sessions.PM.registerCloses', '13:20', '12:00', /must be after the start time/],
    [
      'sessionOverrides',
      [{ keyStage: 'KS1', AM: { start: '08:50', registerCloses: '09:20' } }],
      [{ keyStage: 'KS9', AM: { start: '08:50', registerCloses: '09:20' } }],
      /KS9/,
    ],
    [
      'sessionOverrides',
      [{ yearGroup: '3', AM: { start: '08:50', registerCloses: '09:20' } }],
      [{ AM: { start: '08:50', registerCloses: '09:20' } }],
      /give one of keyStage, yearGroup or groupId/,
    ],
    [
      'sessionOverrides',
      [{ groupId: 'G1', AM: { start: '08:50', registerCloses: '09:20' } }],
      [{ groupId: 'G1', AM: { start: '09:30', registerCloses: '09:20' } }],
      /must be after the start time/,
    ],
    ['thresholds.persistentAbsencePercent', 12, 120, /100/],
    ['thresholds.severeAbsencePercent', 45, -5, /0|more/],
    [
      'thresholds.atRiskBands',
      [
        { name: 'Watch', minAbsencePercent: 4 },
        { name: 'Persistent', minAbsencePercent: 10 },
      ],
      [{ name: '', minAbsencePercent: 4 }],
      /name|required/,
    ],
    ['thresholds.attendanceTargetPercent', 95, 'high', /number/],
    ['thresholds.latenessLetterCount', 5, 0, /1 or more/],
    ['thresholds.latenessEscalation.lates', 8, 2.5, /whole number/],
    ['thresholds.latenessEscalation.schoolWeeks', 10, 0, /1 or more/],
    ['thresholds.penaltyNotice.sessions', 12, 0, /1 or more/],
    ['thresholds.penaltyNotice.schoolWeeks', 8, -1, /1 or more/],
    ['thresholds.nResolveSchoolDays', 3, 0, /1 or more/],
    ['thresholds.localAuthority.unauthorisedSessions', 16, 0, /1 or more/],
    ['thresholds.localAuthority.illnessSessions', 24, 'thirty', /number/],
    ['roleCodes.teacher', ['/', '\\', 'L', 'U', 'N'], ['/', 'ZZ'], /ZZ/],
    ['roleCodes.office', ['/', '\\', 'L', 'U', 'N', 'C'], ['Q9'], /Q9/],
    ['roleCodes.attendance_lead', ['/', '\\', 'L', 'U', 'N', 'C', 'G'], ['L', 'H9'], /H9/],
    ['roleCodes.admin', ['/', '\\', 'C'], 'all', /list|array/],
    ['schoolDayHours', 6, 30, /24|hours/],
  ];

  /** The value at the dotted `path` of `rules`. */
  function valueAt(rules: Record<string, unknown>, path: string): unknown {
    return path
      .split('.')
      .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], rules);
  }

  /** `rules` with the value at the dotted `path` replaced. */
  function withSetting(rules: Record<string, unknown>, path: string, value: unknown) {
    const copy = structuredClone(rules);
    const keys = path.split('.');
    let at: Record<string, unknown> = copy;
    for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
    at[keys.at(-1) ?? ''] = value;
    return copy;
  }

  it('takes a valid change of each, refuses a wrong value naming the setting and the fix, and leaves every mark as it was', async () => {
    const { as, school, app, clock } = await setUp(`${TODAY}T08:00:00.000Z`);
    const admin = await as('admin');
    // Marks made before any change: L at 09:10 under 08:45–09:15, and a present mark.
    clock.set(`${TODAY}T09:20:00.000Z`);
    const tablet = await signedInDevice(app, school.member('teacher'), { clock });
    const arrival = `${TODAY}T09:10:00.000Z`;
    await tablet.pushOk([
      tablet.event({
        pupilId: school.pupil(0),
        code: 'L',
        minutesLate: 25,
        arrivedAt: arrival,
        recordedAt: arrival,
      }),
      tablet.event({ pupilId: school.pupil(1), code: '/' }),
    ]);
    const marks = async () =>
      (
        await db.query(
          'SELECT pupil_id, session_date, session_part, code, minutes_late, head_event_id FROM register_entry WHERE school_id = $1 ORDER BY pupil_id',
          [school.id],
        )
      ).rows;
    const before = await marks();
    expect(before).toHaveLength(2);

    const current = async () =>
      (await ok(await admin.get(settingsApi.readSettings.path), 200, settingsResponseSchema)).rules;
    const problems: string[] = [];
    for (const [path, valid, invalid, fix] of SETTINGS) {
      const rules = await current();
      const versions = await storedVersions(school);
      const res = await admin.post(settingsApi.readSettings.path, {
        effectiveFrom: TODAY,
        rules: withSetting(rules, path, invalid),
      });
      const wrong = (await res.json()) as { message?: string };
      const message = wrong.message ?? '';
      if (res.status !== 400 || !message.includes(path) || !fix.test(message)) {
        problems.push(`${path} = ${JSON.stringify(invalid)}: ${res.status} ${message}`);
      }
      // A refusal writes nothing.
      if (res.status === 400) expect(await storedVersions(school)).toBe(versions);

      const saved = await ok(
        await admin.post(settingsApi.readSettings.path, {
          effectiveFrom: TODAY,
          rules: withSetting(rules, path, valid),
        }),
        201,
        saveSettingsResponseSchema,
      );
      expect(saved.version.changes.length, path).toBeGreaterThan(0);
      expect(valueAt(saved.settings.rules, path), path).toEqual(valid);
    }
    expect(problems).toEqual([]);
    expect(await storedVersions(school)).toBe(SETTINGS.length);
    // Every change took effect today, after the marks were made; not one mark moved.
    expect(await marks()).toEqual(before);
  });
});
