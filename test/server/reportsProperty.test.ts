/**
 * on random registers, every figure the SQL reports give equals the domain
 * core's own statistics and decisions for the same entries. Runs in the `server` project, on
 * PostgreSQL. Each run gets a fresh school in the
 * file's one database, so runs cannot see each other's entries.
 *
 * Pupils get random dates of birth, nursery and over-15 pupils among them and many on the
 * statistics' boundary days (31 August, 1 September), so the headline figures are checked over
 * the pupils the domain's `statisticsCohortOf` selects and the separate figures over the rest.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  absenceStatus,
  addDays,
  CHARACTERISTIC_KEYS,
  CHARACTERISTICS,
  characteristicOn,
  CODES_2006,
  CODES_2024,
  codeSetFor,
  isOfCompulsorySchoolAge,
  computeStats,
  isoWeekday,
  judgeCoAbsence,
  laDuties,
  latenessStatus,
  localDate,
  lookupCode,
  mondayOf,
  penaltyNoticeStatus,
  statisticsCohortOf,
  statsByPupil,
} from '../../src/domain';
import type {
  AttendanceStats,
  CharacteristicGroup,
  CharacteristicKey,
  CharacteristicSpan,
  StatEntry,
} from '../../src/domain';
import { countsByPupil } from '../../src/server/reports/pupilCounts';
import {
  absenceMappingReport,
  absenceReport,
  certificateReport,
  dutyAlertsReport,
  latenessReport,
  penaltyNoticeReport,
  summaryReport,
} from '../../src/server/reports/reportService';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';
import { insertEntries, leadContext } from './reportsFixtures';
import { createSyncSchool } from './syncFixtures';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 60_000 });

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(() => t.close());

// Dates from before the 2024 code set (legacy codes) to the end of the 2024–25 year.
const FIRST_DAY = localDate('2024-07-01');
const DAYS = 395;
const PUPILS = 5;

// Runs spread their entries over 6 weeks, a term or the whole span, so that some pupils are
// dense enough to reach the penalty-notice, lateness and duty thresholds.
const arbEntryInput = (days: number) =>
  fc.record({
    pupil: fc.integer({ min: 0, max: PUPILS - 1 }),
    day: fc.integer({ min: 0, max: days - 1 }),
    part: fc.constantFrom('AM' as const, 'PM' as const),
    codeIndex: fc.nat(),
    // Weighted towards the codes reports are about: absences, lates, penalty-notice codes.
    favourite: fc.option(fc.constantFrom('G', 'O', 'U', 'N', 'L', 'I', '/'), { freq: 2 }),
    minutes: fc.option(fc.integer({ min: 0, max: 90 }), { freq: 3 }),
  });

// Born between 2005 (over 15 in every academic year the runs report on) and 2022 (nursery), half
// of them on a 31 August or 1 September, where the statistics' age range starts and ends.
const arbDateOfBirth = fc.oneof(
  fc.integer({ min: 0, max: 18 * 365 }).map((n) => addDays(localDate('2005-01-01'), n)),
  fc
    .record({ year: fc.integer({ min: 2005, max: 2022 }), day: fc.constantFrom('08-31', '09-01') })
    .map(({ year, day }) => localDate(`${year}-${day}`)),
);

// Each pupil's spans of one characteristic: up to three, one after another with gaps, the last
// open or closed, so pupils change group inside the range and some days are "not recorded".
const arbSpans = fc.array(
  fc.record({
    gap: fc.integer({ min: 0, max: 120 }),
    length: fc.option(fc.integer({ min: 1, max: 200 }), { freq: 4 }),
    valueIndex: fc.nat(),
  }),
  { maxLength: 3 },
);

function toSpans(
  key: CharacteristicKey,
  inputs: readonly { gap: number; length: number | null; valueIndex: number }[],
): CharacteristicSpan[] {
  const values = CHARACTERISTICS[key].values as readonly string[];
  const spans: CharacteristicSpan[] = [];
  let next = addDays(FIRST_DAY, -30);
  for (const input of inputs) {
    const from = addDays(next, input.gap);
    const to = input.length === null ? null : addDays(from, input.length - 1);
    spans.push({
      key,
      value: values[input.valueIndex % values.length] ?? 'yes',
      from,
      to,
    } as CharacteristicSpan);
    if (to === null) break;
    next = addDays(to, 1);
  }
  return spans;
}

const arbRun = fc.constantFrom(42, 120, DAYS).chain((days) =>
  fc
    .record({
      start: fc.integer({ min: 0, max: DAYS - days }),
      inputs: fc.integer({ min: 0, max: 240 }).chain((n) =>
        fc.uniqueArray(arbEntryInput(days), {
          // Enough marks for a dense pupil to cross the thresholds; some runs have none at all.
          minLength: n,
          maxLength: n,
          selector: (e) => `${e.pupil}:${e.day}:${e.part}`,
        }),
      ),
      // Half the runs report on the dates the entries were spread over, the rest on any range.
      aroundData: fc.boolean(),
      from: fc.integer({ min: 0, max: DAYS - 1 }),
      length: fc.integer({ min: 0, max: DAYS }),
      birthDates: fc.array(arbDateOfBirth, { minLength: PUPILS, maxLength: PUPILS }),
      characteristic: fc.constantFrom(...CHARACTERISTIC_KEYS),
      spans: fc.array(arbSpans, { minLength: PUPILS, maxLength: PUPILS }),
      groupIndex: fc.nat(),
    })
    .map((run) => ({ ...run, days })),
);

type EntryInput = ReturnType<typeof arbEntryInput> extends fc.Arbitrary<infer T> ? T : never;

function toEntry(input: EntryInput, start: number, pupilIds: readonly string[]): StatEntry {
  const date = addDays(FIRST_DAY, start + input.day);
  const table = codeSetFor(date) === '2024' ? CODES_2024 : CODES_2006;
  const code =
    input.favourite !== null && lookupCode(input.favourite, date) !== null
      ? input.favourite
      : (table[input.codeIndex % table.length]?.code ?? '/');
  return {
    pupilId: pupilIds[input.pupil] ?? '',
    date,
    part: input.part,
    code,
    minutesLate: code === 'L' || code === 'U' ? input.minutes : null,
  };
}

/** The figures both sides give; `byCode` only where the SQL groups by code. */
function figures(stats: AttendanceStats, withByCode: boolean) {
  const { byCode, ...rest } = stats;
  return withByCode ? { ...rest, byCode: { ...byCode } } : rest;
}

