/**
 * The school day the browser tests take registers on, whatever the real date is.
 *
 * The server checks every teacher's mark against its own (real) clock: the session must be a
 * school session of the stored calendar and not after today. So the day is the most recent open
 * school day on or before the real today in the demo calendar; the browser's clock (Playwright's
 * `clock`) is then set to a time on that day, and the server's never moves.
 *
 * The demo school is seeded as if the server had first started early that morning (see
 * e2eServer.ts), so its history covers the weeks before and the day itself has no marks yet:
 * a test started at 3 pm finds the same empty registers as one started at 7 am.
 */
import {
  addDays,
  openSessionsBetween,
  parseSchoolConfig,
  schoolInstant,
  sessionTimesFor,
  toSchoolWallClock,
  wallTime,
  type GroupRef,
  type LocalDate,
  type SchoolConfig,
  type SessionPart,
  type SessionTimes,
  type WallTime,
  type YearGroup,
} from '../../../src/domain';
import { academicYearOf, demoCalendar } from '../../../src/server/demo/demoCalendar';
import {
  DEMO_PASSWORD,
  demoSchool,
  type DemoGroup,
  type DemoPupil,
  type DemoSchool,
} from '../../../src/server/demo/demoSchool';

export { DEMO_PASSWORD };

export interface SchoolDay {
  /** The day the registers are taken on. */
  readonly date: LocalDate;
  /** The demo school as seeded for that day's academic year (same ids and names as the server). */
  readonly demo: DemoSchool;
  readonly config: SchoolConfig;
  /** The instant to seed the demo at: that morning, before any register of the day has closed. */
  readonly seedAt: Date;
}

const SEED_TIME = wallTime('07:00');

/**
 * The most recent open school day (AM and PM both open) before `now`'s date in London. Never today:
 * between midnight and the afternoon's close today's registers are still ahead of the server's
 * clock, which refuses an arrival in its future, so a run after midnight would fail.
 */
export function chooseSchoolDay(now: Date): SchoolDay {
  const today = toSchoolWallClock(now, 'Europe/London').date;
  const thisYear = academicYearOf(today);
  // In August, or before the first day of term, the current academic year has no past sessions:
  // the previous year's calendar has (its July).
  for (const year of [thisYear, thisYear - 1]) {
    const { demo, config } = demoFor(year);
    const sessions = openSessionsBetween(config, addDays(today, -400), addDays(today, -1));
    const fullDays = [...new Set(sessions.map((s) => s.date))].filter(
      (date) => sessions.filter((s) => s.date === date).length === 2,
    );
    const date = fullDays.at(-1);
    if (date === undefined) continue;
    const morning = schoolInstant(date, SEED_TIME, config.timeZone);
    const seedAt = morning.getTime() < now.getTime() ? morning : now;
    return { date, demo, config, seedAt };
  }
  throw new Error(`The demo calendar has no open school day before ${today}.`);
}

/** The school day chosen earlier (by the global setup), rebuilt from its date and seed instant. */
export function schoolDayOf(date: LocalDate, seedAt: Date): SchoolDay {
  const { demo, config } = demoFor(academicYearOf(date));
  return { date, demo, config, seedAt };
}

function demoFor(year: number): { demo: DemoSchool; config: SchoolConfig } {
  const demo = demoSchool(demoCalendar(year));
  const parsed = parseSchoolConfig(demo.schoolConfig);
  if (!parsed.ok) throw new Error('The demo school configuration does not parse.');
  return { demo, config: parsed.value };
}

/** A group of the demo school by year group (N2, R, 1…6). */
export function groupOf(day: SchoolDay, yearGroup: YearGroup): DemoGroup {
  const group = day.demo.groups.find((g) => g.yearGroup === yearGroup);
  if (group === undefined) throw new Error(`The demo school has no year group ${yearGroup}.`);
  return group;
}

/** The largest group (the "register of 30": the demo's biggest class has 26). */
export function largestGroup(day: SchoolDay): DemoGroup {
  const sizes = day.demo.groups.map((g) => ({ g, n: pupilsOf(day, g).length }));
  sizes.sort((a, b) => b.n - a.n);
  const first = sizes[0];
  if (first === undefined) throw new Error('The demo school has no groups.');
  return first.g;
}

/** A group's pupils in register order (surname, then forename: the server's `sortName`). */
export function pupilsOf(day: SchoolDay, group: DemoGroup): DemoPupil[] {
  return day.demo.pupils
    .filter((p) => p.groupId === group.id)
    .sort((a, b) =>
      `${a.lastName}, ${a.preferredFirstName}`.localeCompare(
        `${b.lastName}, ${b.preferredFirstName}`,
        'en-GB',
      ),
    );
}

export function displayNameOf(pupil: DemoPupil): string {
  return `${pupil.preferredFirstName} ${pupil.lastName}`;
}

/** Pupils of the group whose display name no other pupil of the group shares. */
export function uniquelyNamed(day: SchoolDay, group: DemoGroup): DemoPupil[] {
  const pupils = pupilsOf(day, group);
  return pupils.filter(
    (p) => pupils.filter((q) => displayNameOf(q) === displayNameOf(p)).length === 1,
  );
}

export function timesOf(day: SchoolDay, group: DemoGroup, part: SessionPart): SessionTimes {
  const ref: GroupRef = { id: group.id, yearGroup: group.yearGroup };
  return sessionTimesFor(day.config, ref, part);
}

/** The instant of a wall time on the school day, in the school's time zone. */
export function at(day: SchoolDay, time: WallTime | number): Date {
  return schoolInstant(day.date, time as WallTime, day.config.timeZone);
}

/** A staff member of the demo school by email. */
export function staffByEmail(day: SchoolDay, email: string): DemoSchool['staff'][number] {
  const staff = day.demo.staff.find((s) => s.email === email);
  if (staff === undefined) throw new Error(`The demo school has no staff member ${email}.`);
  return staff;
}
