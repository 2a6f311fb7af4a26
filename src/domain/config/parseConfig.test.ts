import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_STRINGS_2024 } from '../codes/attendanceCodes';
import { addDays, localDate } from '../time/localDate';
import { wallTime } from '../time/wallTime';
import { DEFAULT_THRESHOLDS } from './configDefaults';
import { formatConfigIssue, type ConfigIssue } from './configIssue';
import { parseOrganisationConfig, parseSchoolConfig } from './parseConfig';
import { SAME_LENGTH_GUIDANCE } from './registerWindowWarnings';
import { SEED_ORGANISATIONS } from './seedSchools.fixture';

const AM = { start: '08:45', registerCloses: '09:15' };
const PM = { start: '13:00', registerCloses: '13:15' };
const AUTUMN_1 = { name: 'Autumn 1', start: '2025-09-03', end: '2025-10-24' };
const AUTUMN_2 = { name: 'Autumn 2', start: '2025-11-03', end: '2025-12-19' };
const BASE_SCHOOL = { id: 'oak', name: 'Oak Primary', sessions: { AM, PM }, terms: [AUTUMN_1] };

const school = (patch: Record<string, unknown> = {}) => ({ ...BASE_SCHOOL, ...patch });
const org = (...schools: unknown[]) => ({ id: 'oak-trust', name: 'Oak Trust', schools });
const withSchool = (patch: Record<string, unknown>) => org(school(patch));

function errorsOf(raw: unknown) {
  const result = parseOrganisationConfig(raw);
  return result.ok ? [] : result.errors;
}

describe('parseOrganisationConfig: the seed schools', () => {
  it.each(SEED_ORGANISATIONS.map((raw) => [raw.name, raw] as const))(
    '%s parses with no errors, and warns only that its registers differ in length',
    (_name, raw) => {
      const result = parseOrganisationConfig(raw);
      expect(result.ok).toBe(true);
      // The seed policies keep mornings open longer than afternoons; nothing else is warned of.
      for (const w of result.warnings) expect(w.message).toContain(SAME_LENGTH_GUIDANCE);
    },
  );

  it('keeps the two schools of the Blue Sky Federation with their own times', () => {
    const federation = SEED_ORGANISATIONS[2];
    const result = parseOrganisationConfig(federation);
    if (!result.ok) throw new Error('expected the federation to parse');
    expect(result.value.schools.map((s) => [s.id, s.sessions.AM.start])).toEqual([
      ['heelands', wallTime('08:50')],
      ['summerfield', wallTime('09:00')],
    ]);
  });
});

