/**
 * A few weeks of realistic past marks for the demo school, made by the same rules as real ones:
 * teachers take each register a few minutes after it starts, latecomers get `L` or `U` from the
 * register window, some absences start as `N` and the office later records the parent's reason
 * as an amendment, a few stay `N` for the chase list, and one pupil is away on an unauthorised
 * holiday. Generated from a fixed seed, so every fresh start shows the same history.
 */
import {
  addDays,
  decideArrival,
  openSessionsBetween,
  presentCode,
  schoolInstant,
  sessionTimesFor,
  type LocalDate,
  type MarkActor,
  type MarkEvent,
  type SchoolConfig,
  type WallTime,
} from '../../domain/index';
import { demoId, seededRandom, type DemoSchool } from './demoSchool';

/** An event with the server time it arrives at; serverSeq is given in arrival order on insert. */
export interface DemoEvent extends MarkEvent {
  readonly deviceId: string;
  readonly receivedAt: Date;
}

const REASONS_FOR_N = [
  ['I', 'Parent phoned: unwell'],
  ['I', 'Illness — parent emailed'],
  ['M', 'Dental appointment — parent phoned'],
  ['I', 'Parent phoned: sickness bug'],
] as const;

export function demoDeviceId(staffId: string): string {
  return demoId(`device:${staffId}`);
}

/**
 * Marks for every open session from `weeks` weeks before `today` up to and including the sessions
 * of `today` whose register has already closed at `now`.
 */
export function demoMarks(
  demo: DemoSchool,
  school: SchoolConfig,
  today: LocalDate,
  now: Date,
  weeks = 3,
): DemoEvent[] {
  const random = seededRandom(1_903);
  const events: DemoEvent[] = [];
  const office = demo.staff.find((s) => s.role === 'office');
  if (office === undefined) throw new Error('The demo school has no office staff.');
  const officeActor: MarkActor = { staffId: office.id, name: office.name, role: 'office' };
  // One pupil on an unauthorised term-time holiday for a week in the middle of the period.
  const holidayPupil = demo.pupils[17];
  const holidayFrom = addDays(today, -9);
  const holidayTo = addDays(today, -5);
  // A handful of pupils are often absent, so the reports have someone to find.
  const oftenAbsent = new Set(demo.pupils.filter((_, i) => i % 23 === 5).map((p) => p.id));
  let eventCounter = 0;
  const nextId = () => demoId(`event:${(eventCounter += 1)}`);

  for (const group of demo.groups) {
    const teacher = demo.staff.find((s) => s.role === 'teacher' && s.groupIds.includes(group.id));
    if (teacher === undefined) continue;
    const actor: MarkActor = { staffId: teacher.id, name: teacher.name, role: 'teacher' };
    const deviceId = demoDeviceId(teacher.id);
    const pupils = demo.pupils.filter((p) => p.groupId === group.id);
    const sessions = openSessionsBetween(
      school,
      addDays(today, -7 * weeks),
      today,
      group.yearGroup,
    );
    for (const session of sessions) {
      const times = sessionTimesFor(school, group, session.part);
      const closes = schoolInstant(session.date, times.registerCloses, school.timeZone);
      if (closes.getTime() > now.getTime()) continue;
      const takenAt = schoolInstant(session.date, (times.start + 3) as WallTime, school.timeZone);
      for (const pupil of pupils) {
        const base = {
          pupilId: pupil.id,
          session: { date: session.date, part: session.part },
          reason: null,
          baseEventId: null,
          deviceId,
          recordedAt: takenAt.toISOString(),
          receivedAt: new Date(takenAt.getTime() + 20_000),
        };
        const onHoliday =
          pupil.id === holidayPupil?.id && session.date >= holidayFrom && session.date <= holidayTo;
        const roll = random();
        const absentChance = oftenAbsent.has(pupil.id) ? 0.22 : 0.045;
        if (onHoliday) {
          events.push({
            ...base,
            eventId: nextId(),
            code: 'N',
            minutesLate: null,
            arrivedAt: null,
            actor,
          });
          continue;
        }
        if (roll < absentChance) {
          const firstId = nextId();
          events.push({
            ...base,
            eventId: firstId,
            code: 'N',
            minutesLate: null,
            arrivedAt: null,
            actor,
          });
          // Most reasons arrive the same day; those from the last couple of days are still being chased.
          if (session.date < addDays(today, -2) || random() < 0.5) {
            const [code, reason] = REASONS_FOR_N[Math.floor(random() * REASONS_FOR_N.length)] ?? [
              'I',
              'Parent phoned',
            ];
            const at = new Date(closes.getTime() + 25 * 60_000);
            events.push({
              ...base,
              eventId: nextId(),
              code,
              minutesLate: null,
              arrivedAt: null,
              reason,
              baseEventId: firstId,
              actor: officeActor,
              deviceId: demoDeviceId(office.id),
              recordedAt: at.toISOString(),
              receivedAt: new Date(at.getTime() + 5_000),
            });
          }
          continue;
        }
        if (roll < absentChance + 0.05) {
          // A latecomer, signed in at the office: minutes from the register start decide L or U.
          const late =
            roll < absentChance + 0.045
              ? 1 + Math.floor(random() * 12)
              : times.registerCloses - times.start + 5;
          const arrived = schoolInstant(
            session.date,
            (times.start + late) as WallTime,
            school.timeZone,
          );
          const decided = decideArrival(school, group, session, arrived);
          if (decided.ok) {
            events.push({
              ...base,
              eventId: nextId(),
              code: decided.value.code,
              minutesLate: decided.value.minutesLate,
              arrivedAt: arrived.toISOString(),
              actor,
            });
          }
          continue;
        }
        events.push({
          ...base,
          eventId: nextId(),
          code: presentCode(session.part),
          minutesLate: null,
          arrivedAt: null,
          actor,
        });
      }
    }
  }
  // The office amends the holiday once the family is back: G, unauthorised holiday.
  if (holidayPupil !== undefined) {
    const byEntry = new Map(
      events
        .filter((e) => e.pupilId === holidayPupil.id)
        .map((e) => [`${e.session.date}:${e.session.part}`, e]),
    );
    for (const event of [...byEntry.values()]) {
      if (event.code !== 'N' || event.session.date < holidayFrom || event.session.date > holidayTo)
        continue;
      const at = new Date(
        schoolInstant(addDays(holidayTo, 3), 600 as WallTime, school.timeZone).getTime(),
      );
      if (at.getTime() > now.getTime()) continue;
      events.push({
        ...event,
        eventId: nextId(),
        code: 'G',
        reason: 'Term-time holiday not authorised — family confirmed',
        baseEventId: event.eventId,
        actor: officeActor,
        deviceId: demoDeviceId(office.id),
        recordedAt: at.toISOString(),
        receivedAt: at,
      });
    }
  }
  return events.sort(
    (a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || (a.eventId < b.eventId ? -1 : 1),
  );
}
