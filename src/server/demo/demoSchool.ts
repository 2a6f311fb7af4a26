/**
 * Oakfield Primary, the invented school `npm start` opens with: Nursery to Year 6, about 200
 * pupils, staff in every role. Everything is generated from a fixed seed so every fresh start
 * shows the same school. Names are invented combinations, not real children.
 */
import { createHash } from 'node:crypto';
import type { YearGroup } from '../../domain/index';
import type { DemoCalendar } from './demoCalendar';

export const DEMO_PASSWORD = 'tickmark-demo';

/** A deterministic UUID (v4 layout) from a name, so re-running the generator gives the same ids. */
export function demoId(name: string): string {
  const hex = createHash('sha256').update(`tickmark-demo:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** mulberry32: a tiny seeded generator; the demo must be the same on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_NAMES = [
  'Amara',
  'Ben',
  'Chloe',
  'Dev',
  'Ella',
  'Finn',
  'Grace',
  'Harry',
  'Isla',
  'Jack',
  'Kai',
  'Lily',
  'Mason',
  'Nia',
  'Oscar',
  'Poppy',
  'Quinn',
  'Ruby',
  'Sami',
  'Tia',
  'Umar',
  'Violet',
  'Wes',
  'Xena',
  'Yusuf',
  'Zara',
  'Alfie',
  'Bella',
  'Charlie',
  'Daisy',
  'Eli',
  'Freya',
  'George',
  'Hana',
  'Ivy',
  'Jude',
  'Leo',
  'Maya',
  'Noah',
  'Orla',
  'Priya',
  'Reuben',
  'Sofia',
  'Theo',
  'Willow',
  'Aisha',
];
const LAST_NAMES = [
  'Adeyemi',
  'Brown',
  'Clarke',
  'Davies',
  'Evans',
  'Fletcher',
  'Green',
  'Hughes',
  'Iqbal',
  'Jones',
  'Khan',
  'Lewis',
  'Morgan',
  'Nowak',
  "O'Brien",
  'Patel',
  'Quinn',
  'Roberts',
  'Singh',
  'Taylor',
  'Usman',
  'Vaughan',
  'Walker',
  'Xu',
  'Young',
  'Zielinski',
  'Ahmed',
  'Bennett',
  'Carter',
  'Dixon',
];

export interface DemoGroup {
  readonly id: string;
  readonly name: string;
  readonly yearGroup: YearGroup;
}
export interface DemoPupil {
  readonly id: string;
  readonly upn: string;
  readonly legalFirstName: string;
  readonly preferredFirstName: string;
  readonly lastName: string;
  readonly dateOfBirth: string;
  readonly groupId: string;
  readonly onRollFrom: string;
  readonly send: boolean;
  readonly fsm: boolean;
  readonly lookedAfter: boolean;
  readonly socialWorker: boolean;
}
export interface DemoStaff {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: 'teacher' | 'office' | 'attendance_lead' | 'admin' | 'governor';
  readonly groupIds: readonly string[];
}
export interface DemoSchool {
  readonly organisation: { id: string; name: string };
  readonly schoolId: string;
  readonly schoolConfig: Record<string, unknown>;
  readonly groups: readonly DemoGroup[];
  readonly pupils: readonly DemoPupil[];
  readonly staff: readonly DemoStaff[];
}

const GROUPS: readonly [YearGroup, string, number][] = [
  ['N2', 'Nursery — Hedgehogs', 22],
  ['R', 'Reception — Robins', 26],
  ['1', 'Year 1 — Otters', 26],
  ['2', 'Year 2 — Kestrels', 25],
  ['3', 'Year 3 — Foxes', 26],
  ['4', 'Year 4 — Badgers', 25],
  ['5', 'Year 5 — Herons', 25],
  ['6', 'Year 6 — Owls', 30],
];

const TEACHERS = [
  'Hannah Lee',
  'Tom Okafor',
  'Priya Shah',
  'James Wright',
  'Sarah Bell',
  'Ade Bankole',
  'Megan Price',
  'Rhys Morgan',
];

/**
 * The calendar year of birth for a pupil of `yearGroup` in the academic year starting in
 * `academicYear`, for a birthday from January to August (September to December is the year
 * before). A year group holds the children born 1 September to 31 August: in 2025/26 Reception
 * was born from September 2020 to August 2021 (aged 4 on 31 August 2025, five during the year),
 * the nursery (N2) a year later, Year 6 from September 2014 to August 2015.
 */
function birthYearFor(yearGroup: YearGroup, academicYear: number): number {
  const offset: Record<string, number> = {
    N2: 3,
    R: 4,
    '1': 5,
    '2': 6,
    '3': 7,
    '4': 8,
    '5': 9,
    '6': 10,
  };
  return academicYear - (offset[yearGroup] ?? 4);
}

/** The demo organisation, school configuration, groups, pupils and staff. */
export function demoSchool(calendar: DemoCalendar): DemoSchool {
  const random = seededRandom(20_240_819);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const schoolId = demoId('school');
  const groups: DemoGroup[] = GROUPS.map(([yearGroup, name]) => ({
    id: demoId(`group:${yearGroup}`),
    name,
    yearGroup,
  }));
  const pupils: DemoPupil[] = [];
  GROUPS.forEach(([yearGroup, , size], groupIndex) => {
    const group = groups[groupIndex] as DemoGroup;
    // Two children with the same full name in one class would make the demo's register (and
    // its tests) ambiguous; a real school tells them apart, the invented one simply avoids it.
    const namesInClass = new Set<string>();
    for (let i = 0; i < size; i += 1) {
      let first = pick(FIRST_NAMES);
      let last = pick(LAST_NAMES);
      while (namesInClass.has(`${first} ${last}`)) {
        first = pick(FIRST_NAMES);
        last = pick(LAST_NAMES);
      }
      namesInClass.add(`${first} ${last}`);
      const serial = pupils.length + 1;
      const birthYear = birthYearFor(yearGroup, calendar.academicYear);
      const month = 1 + Math.floor(random() * 12);
      const day = 1 + Math.floor(random() * 28);
      pupils.push({
        id: demoId(`pupil:${serial}`),
        upn: `D${String(820_000_000_000 + serial).padStart(12, '0')}`,
        legalFirstName: first,
        preferredFirstName: first,
        lastName: last,
        dateOfBirth: `${month >= 9 ? birthYear - 1 : birthYear}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        groupId: group.id,
        onRollFrom: calendar.terms[0]?.start ?? `${calendar.academicYear}-09-01`,
        send: random() < 0.14,
        fsm: random() < 0.22,
        lookedAfter: random() < 0.01,
        socialWorker: random() < 0.03,
      });
    }
  });
  const staff: DemoStaff[] = [
    ...TEACHERS.map((name, index) => ({
      id: demoId(`staff:teacher:${index}`),
      name,
      email:
        index === 0
          ? 'teacher@oakfield.example'
          : `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@oakfield.example`,
      role: 'teacher' as const,
      groupIds: [(groups[index] as DemoGroup).id],
    })),
    {
      id: demoId('staff:office:0'),
      name: 'Olivia Grant',
      email: 'office@oakfield.example',
      role: 'office',
      groupIds: [],
    },
    {
      id: demoId('staff:office:1'),
      name: 'Marcus Reid',
      email: 'marcus.reid@oakfield.example',
      role: 'office',
      groupIds: [],
    },
    {
      id: demoId('staff:lead:0'),
      name: 'Dr Fiona Ellis',
      email: 'lead@oakfield.example',
      role: 'attendance_lead',
      groupIds: [],
    },
    {
      id: demoId('staff:admin:0'),
      name: 'Sam Patel',
      email: 'admin@oakfield.example',
      role: 'admin',
      groupIds: [],
    },
    {
      id: demoId('staff:governor:0'),
      name: 'Ruth Okafor',
      email: 'governor@oakfield.example',
      role: 'governor',
      groupIds: [],
    },
  ];
  const schoolConfig = {
    id: schoolId,
    name: 'Oakfield Primary School',
    dfeNumber: '999/2024',
    timeZone: 'Europe/London',
    sessions: {
      AM: { start: '08:45', registerCloses: '09:15' },
      PM: { start: '13:00', registerCloses: '13:15' },
    },
    // Seed 001: Nursery registers later in the morning and earlier after lunch.
    sessionOverrides: [
      {
        yearGroup: 'N2',
        AM: { start: '09:00', registerCloses: '09:15' },
        PM: { start: '12:00', registerCloses: '12:15' },
      },
      { keyStage: 'KS2', PM: { start: '13:15', registerCloses: '13:30' } },
    ],
    terms: calendar.terms,
    closures: calendar.closures,
    bankHolidays: calendar.bankHolidays,
    schoolDayHours: 6.5,
  };
  return {
    organisation: { id: demoId('organisation'), name: 'Oakfield Learning Trust' },
    schoolId,
    schoolConfig,
    groups,
    pupils,
    staff,
  };
}