describe('parseOrganisationConfig: defaults', () => {
  const result = parseSchoolConfig(school());
  if (!result.ok) throw new Error(result.errors.map(formatConfigIssue).join('\n'));
  const parsed = result.value;

  it('fills in every setting left out', () => {
    expect(parsed).toMatchObject({
      dfeNumber: null,
      timeZone: 'Europe/London',
      sessionOverrides: [],
      closures: [],
      bankHolidays: [],
      schoolDayHours: 6.5,
    });
  });

  it('uses the national thresholds', () => {
    expect(parsed.thresholds).toEqual({
      persistentAbsencePercent: 10,
      severeAbsencePercent: 50,
      atRiskBands: [
        { name: 'At risk', minAbsencePercent: 5 },
        { name: 'Persistent', minAbsencePercent: 10 },
        { name: 'Severe', minAbsencePercent: 50 },
      ],
      attendanceTargetPercent: 96,
      latenessLetterCount: 4,
      latenessEscalation: { lates: 6, schoolWeeks: 12 },
      penaltyNotice: { sessions: 10, schoolWeeks: 10 },
      nResolveSchoolDays: 5,
      localAuthority: { unauthorisedSessions: 20, illnessSessions: 30 },
      certificatePercents: [100, 98],
      smallGroupMinimum: 6,
    });
  });

  it('lets teachers enter classroom and off-site codes, and everyone else every 2024 code', () => {
    expect(parsed.roleCodes).toEqual({
      teacher: ['/', '\\', 'L', 'U', 'N', 'B', 'V', 'P', 'W', 'K'],
      office: CODE_STRINGS_2024,
      attendance_lead: CODE_STRINGS_2024,
      admin: CODE_STRINGS_2024,
    });
  });

  it('turns times and dates into wall times and calendar days', () => {
    expect(parsed.sessions).toEqual({
      AM: { start: 525, registerCloses: 555 },
      PM: { start: 780, registerCloses: 795 },
    });
    expect(parsed.terms).toEqual([AUTUMN_1]);
  });

  it('fills in only the thresholds left out, one level down too', () => {
    const partial = parseSchoolConfig(
      school({ thresholds: { severeAbsencePercent: 60, penaltyNotice: { sessions: 8 } } }),
    );
    expect(partial.ok && partial.value.thresholds).toEqual({
      ...DEFAULT_THRESHOLDS,
      severeAbsencePercent: 60,
      penaltyNotice: { sessions: 8, schoolWeeks: 10 },
    });
  });

  it('holds the certificate rates highest first, however they are written', () => {
    const written = parseSchoolConfig(
      school({ thresholds: { certificatePercents: [95, 100, 97.5] } }),
    );
    expect(written.ok && written.value.thresholds.certificatePercents).toEqual([100, 97.5, 95]);
  });

  it('fills in only the roles left out', () => {
    const partial = parseSchoolConfig(school({ roleCodes: { teacher: ['/', '\\', 'L'] } }));
    expect(partial.ok && partial.value.roleCodes.teacher).toEqual(['/', '\\', 'L']);
    expect(partial.ok && partial.value.roleCodes.office).toEqual(CODE_STRINGS_2024);
  });

  it('reads a closure without to, parts or yearGroups as one whole day for the whole school', () => {
    const closed = parseSchoolConfig(school({ closures: [{ name: 'INSET', from: '2025-09-03' }] }));
    expect(closed.ok && closed.value.closures).toEqual([
      {
        name: 'INSET',
        from: '2025-09-03',
        to: '2025-09-03',
        parts: ['AM', 'PM'],
        yearGroups: null,
      },
    ]);
  });

  it('holds an override scope as a discriminated union', () => {
    const overridden = parseSchoolConfig(
      school({
        sessionOverrides: [
          { keyStage: 'KS2', PM: { start: '13:30', registerCloses: '13:45' } },
          { yearGroup: 'N2', AM: { start: '09:00', registerCloses: '09:15' } },
          { groupId: '3B', AM, PM },
        ],
      }),
    );
    expect(overridden.ok && overridden.value.sessionOverrides.map((o) => o.scope)).toEqual([
      { kind: 'keyStage', keyStage: 'KS2' },
      { kind: 'yearGroup', yearGroup: 'N2' },
      { kind: 'group', groupId: '3B' },
    ]);
  });

  it('keeps the runtime’s own spelling of a time zone', () => {
    const paris = parseSchoolConfig(school({ timeZone: 'europe/paris' }));
    expect(paris.ok && paris.value.timeZone).toBe('Europe/Paris');
  });
});