function expectSameStats(sql: AttendanceStats, domain: AttendanceStats, withByCode = true): void {
  expect(figures(sql, withByCode)).toEqual(figures(domain, withByCode));
}

describe('SQL reports equal the domain statistics on random registers', () => {
  it('per pupil, per school, by part, weekday and week, certificates and every list', async () => {
    await fc.assert(
      fc.asyncProperty(arbRun, async (run) => {
        const school = await createSyncSchool(t.db, {
          staff: { lead: ['attendance_lead'] },
          groups: [
            { name: 'Year 3 — Foxes', yearGroup: '3', pupils: 3 },
            { name: 'Year 4 — Owls', yearGroup: '4', pupils: 2 },
          ],
        });
        const lead = school.member('lead');
        for (const [index, id] of school.pupilIds.entries()) {
          await t.db.query('UPDATE pupil SET date_of_birth = $2 WHERE id = $1', [
            id,
            run.birthDates[index],
          ]);
        }
        const bornOf = new Map(school.pupilIds.map((id, i) => [id, run.birthDates[i] ?? '']));
        const entries = run.inputs.map((i) => toEntry(i, run.start, school.pupilIds));
        await insertEntries(t.db, school.id, lead.id, entries);

        const from = addDays(FIRST_DAY, run.aroundData ? run.start : run.from);
        const to = addDays(from, run.aroundData ? run.days : run.length);
        const range = { from, to };
        const inRange = entries.filter((e) => from <= e.date && e.date <= to);
        // The domain's rule: the statistics' age range for the academic year of the range's end.
        const inCohort = (pupilId: string) =>
          statisticsCohortOf(localDate(bornOf.get(pupilId) ?? ''), to) === 'aged-5-to-15';
        const cohortEntries = inRange.filter((e) => inCohort(e.pupilId));
        const outsideEntries = inRange.filter((e) => !inCohort(e.pupilId));
        const ctx = await leadContext(t.db, school.id, lead.id, to);
        const query = { period: 'custom' as const, from, to, asOf: to };
        const { thresholds } = ctx.school.config;

        // Pupil characteristics: the summary split by one, and narrowed to one of its groups,
        // count each pupil in the group they were in on each day (characteristicOn).
        const key = run.characteristic;
        const spansOf = new Map(
          school.pupilIds.map((id, i) => [id, toSpans(key, run.spans[i] ?? [])]),
        );
        for (const [pupilId, spans] of spansOf) {
          for (const span of spans) {
            await t.db.query(
              `INSERT INTO pupil_characteristic (school_id, pupil_id, key, value, from_date, to_date)
               VALUES ($1, $2, $3, $4, $5, $6)`,
              [school.id, pupilId, span.key, span.value, span.from, span.to],
            );
          }
        }
        const valueOn = (e: StatEntry) =>
          characteristicOn(spansOf.get(e.pupilId) ?? [], key, e.date);
        const split = await summaryReport(
          t.db,
          ctx,
          { scope: 'school', ...query, splitBy: key },
          [],
        );
        const values: (string | null)[] = [...CHARACTERISTICS[key].values, null];
        expect(split.split?.rows.map((r) => r.value)).toEqual(
          values.filter((v) => cohortEntries.some((e) => valueOn(e) === v)),
        );
        for (const row of split.split?.rows ?? []) {
          const mine = cohortEntries.filter((e) => valueOn(e) === row.value);
          expectSameStats(row.stats, computeStats(mine));
          const statuses = [...statsByPupil(mine, range).values()]
            .filter((st) => st.possible > 0)
            .map((st) => absenceStatus(st, thresholds));
          expect(row.cohort).toMatchObject({
            pupils: statuses.length,
            persistent: statuses.filter((st) => st.persistent).length,
            severe: statuses.filter((st) => st.severe).length,
          });
          expect(row.suppressed).toBe(statuses.length < thresholds.smallGroupMinimum);
        }
        const groupValues = CHARACTERISTICS[key].values as readonly string[];
        const splitGroup = {
          key,
          value: groupValues[run.groupIndex % groupValues.length],
        } as CharacteristicGroup;
        const narrowed = await summaryReport(
          t.db,
          ctx,
          { scope: 'school', ...query, characteristic: `${splitGroup.key}:${splitGroup.value}` },
          [],
        );
        const inGroup = (e: StatEntry) => valueOn(e) === splitGroup.value;
        expectSameStats(narrowed.totals, computeStats(cohortEntries.filter(inGroup)));
        expectSameStats(
          narrowed.outsideAgeRange.totals,
          computeStats(outsideEntries.filter(inGroup)),
        );
        const listed = await absenceReport(t.db, ctx, {
          ...query,
          level: 'all',
          characteristic: `${splitGroup.key}:${splitGroup.value}`,
        });
        const onLastDay = (id: string) =>
          characteristicOn(spansOf.get(id) ?? [], key, to) === splitGroup.value;
        expect(
          [...listed.rows, ...listed.outsideAgeRange.rows].map((r) => r.pupil.id).sort(),
        ).toEqual(
          [...statsByPupil(inRange, range)]
            .filter(([id, st]) => st.possible > 0 && onLastDay(id))
            .map(([id]) => id)
            .sort(),
        );

        // The absence list split by the same characteristic: its pupils aged 5 to 15 counted in
        // the group they were in on the range's last day, judged on their whole record.
        const listSplit = await absenceReport(t.db, ctx, { ...query, level: 'all', splitBy: key });
        const judgedInCohort = [...statsByPupil(inRange, range)].filter(
          ([id, st]) => st.possible > 0 && inCohort(id),
        );
        const valueOnLastDay = (id: string) => characteristicOn(spansOf.get(id) ?? [], key, to);
        expect(listSplit.split?.rows.map((r) => r.value)).toEqual(
          values.filter((v) => judgedInCohort.some(([id]) => valueOnLastDay(id) === v)),
        );
        for (const row of listSplit.split?.rows ?? []) {
          const statuses = judgedInCohort
            .filter(([id]) => valueOnLastDay(id) === row.value)
            .map(([, st]) => absenceStatus(st, thresholds));
          expect(row.cohort).toMatchObject({
            pupils: statuses.length,
            persistent: statuses.filter((st) => st.persistent).length,
            severe: statuses.filter((st) => st.severe).length,
          });
        }

        // Per pupil (the lists' aggregate): every count, no per-code breakdown.
        const domainByPupil = statsByPupil(entries, range);
        const sqlByPupil = await countsByPupil(t.db, school.id, from, to, null);
        expect([...sqlByPupil.keys()].sort()).toEqual([...domainByPupil.keys()].sort());
        for (const [pupilId, domain] of domainByPupil) {
          const sql = sqlByPupil.get(pupilId);
          if (sql === undefined) throw new Error('missing pupil');
          expectSameStats(sql.stats, domain, false);
          expect(sql.illness).toBe(domain.byCode.I ?? 0);
        }

        // The school summary: headline totals and cohort over the statistics' age range, the
        // same apart for the rest; by part, by weekday, by week and groups over every pupil.
        const summary = await summaryReport(t.db, ctx, { scope: 'school', ...query }, []);
        expectSameStats(summary.totals, computeStats(cohortEntries));
        expectSameStats(summary.outsideAgeRange.totals, computeStats(outsideEntries));
        for (const row of summary.bySessionPart) {
          expectSameStats(row.stats, computeStats(inRange.filter((e) => e.part === row.part)));
        }
        expect(summary.bySessionPart.map((r) => r.part)).toEqual(
          [...new Set(inRange.map((e) => e.part))].sort(),
        );
        for (const row of summary.byWeekday) {
          expectSameStats(
            row.stats,
            computeStats(inRange.filter((e) => isoWeekday(e.date) === row.weekday)),
          );
        }
        const weeks = [...new Set(inRange.map((e) => mondayOf(e.date)))].sort();
        expect(summary.byWeek.map((w) => w.weekStart)).toEqual(weeks);
        summary.byWeek.forEach((row, i) => {
          expectSameStats(
            row.stats,
            computeStats(inRange.filter((e) => mondayOf(e.date) === row.weekStart)),
          );
          const upTo = inRange.filter((e) => mondayOf(e.date) <= (weeks[i] ?? ''));
          expect(row.cumulativeAttendancePercent).toBe(computeStats(upTo).attendancePercent);
        });
        const judged = [...domainByPupil.values()].filter((s) => s.possible > 0);
        const cohortFigures = (cohort: boolean) => {
          const statuses = [...domainByPupil]
            .filter(([id, s]) => s.possible > 0 && inCohort(id) === cohort)
            .map(([, s]) => absenceStatus(s, thresholds));
          return {
            pupils: statuses.length,
            persistent: statuses.filter((s) => s.persistent).length,
            severe: statuses.filter((s) => s.severe).length,
          };
        };
        expect(summary.cohort).toMatchObject(cohortFigures(true));
        expect(summary.outsideAgeRange.cohort).toMatchObject(cohortFigures(false));
        for (const group of school.groups) {
          const row = summary.byGroup.find((g) => g.groupId === group.id);
          const groupEntries = inRange.filter((e) => group.pupilIds.includes(e.pupilId));
          if (groupEntries.length === 0) expect(row).toBeUndefined();
          else expectSameStats(row?.stats as AttendanceStats, computeStats(groupEntries));
        }

        // A group summary: only its pupils.
        const group = school.groups[0];
        if (group === undefined) throw new Error('no group');
        const groupSummary = await summaryReport(
          t.db,
          ctx,
          { scope: 'group', groupId: group.id, ...query },
          [],
        );
        expectSameStats(
          groupSummary.totals,
          computeStats(cohortEntries.filter((e) => group.pupilIds.includes(e.pupilId))),
        );
        expectSameStats(
          groupSummary.outsideAgeRange.totals,
          computeStats(outsideEntries.filter((e) => group.pupilIds.includes(e.pupilId))),
        );

        // The organisation summary of a trust with this one school.
        const trust = await summaryReport(t.db, ctx, { scope: 'organisation', ...query }, [
          school.id,
        ]);
        expectSameStats(trust.totals, computeStats(cohortEntries));
        expectSameStats(trust.outsideAgeRange.totals, computeStats(outsideEntries));
        expectSameStats(trust.bySchool[0]?.stats as AttendanceStats, computeStats(cohortEntries));
        expect(trust.cohort).toMatchObject(cohortFigures(true));
        expect(trust.outsideAgeRange.cohort).toMatchObject(cohortFigures(false));
        expect(trust.bySchool[0]?.cohort).toMatchObject(cohortFigures(true));

        // A certificate: every figure, absence by reason, the strip's marks.
        const pupilId = school.pupilIds[0] ?? '';
        const own = inRange.filter((e) => e.pupilId === pupilId);
        const certificate = await certificateReport(t.db, ctx, pupilId, query);
        const domainOwn = computeStats(own);
        expectSameStats(certificate.stats, domainOwn);
        expect(certificate.status).toEqual(absenceStatus(domainOwn, thresholds));
        for (const reason of certificate.absenceByReason) {
          expect(reason.sessions).toBe(
            own.filter(
              (e) =>
                e.code === reason.code &&
                ['AUTH', 'UNAUTH'].includes(lookupCode(e.code, e.date)?.category ?? ''),
            ).length,
          );
        }
        expect(certificate.absenceByReason.reduce((n, r) => n + r.sessions, 0)).toBe(
          domainOwn.overallAbsence,
        );
        const stripMarks = certificate.weeks
          .flatMap((w) => w.days)
          .flatMap((d) => [
            { date: d.date, part: 'AM', code: d.AM.code },
            { date: d.date, part: 'PM', code: d.PM.code },
          ])
          .filter((m) => m.code !== null);
        expect(stripMarks.length).toBe(own.length);

        // The absence list: every pupil with a possible session, the domain's status for each.
        const absence = await absenceReport(t.db, ctx, { ...query, level: 'all' });
        expect(absence.rows.length + absence.outsideAgeRange.rows.length).toBe(judged.length);
        expect(absence.rows.every((r) => inCohort(r.pupil.id))).toBe(true);
        expect(absence.outsideAgeRange.rows.every((r) => !inCohort(r.pupil.id))).toBe(true);
        for (const row of [...absence.rows, ...absence.outsideAgeRange.rows]) {
          const domain = domainByPupil.get(row.pupil.id);
          if (domain === undefined) throw new Error('pupil not in the domain figures');
          expect(row).toMatchObject({
            possible: domain.possible,
            attended: domain.attended,
            authorised: domain.authorised,
            unauthorised: domain.unauthorised,
            overallAbsence: domain.overallAbsence,
            attendancePercent: domain.attendancePercent,
            overallAbsencePercent: domain.overallAbsencePercent,
            status: absenceStatus(domain, thresholds),
          });
        }

        // Penalty notices and lateness: the domain's decisions on the same entries.
        const notices = await penaltyNoticeReport(t.db, ctx, query);
        const lateness = await latenessReport(t.db, ctx, query);
        const duties = await dutyAlertsReport(t.db, ctx, query);
        for (const [index, id] of school.pupilIds.entries()) {
          const yearGroup = index < 3 ? '3' : '4';
          const mine = inRange.filter((e) => e.pupilId === id);
          const born = localDate(bornOf.get(id) ?? '');
          const mineCompulsory = mine.filter((e) => isOfCompulsorySchoolAge(born, e.date));
          const domainNotice = penaltyNoticeStatus(mineCompulsory, ctx.school.config, yearGroup);
          const row = notices.rows.find((r) => r.pupil.id === id);
          if (domainNotice.status === 'not-met' || mineCompulsory.length === 0)
            expect(row).toBeUndefined();
          else
            expect(row).toMatchObject({
              status: domainNotice.status,
              window: domainNotice.window,
              firmSessions: domainNotice.firmSessions.map((e) => ({
                date: e.date,
                part: e.part,
                code: e.code,
              })),
              pendingSessions: domainNotice.pendingSessions.map((e) => ({
                date: e.date,
                part: e.part,
                code: e.code,
              })),
            });

          const lookBack = entries.filter(
            (e) => e.pupilId === id && addDays(from, -7 * 2 * 12) <= e.date && e.date <= to,
          );
          const domainLate = latenessStatus(lookBack, ctx.school.config, to, {
            since: from,
            yearGroup,
          });
          const lateRow = lateness.rows.find((r) => r.pupil.id === id);
          if (domainLate.lates === 0) expect(lateRow).toBeUndefined();
          else {
            const ownStats = computeStats(mine);
            expect(lateRow).toMatchObject({
              lates: domainLate.lates,
              lateBeforeClose: ownStats.lateBeforeClose,
              lateAfterClose: ownStats.lateAfterClose,
              minutesLateBeforeClose: ownStats.minutesLateBeforeClose,
              minutesLateAfterClose: ownStats.minutesLateAfterClose,
              letterDue: domainLate.letterDue,
              escalation: {
                mostLatesInWindow: domainLate.escalation.mostLatesInWindow,
                window: domainLate.escalation.window,
                latesInCurrentWindow: domainLate.escalation.latesInCurrentWindow,
                reached: domainLate.escalation.reached,
              },
            });
          }

          const ownStats = computeStats(mine);
          const la = laDuties(
            { unauthorised: ownStats.unauthorised, illness: ownStats.byCode.I ?? 0 },
            thresholds.localAuthority,
          );
          const kinds = duties.alerts.filter((a) => a.pupil.id === id).map((a) => a.kind);
          expect(kinds.includes('la-unauthorised')).toBe(la.informOfUnauthorised);
          expect(kinds.includes('la-sickness')).toBe(la.sicknessReturn);
        }

        // Absence mapping: shared sessions and absences together, counted by hand.
        const mapping = await absenceMappingReport(t.db, ctx, pupilId, {
          ...query,
          absence: 'all',
        });
        const possibleOf = (e: StatEntry) => lookupCode(e.code, e.date)?.possible ?? false;
        const absentOf = (e: StatEntry) =>
          ['AUTH', 'UNAUTH'].includes(lookupCode(e.code, e.date)?.category ?? '');
        const chosen = new Map(
          own.filter(possibleOf).map((e) => [`${e.date}:${e.part}`, absentOf(e)]),
        );
        expect(mapping.possibleSessions).toBe(chosen.size);
        expect(mapping.absentSessions).toBe([...chosen.values()].filter(Boolean).length);
        const others = school.pupilIds.filter((id) => id !== pupilId);
        const pairs = others.map((id) => {
          const shared = inRange.filter(
            (e) => e.pupilId === id && possibleOf(e) && chosen.has(`${e.date}:${e.part}`),
          );
          return {
            id,
            shared: shared.length,
            chosen: shared.filter((e) => chosen.get(`${e.date}:${e.part}`) === true).length,
            other: shared.filter(absentOf).length,
            together: shared.filter(
              (e) => absentOf(e) && chosen.get(`${e.date}:${e.part}`) === true,
            ).length,
          };
        });
        const compared = pairs.filter((p) => p.shared > 0).length;
        expect(mapping.comparedPupils).toBe(compared);
        for (const pair of pairs) {
          const row = mapping.rows.find((r) => r.pupil.id === pair.id);
          if (pair.together < 2) {
            expect(row).toBeUndefined();
            continue;
          }
          const judgedPair = judgeCoAbsence(pair, compared);
          expect(row).toMatchObject({
            sharedSessions: pair.shared,
            chosenAbsences: pair.chosen,
            otherAbsences: pair.other,
            absentTogether: pair.together,
            pValue: judgedPair.pValue,
            significant: judgedPair.significant,
          });
        }
      }),
      { numRuns: 20, interruptAfterTimeLimit: 150_000, markInterruptAsFailure: true },
    );
  });
});
