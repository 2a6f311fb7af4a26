/**
 * A short tour of the register rules for the demo school, printed to the terminal: today's
 * sessions and register windows, how arrivals become `/`, `L` or `U`, and one pupil's figures.
 * It reads the clock here, at the edge, and hands the time to the domain like any caller would.
 */
import {
  addDays,
  computeStats,
  decideArrival,
  formatWallTime,
  openSessionsBetween,
  parseSchoolConfig,
  penaltyNoticeStatus,
  absenceStatus,
  schoolInstant,
  sessionOf,
  sessionTimesFor,
  timeMissed,
  toSchoolWallClock,
  type SchoolConfig,
  type StatEntry,
  type WallTime,
} from '../../domain/index';
import { academicYearOf, demoCalendar } from './demoCalendar';
import { demoSchool, seededRandom } from './demoSchool';

function loadDemo(now: Date) {
  const today = toSchoolWallClock(now, 'Europe/London').date;
  const demo = demoSchool(demoCalendar(academicYearOf(today)));
  const parsed = parseSchoolConfig(demo.schoolConfig);
  if (!parsed.ok)
    throw new Error(`The demo school's configuration is invalid: ${JSON.stringify(parsed.errors)}`);
  return { today, demo, school: parsed.value };
}

function sampleEntries(
  school: SchoolConfig,
  pupilId: string,
  from: string,
  to: string,
): StatEntry[] {
  const random = seededRandom(7);
  return openSessionsBetween(school, from as never, to as never).map((session) => {
    const roll = random();
    const code =
      roll < 0.06
        ? 'I'
        : roll < 0.08
          ? 'N'
          : roll < 0.1
            ? 'L'
            : roll < 0.11
              ? 'U'
              : session.part === 'AM'
                ? '/'
                : '\\';
    return {
      pupilId,
      date: session.date,
      part: session.part,
      code,
      minutesLate: code === 'L' ? 7 : code === 'U' ? 35 : null,
    };
  });
}

export function rulesDemo(now: Date): string {
  const { today, demo, school } = loadDemo(now);
  const lines: string[] = [];
  const say = (line = '') => lines.push(line);
  const wall = toSchoolWallClock(now, school.timeZone);
  say(`Tickmark — the register rules for ${school.name} (${school.timeZone})`);
  say(`Now: ${today} ${formatWallTime(wall.minutes)} on the school's clock.`);
  say();
  say('Today');
  for (const part of ['AM', 'PM'] as const) {
    const status = sessionOf(school, { date: today, part });
    say(
      `  ${part}: ${status === 'open' ? 'a school session' : status === 'closed' ? 'closed (planned closure, #)' : 'not a school day'}`,
    );
  }
  say();
  say('Register windows (on time until the start; L until the register closes; U after)');
  for (const group of demo.groups) {
    const am = sessionTimesFor(school, group, 'AM');
    const pm = sessionTimesFor(school, group, 'PM');
    say(
      `  ${group.name.padEnd(24)} AM ${formatWallTime(am.start)}–${formatWallTime(am.registerCloses)}   PM ${formatWallTime(pm.start)}–${formatWallTime(pm.registerCloses)}`,
    );
  }
  say();
  const group = demo.groups.find((g) => g.yearGroup === '3') ?? demo.groups[0];
  if (group === undefined) throw new Error('The demo school has no groups.');
  const times = sessionTimesFor(school, group, 'AM');
  say(`Arrivals for ${group.name}, morning of ${today}`);
  const arrivals: WallTime[] = [
    times.start - 1,
    times.start,
    times.start + 1,
    times.start + 10,
    times.registerCloses - 1,
    times.registerCloses,
  ].map((m) => m as WallTime);
  for (const minute of arrivals) {
    const decided = decideArrival(
      school,
      group,
      { date: today, part: 'AM' },
      schoolInstant(today, minute, school.timeZone),
    );
    if (!decided.ok) continue;
    const { code, minutesLate } = decided.value;
    say(
      `  arrives ${formatWallTime(minute)} → ${code}${minutesLate > 0 ? ` (${minutesLate} min late)` : ''}`,
    );
  }
  say();
  const pupil = demo.pupils.find((p) => p.groupId === group.id) ?? demo.pupils[0];
  const from = school.terms[0]?.start ?? today;
  const to = addDays(today, -1);
  if (pupil !== undefined && from <= to) {
    const entries = sampleEntries(school, pupil.id, from, to);
    const stats = computeStats(entries);
    const status = absenceStatus(stats, school.thresholds);
    const missed = timeMissed(stats, school.schoolDayHours);
    const pn = penaltyNoticeStatus(entries, school, group.yearGroup);
    say(`A sample pupil, ${pupil.preferredFirstName} ${pupil.lastName}, from ${from} to ${to}`);
    say(
      `  possible sessions ${stats.possible}, attended ${stats.attended}, authorised ${stats.authorised}, unauthorised ${stats.unauthorised}`,
    );
    say(
      `  attendance ${stats.attendancePercent?.toFixed(1) ?? 'n/a'}%; time missed ${missed.text}`,
    );
    say(`  late before close ${stats.lateBeforeClose}, after close ${stats.lateAfterClose}`);
    say(
      `  persistent absence: ${status.persistent ? 'yes' : 'no'}; severe: ${status.severe ? 'yes' : 'no'}; band: ${status.band?.name ?? 'none'}`,
    );
    say(`  penalty-notice threshold: ${pn.status}`);
  }
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('rulesDemo.ts')) {
  console.log(rulesDemo(new Date()));
}