describe('parseOrganisationConfig: one readable error for every kind of invalid value', () => {
  const overlapping = { name: 'Autumn 2', start: '2025-10-20', end: '2025-12-19' };
  it.each([
    [
      'a time that is not a time',
      withSchool({ sessions: { AM, PM: { start: '13:00', registerCloses: '13:70' } } }),
      'schools[0].sessions.PM.registerCloses',
      '"13:70" is not a time (HH:MM)',
    ],
    [
      'a time without two-digit hours',
      withSchool({ sessions: { AM: { start: '9:00', registerCloses: '09:15' }, PM } }),
      'schools[0].sessions.AM.start',
      '"9:00" is not a time (HH:MM)',
    ],
    [
      'a register that closes before it starts',
      withSchool({ sessions: { AM: { start: '08:45', registerCloses: '08:30' }, PM } }),
      'schools[0].sessions.AM.registerCloses',
      '"08:30" must be after the start time "08:45"',
    ],
    [
      'a register that closes as it starts',
      withSchool({ sessions: { AM, PM: { start: '13:00', registerCloses: '13:00' } } }),
      'schools[0].sessions.PM.registerCloses',
      '"13:00" must be after the start time "13:00"',
    ],
    [
      'a date that is not a calendar date',
      withSchool({ terms: [{ ...AUTUMN_1, end: '2025-02-30' }] }),
      'schools[0].terms[0].end',
      '"2025-02-30" is not a calendar date (yyyy-MM-dd)',
    ],
    [
      'a date written the British way',
      withSchool({ bankHolidays: ['25/12/2025'] }),
      'schools[0].bankHolidays[0]',
      '"25/12/2025" is not a calendar date (yyyy-MM-dd)',
    ],
    [
      'a term that ends before it starts',
      withSchool({ terms: [{ ...AUTUMN_1, end: '2025-09-01' }] }),
      'schools[0].terms[0].end',
      '"2025-09-01" is before the term\'s start "2025-09-03"',
    ],
    [
      'overlapping terms',
      withSchool({ terms: [AUTUMN_1, overlapping] }),
      'schools[0].terms[1]',
      "'Autumn 2' (2025-10-20 to 2025-12-19) overlaps 'Autumn 1' (2025-09-03 to 2025-10-24)",
    ],
    [
      'a term inside a longer one, listed first',
      withSchool({
        terms: [
          { ...AUTUMN_2, start: '2025-10-01' },
          { ...AUTUMN_1, end: '2025-12-31' },
        ],
      }),
      'schools[0].terms[0]',
      "'Autumn 2' (2025-10-01 to 2025-12-19) overlaps 'Autumn 1' (2025-09-03 to 2025-12-31)",
    ],
    [
      'no terms',
      withSchool({ terms: [] }),
      'schools[0].terms',
      'add at least one term (name, start, end)',
    ],
    [
      'a closure that ends before it begins',
      withSchool({ closures: [{ name: 'INSET', from: '2025-09-05', to: '2025-09-04' }] }),
      'schools[0].closures[0].to',
      '"2025-09-04" is before the closure\'s first day "2025-09-05"',
    ],
    [
      'a closure of no parts',
      withSchool({ closures: [{ name: 'INSET', from: '2025-09-05', parts: [] }] }),
      'schools[0].closures[0].parts',
      'list AM, PM or both, or leave parts out to close the whole day',
    ],
    [
      'a closure part that is not AM or PM',
      withSchool({ closures: [{ name: 'INSET', from: '2025-09-05', parts: ['Noon'] }] }),
      'schools[0].closures[0].parts[0]',
      "'Noon' is not one of AM, PM",
    ],
    [
      'a closure of no year groups',
      withSchool({ closures: [{ name: 'Trip', from: '2025-09-05', yearGroups: [] }] }),
      'schools[0].closures[0].yearGroups',
      'list at least one year group, or leave yearGroups out to close the whole school',
    ],
    [
      'an unknown year group',
      withSchool({ closures: [{ name: 'Trip', from: '2025-09-05', yearGroups: ['Year Seven'] }] }),
      'schools[0].closures[0].yearGroups[0]',
      "'Year Seven' is not one of N1, N2, R, 1–13",
    ],
    [
      'an unknown key stage',
      withSchool({ sessionOverrides: [{ keyStage: 'KS6', AM }] }),
      'schools[0].sessionOverrides[0].keyStage',
      "'KS6' is not one of EYFS, KS1, KS2, KS3, KS4, KS5",
    ],
    [
      'an override for nobody',
      withSchool({ sessionOverrides: [{ AM }] }),
      'schools[0].sessionOverrides[0]',
      'say who these times are for: give one of keyStage, yearGroup or groupId',
    ],
    [
      'an override for two scopes',
      withSchool({ sessionOverrides: [{ yearGroup: '3', groupId: '3B', AM }] }),
      'schools[0].sessionOverrides[0]',
      'give only one of keyStage, yearGroup or groupId (found yearGroup and groupId)',
    ],
    [
      'an override without times',
      withSchool({ sessionOverrides: [{ groupId: '3B' }] }),
      'schools[0].sessionOverrides[0]',
      'give AM or PM times, or both',
    ],
    [
      'two overrides for one group',
      withSchool({
        sessionOverrides: [
          { groupId: '3B', AM },
          { groupId: '3B', PM },
        ],
      }),
      'schools[0].sessionOverrides[1]',
      "group '3B' already has times in sessionOverrides[0]; put both parts in one override",
    ],
    [
      'two overrides for one year group',
      withSchool({
        sessionOverrides: [
          { yearGroup: 'N2', AM },
          { groupId: 'N2', PM },
          { yearGroup: 'N2', PM },
        ],
      }),
      'schools[0].sessionOverrides[2]',
      "year group 'N2' already has times in sessionOverrides[0]; put both parts in one override",
    ],
    [
      'an override that closes before it starts',
      withSchool({
        sessionOverrides: [{ keyStage: 'KS2', PM: { start: '13:30', registerCloses: '13:00' } }],
      }),
      'schools[0].sessionOverrides[0].PM.registerCloses',
      '"13:00" must be after the start time "13:30"',
    ],
    [
      'an unknown time zone',
      withSchool({ timeZone: 'Europe/Londn' }),
      'schools[0].timeZone',
      '"Europe/Londn" is not a time zone (use an IANA name such as Europe/London)',
    ],
    [
      'a malformed DfE number',
      withSchool({ dfeNumber: '12345' }),
      'schools[0].dfeNumber',
      '"12345" is not a DfE number (local-authority code and school number, such as 123/4567)',
    ],
    [
      'a percentage over 100',
      withSchool({ thresholds: { attendanceTargetPercent: 120 } }),
      'schools[0].thresholds.attendanceTargetPercent',
      'must be a percentage from 0 to 100, got 120',
    ],
    [
      'a negative percentage',
      withSchool({ thresholds: { persistentAbsencePercent: -1 } }),
      'schools[0].thresholds.persistentAbsencePercent',
      'must be a percentage from 0 to 100, got -1',
    ],
    [
      'severe below persistent',
      withSchool({ thresholds: { persistentAbsencePercent: 15, severeAbsencePercent: 12 } }),
      'schools[0].thresholds.severeAbsencePercent',
      'must be at least the persistent-absence threshold (15), got 12',
    ],
    [
      'at-risk bands out of order',
      withSchool({
        thresholds: {
          atRiskBands: [
            { name: 'Severe', minAbsencePercent: 50 },
            { name: 'Persistent', minAbsencePercent: 10 },
          ],
        },
      }),
      'schools[0].thresholds.atRiskBands[1].minAbsencePercent',
      "bands must go up in order: 'Persistent' (10%) comes after 'Severe' (50%)",
    ],
    [
      'a count that is not whole',
      withSchool({ thresholds: { penaltyNotice: { sessions: 2.5 } } }),
      'schools[0].thresholds.penaltyNotice.sessions',
      'must be a whole number, 1 or more, got 2.5',
    ],
    [
      'a count of zero',
      withSchool({ thresholds: { nResolveSchoolDays: 0 } }),
      'schools[0].thresholds.nResolveSchoolDays',
      'must be a whole number, 1 or more, got 0',
    ],
    [
      'certificates at no rate',
      withSchool({ thresholds: { certificatePercents: [] } }),
      'schools[0].thresholds.certificatePercents',
      'list from one to five attendance rates, e.g. [100, 98]',
    ],
    [
      'a certificate rate twice',
      withSchool({ thresholds: { certificatePercents: [98, 100, 98] } }),
      'schools[0].thresholds.certificatePercents[2]',
      '98 is listed twice: list each rate once',
    ],
    [
      'a certificate rate over 100',
      withSchool({ thresholds: { certificatePercents: [101] } }),
      'schools[0].thresholds.certificatePercents[0]',
      'must be a percentage from 0 to 100, got 101',
    ],
    [
      'a school day of no hours',
      withSchool({ schoolDayHours: 0 }),
      'schools[0].schoolDayHours',
      'must be a number of hours more than 0 and at most 12, got 0',
    ],
    [
      'a school day over 12 hours',
      withSchool({ schoolDayHours: 13 }),
      'schools[0].schoolDayHours',
      'must be a number of hours more than 0 and at most 12, got 13',
    ],
    [
      'a code that is not a 2024 code',
      withSchool({ roleCodes: { teacher: ['/', 'H'] } }),
      'schools[0].roleCodes.teacher[1]',
      "'H' is not a 2024 attendance code",
    ],
    [
      'an unknown role',
      withSchool({ roleCodes: { governor: ['/'] } }),
      'schools[0].roleCodes',
      "'governor' is not a known setting (use teacher, office, attendance_lead, admin)",
    ],
    [
      'an unknown setting',
      withSchool({ colour: 'blue' }),
      'schools[0]',
      "'colour' is not a known setting (use id, name, dfeNumber, timeZone, sessions, sessionOverrides, terms, closures, bankHolidays, thresholds, schoolDayHours, roleCodes)",
    ],
    [
      'an unknown setting inside session times',
      withSchool({ sessions: { AM: { ...AM, end: '12:00' }, PM } }),
      'schools[0].sessions.AM',
      "'end' is not a known setting (use start, registerCloses)",
    ],
    [
      'a missing setting',
      withSchool({ sessions: undefined }),
      'schools[0].sessions',
      'missing (expected an object)',
    ],
    [
      'a number where text belongs',
      withSchool({ name: 5 }),
      'schools[0].name',
      'expected text, got the number 5',
    ],
    [
      'text where a number belongs',
      withSchool({ schoolDayHours: '6.5' }),
      'schools[0].schoolDayHours',
      'expected a number, got the text "6.5"',
    ],
    [
      'a single value where a list belongs',
      withSchool({ bankHolidays: '2025-12-25' }),
      'schools[0].bankHolidays',
      'expected a list, got the text "2025-12-25"',
    ],
    ['an empty name', withSchool({ name: '  ' }), 'schools[0].name', 'must not be empty'],
    ['no schools', org(), 'schools', 'add at least one school'],
    [
      'two schools with one id',
      org(school(), school({ name: 'Oak Infants' })),
      'schools[1].id',
      "'oak' is already the id of schools[0]",
    ],
    ['a file that is not an object', [], '', 'expected an object, got a list'],
  ])('%s', (_kind, raw, path, message) => {
    expect(errorsOf(raw)).toEqual([{ path, message }]);
  });

  it('reports problems in different schools and settings together', () => {
    const raw = org(
      school({ timeZone: 'Mars/Olympus' }),
      school({ id: 'elm', sessions: { AM: { start: '08:45', registerCloses: '25:00' }, PM } }),
    );
    expect(errorsOf(raw).map(formatConfigIssue)).toEqual([
      'schools[0].timeZone: "Mars/Olympus" is not a time zone (use an IANA name such as Europe/London)',
      'schools[1].sessions.AM.registerCloses: "25:00" is not a time (HH:MM)',
    ]);
  });

  it('formats an issue as one line, path first', () => {
    expect(
      formatConfigIssue({
        path: 'schools[1].sessions.PM.registerCloses',
        message: '"13:70" is not a time (HH:MM)',
      }),
    ).toBe('schools[1].sessions.PM.registerCloses: "13:70" is not a time (HH:MM)');
    expect(formatConfigIssue({ path: '', message: 'expected an object, got a list' })).toBe(
      'expected an object, got a list',
    );
  });

  it('never passes on zod’s own wording, whatever the input', () => {
    const places = ['root', 'school', 'sessions', 'thresholds', 'override'] as const;
    fc.assert(
      fc.property(fc.constantFrom(...places), fc.jsonValue(), (place, value) => {
        const raw =
          place === 'root'
            ? value
            : place === 'school'
              ? org(value)
              : place === 'sessions'
                ? withSchool({ sessions: { AM: value, PM } })
                : place === 'thresholds'
                  ? withSchool({ thresholds: value })
                  : withSchool({ sessionOverrides: [value] });
        for (const issue of errorsOf(raw)) {
          expect(issue.message).not.toMatch(/Invalid|received|Unrecognized|Too (small|big)/);
        }
      }),
    );
  });
});

