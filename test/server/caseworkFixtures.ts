/**
 * Registers for casework tests: a pupil's marks laid on the open sessions of the test school's
 * calendar, written through the one write path for server-made marks (appendServerEvents), as
 * the office would enter them.
 */
import { randomUUID } from 'node:crypto';
import {
  localDate,
  openSessionsBetween,
  parseSchoolConfig,
  type LocalDate,
  type SchoolConfig,
  type SessionPart,
} from '../../src/domain/index';
import type { Database } from '../../src/server/db/database';
import { appendServerEvents } from '../../src/server/register/serverEvents';
import type { TestStaff } from './fixtures';
import { syncSchoolConfig, type SyncSchool } from './syncFixtures';

export function configOf(school: SyncSchool): SchoolConfig {
  const parsed = parseSchoolConfig(syncSchoolConfig(school.id, school.name));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

/** Marks `pupilId` on every open session from `from` to `to`: `/` unless `codeOn` says otherwise. */
export async function markRegister(
  db: Database,
  school: SyncSchool,
  by: TestStaff,
  pupilId: string,
  from: string,
  to: string,
  codeOn: (date: LocalDate, part: SessionPart) => string | undefined = () => undefined,
): Promise<void> {
  const sessions = openSessionsBetween(configOf(school), localDate(from), localDate(to), '3');
  const now = new Date();
  await db.transaction((tx) =>
    appendServerEvents(tx, {
      schoolId: school.id,
      now,
      events: sessions.map((s) => ({
        eventId: randomUUID(),
        pupilId,
        session: { date: s.date, part: s.part },
        code: codeOn(s.date, s.part) ?? '/',
        minutesLate: null,
        arrivedAt: null,
        reason: null,
        baseEventId: null,
        actor: { staffId: by.id, name: by.name, role: 'office' },
        deviceId: null,
        recordedAt: now.toISOString(),
      })),
    }),
  );
}
