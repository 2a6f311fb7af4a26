/**
 * Shared pieces for client tests: a fresh database per test (fake-indexeddb, unique name), a
 * small roster, staff, and timers and a clock that a test moves by hand (fake-indexeddb itself
 * runs on real timers, so vitest's fake timers are not used).
 */
import { localDate, type MarkActor, type SessionRef } from '../domain/index';
import type { Roster } from '../shared/api/syncSchemas';
import type { Clock, Timers } from './clock';
import type { AppDb } from './db/appDb';
import type { EntryRow } from './db/entryRow';
import { openAppDb } from './db/db';

export const TEACHER: MarkActor = {
  staffId: '00000000-0000-4000-8000-00000000a001',
  name: 'Ms Teacher',
  role: 'teacher',
};
export const OTHER_TEACHER: MarkActor = {
  staffId: '00000000-0000-4000-8000-00000000a002',
  name: 'Mr Cover',
  role: 'teacher',
};
export const OFFICE: MarkActor = {
  staffId: '00000000-0000-4000-8000-00000000a003',
  name: 'Mrs Office',
  role: 'office',
};

export const GROUP_ID = '00000000-0000-4000-8000-00000000b001';
export const OTHER_GROUP_ID = '00000000-0000-4000-8000-00000000b002';
export const DEVICE_ID = '00000000-0000-4000-8000-00000000d001';
export const OTHER_DEVICE_ID = '00000000-0000-4000-8000-00000000d002';

/** Ada, Ben and Cat in class 3A; Dan in 3B; Eve left in July. */
export const PUPIL = {
  ada: '00000000-0000-4000-8000-00000000c001',
  ben: '00000000-0000-4000-8000-00000000c002',
  cat: '00000000-0000-4000-8000-00000000c003',
  dan: '00000000-0000-4000-8000-00000000c004',
  eve: '00000000-0000-4000-8000-00000000c005',
} as const;

export const MONDAY_AM: SessionRef = { date: localDate('2025-09-08'), part: 'AM' };
export const MONDAY_PM: SessionRef = { date: localDate('2025-09-08'), part: 'PM' };

export const ROSTER: Roster = {
  version: 1,
  organisation: { id: '00000000-0000-4000-8000-00000000f001', name: 'Test Trust' },
  schoolConfig: { id: 'test-school' },
  configVersions: [],
  groups: [
    { id: GROUP_ID, name: '3A', yearGroup: '3' },
    { id: OTHER_GROUP_ID, name: '3B', yearGroup: '3' },
  ],
  pupils: [
    pupil(PUPIL.ada, 'Ada', 'Adams', GROUP_ID),
    pupil(PUPIL.ben, 'Ben', 'Brown', GROUP_ID),
    pupil(PUPIL.cat, 'Cat', 'Clark', GROUP_ID),
    pupil(PUPIL.dan, 'Dan', 'Dawes', OTHER_GROUP_ID),
    {
      ...pupil(PUPIL.eve, 'Eve', 'Evans', GROUP_ID),
      onRollFrom: '2024-09-02',
      onRollTo: '2025-07-22',
    },
  ],
  staff: [
    { id: TEACHER.staffId, name: TEACHER.name, groupIds: [GROUP_ID] },
    { id: OTHER_TEACHER.staffId, name: OTHER_TEACHER.name, groupIds: [GROUP_ID] },
    { id: OFFICE.staffId, name: OFFICE.name, groupIds: [] },
  ],
};

function pupil(id: string, forename: string, surname: string, groupId: string) {
  return {
    id,
    displayName: `${forename} ${surname}`,
    sortName: `${surname}, ${forename}`,
    groupId,
    onRollFrom: '2025-09-01',
    onRollTo: null,
  };
}

let counter = 0;

/** A new, empty database with a name no other test uses. */
export function freshDb(): AppDb {
  counter += 1;
  return openAppDb(`tickmark-test-${counter}-${crypto.randomUUID()}`);
}

/** Ids 00000000-0000-4000-8000-0000000e0001, …0002, … in order, for readable expectations. */
export function sequentialIds(): () => string {
  let n = 0;
  return () => {
    n += 1;
    return `00000000-0000-4000-8000-${(0xe0000 + n).toString(16).padStart(12, '0')}`;
  };
}

/** Timers that run only when the test advances them; `clock` follows the same time. */
export class ManualTimers implements Timers {
  elapsed = 0;
  private nextId = 1;
  private tasks: { id: number; at: number; callback: () => void }[] = [];

  constructor(private readonly startMs: number = Date.parse('2025-09-08T08:00:00Z')) {}

  readonly clock: Clock = { now: () => this.startMs + this.elapsed };

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.tasks.push({ id, at: this.elapsed + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.tasks = this.tasks.filter((task) => task.id !== handle);
  }

  /** Delays (from now) of the timers still waiting, soonest first. */
  get waiting(): number[] {
    return this.tasks.map((task) => task.at - this.elapsed).sort((a, b) => a - b);
  }

  /** Moves time on by `ms`, running every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.elapsed + ms;
    for (;;) {
      const due = this.tasks
        .filter((task) => task.at <= target)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.tasks = this.tasks.filter((task) => task !== due);
      this.elapsed = due.at;
      due.callback();
    }
    this.elapsed = target;
  }
}

/** Ada's Monday morning entry as the server holds it: an N the office recorded. */
export const ADA_OFFICE_ENTRY: EntryRow = {
  pupilId: PUPIL.ada,
  sessionKey: '2025-09-08:AM',
  session: MONDAY_AM,
  code: 'N',
  minutesLate: null,
  arrivedAt: null,
  headEventId: '00000000-0000-4000-8000-0000000f0001',
  headSeq: 7,
  headRole: 'office',
  needsReview: false,
};