describe('parseOrganisationConfig: a register open more than 30 minutes is a warning', () => {
  // Only the warnings about the 30-minute limit (the fixtures' mornings and afternoons also differ).
  const overLimit = (result: { warnings: readonly ConfigIssue[] }) =>
    result.warnings.filter((w) => w.message.includes('guidance allows at most'));

  it('warns, naming the minutes, and still accepts the configuration', () => {
    const result = parseOrganisationConfig(
      withSchool({ sessions: { AM: { start: '08:45', registerCloses: '09:16' }, PM } }),
    );
    expect(result.ok).toBe(true);
    expect(overLimit(result)).toEqual([
      {
        path: 'schools[0].sessions.AM.registerCloses',
        message: 'the register stays open 31 minutes (08:45 to 09:16); guidance allows at most 30',
      },
    ]);
  });

  it('does not warn at exactly 30 minutes', () => {
    const result = parseOrganisationConfig(
      withSchool({ sessions: { AM: { start: '08:45', registerCloses: '09:15' }, PM } }),
    );
    expect(overLimit(result)).toEqual([]);
  });

  it('warns for every override, in every school', () => {
    const result = parseOrganisationConfig(
      org(
        school({
          sessionOverrides: [
            { keyStage: 'KS2', PM: { start: '13:30', registerCloses: '14:15' } },
            { groupId: 'N', AM: { start: '09:00', registerCloses: '09:40' }, PM },
          ],
        }),
        school({ id: 'elm', sessions: { AM, PM: { start: '13:00', registerCloses: '14:00' } } }),
      ),
    );
    expect(overLimit(result).map(formatConfigIssue)).toEqual([
      'schools[0].sessionOverrides[0].PM.registerCloses: the register stays open 45 minutes (13:30 to 14:15); guidance allows at most 30',
      'schools[0].sessionOverrides[1].AM.registerCloses: the register stays open 40 minutes (09:00 to 09:40); guidance allows at most 30',
      'schools[1].sessions.PM.registerCloses: the register stays open 60 minutes (13:00 to 14:00); guidance allows at most 30',
    ]);
  });

  it('still warns while other settings have errors', () => {
    const result = parseOrganisationConfig(
      withSchool({ name: '', sessions: { AM: { start: '08:00', registerCloses: '09:00' }, PM } }),
    );
    expect(result.ok).toBe(false);
    expect(overLimit(result).map((w) => w.path)).toEqual(['schools[0].sessions.AM.registerCloses']);
  });
});

describe('parseOrganisationConfig: registers open for different lengths are a warning', () => {
  const equal = { AM: { start: '08:45', registerCloses: '09:00' }, PM };

  it('warns when the morning and afternoon registers differ, quoting the guidance', () => {
    // The demo school: mornings open 30 minutes, afternoons 15.
    const result = parseOrganisationConfig(withSchool({ sessions: { AM, PM } }));
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      {
        path: 'schools[0].sessions',
        message:
          'the morning register stays open 30 minutes (08:45 to 09:15) and the afternoon register 15 (13:00 to 13:15); guidance says the time the register is open "should be the same for every session"',
      },
    ]);
  });

  it('does not warn when every session is open as long', () => {
    expect(parseOrganisationConfig(withSchool({ sessions: equal })).warnings).toEqual([]);
  });

  it('compares an override that sets one part with the school’s times for the other', () => {
    const result = parseOrganisationConfig(
      withSchool({
        sessions: equal,
        sessionOverrides: [
          { keyStage: 'KS2', PM: { start: '13:30', registerCloses: '13:45' } },
          { yearGroup: 'N2', PM: { start: '12:00', registerCloses: '12:20' } },
          {
            yearGroup: 'R',
            AM: { start: '09:00', registerCloses: '09:20' },
            PM: { start: '13:00', registerCloses: '13:20' },
          },
        ],
      }),
    );
    expect(result.warnings.map(formatConfigIssue)).toEqual([
      'schools[0].sessionOverrides[1]: the morning register stays open 15 minutes (08:45 to 09:00) and the afternoon register 20 (12:00 to 12:20); guidance says the time the register is open "should be the same for every session"',
    ]);
  });
});

describe('parseSchoolConfig', () => {
  it('names paths from the school itself', () => {
    const result = parseSchoolConfig(school({ sessions: { AM, PM: { ...PM, start: '1pm' } } }));
    expect(result).toEqual({
      ok: false,
      errors: [{ path: 'sessions.PM.start', message: '"1pm" is not a time (HH:MM)' }],
      warnings: [],
    });
  });

  it('warns from the school itself', () => {
    const result = parseSchoolConfig(
      school({ sessions: { AM: { ...AM, registerCloses: '09:30' }, PM } }),
    );
    expect(result.warnings.map((w) => w.path)).toEqual(['sessions.AM.registerCloses', 'sessions']);
  });
});

describe('parseOrganisationConfig: any nearly-right configuration', () => {
  // Mostly valid values, with a few wrong ones, so that both outcomes happen often.
  const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) =>
    fc.oneof({ arbitrary: good, weight: 12 }, { arbitrary: bad, weight: 1 });
  const pad = (n: number) => String(n).padStart(2, '0');
  const hhmm = (m: number) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
  const times = mostly(
    fc
      .tuple(fc.integer({ min: 0, max: 1380 }), fc.integer({ min: 1, max: 45 }))
      .map(([start, open]) => ({ start: hhmm(start), registerCloses: hhmm(start + open) })),
    fc.record({
      start: fc.constantFrom('08:45', '13:70', '9:00'),
      registerCloses: fc.constantFrom('08:45', '08:30', '24:00'),
    }),
  );
  const day = (d: number) => addDays(localDate('2025-08-01'), d);
  const dayNumber = fc.integer({ min: 0, max: 400 });
  const badDate = fc.constantFrom('2025-02-30', '2025-13-01', '1/9/2025');
  const date = mostly(dayNumber.map(day), badDate);
  const span = fc
    .tuple(dayNumber, fc.integer({ min: -2, max: 60 }))
    .map(([from, length]) => [day(from), day(from + length)] as const);
  const term = mostly(
    fc
      .tuple(fc.constantFrom('Autumn', 'Spring'), span)
      .map(([name, [start, end]]) => ({ name, start, end })),
    fc.record({ name: fc.constantFrom('', 'Summer'), start: date, end: badDate }),
  );
  const scope = fc.oneof(
    fc.record({ keyStage: fc.constantFrom('KS1', 'KS2') }),
    fc.record({ yearGroup: fc.constantFrom('N2', '3') }),
    fc.record({ groupId: fc.constantFrom('3B', '4A') }),
  );
  const parts = fc.record({ AM: times, PM: times }, { requiredKeys: [] });
  const override = mostly(
    fc.tuple(scope, parts).map(([who, when]) => ({ ...who, ...when })),
    fc.record(
      {
        keyStage: fc.constantFrom('KS2', 'KS6'),
        yearGroup: fc.constantFrom('N2', 'Year Seven'),
        AM: times,
      },
      { requiredKeys: [] },
    ),
  );
  const closure = mostly(
    fc
      .tuple(span, fc.subarray(['AM', 'PM']), fc.subarray(['N2', 'R', '3']))
      .map(([[from, to], p, y]) => ({ name: 'INSET', from, to, parts: p, yearGroups: y })),
    fc.record({
      name: fc.constantFrom('', 'INSET'),
      from: date,
      yearGroups: fc.constant(['Year 7']),
    }),
  );
  const percent = mostly(fc.integer({ min: 0, max: 100 }), fc.integer({ min: -5, max: 110 }));
  const thresholds = fc.record(
    {
      persistentAbsencePercent: percent,
      severeAbsencePercent: percent,
      atRiskBands: fc.array(fc.record({ name: fc.constant('Band'), minAbsencePercent: percent }), {
        maxLength: 2,
      }),
    },
    { requiredKeys: [] },
  );
  const schoolArb = fc.record({
    id: fc.constantFrom('oak', 'elm', 'ash'),
    name: fc.constant('A school'),
    sessions: fc.record({ AM: times, PM: times }),
    sessionOverrides: fc.array(override, { maxLength: 2 }),
    terms: fc.array(term, { minLength: 1, maxLength: 2 }),
    closures: fc.array(closure, { maxLength: 2 }),
    thresholds,
  });
  const organisation = fc.record({
    id: fc.constant('trust'),
    name: fc.constant('A trust'),
    schools: fc.array(schoolArb, { minLength: 1, maxLength: 2 }),
  });

  it('is either accepted with every rule holding, or rejected with readable errors', () => {
    fc.assert(
      fc.property(organisation, (raw) => {
        const result = parseOrganisationConfig(raw);
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const issue of result.errors) {
            expect(issue.path).not.toBe('');
            expect(issue.message).not.toMatch(/Invalid|received|Unrecognized/);
          }
          return;
        }
        const ids = result.value.schools.map((s) => s.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const s of result.value.schools) {
          const allTimes = [
            s.sessions.AM,
            s.sessions.PM,
            ...s.sessionOverrides.flatMap((o) => [o.AM, o.PM]),
          ].filter((t) => t !== undefined);
          for (const t of allTimes) expect(t.registerCloses).toBeGreaterThan(t.start);
          const terms = [...s.terms].sort((a, b) => (a.start < b.start ? -1 : 1));
          let previous: (typeof terms)[number] | undefined;
          for (const t of terms) {
            expect(t.end >= t.start).toBe(true);
            if (previous) expect(t.start > previous.end).toBe(true);
            previous = t;
          }
          for (const c of s.closures) expect(c.to >= c.from).toBe(true);
          expect(s.thresholds.severeAbsencePercent).toBeGreaterThanOrEqual(
            s.thresholds.persistentAbsencePercent,
          );
        }
      }),
      { numRuns: 500 },
    );
  });
});
