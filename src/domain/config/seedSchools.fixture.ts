/**
 * Configurations for five real schools, from their published attendance policies, written as an
 * attendance lead would store them (raw JSON), for tests across the domain. Times come from each
 * policy; where a policy is silent the assumption is marked. Term dates are a typical 2025/26 year,
 * split at the half-terms, so the holidays are simply the gaps between terms.
 */
import { formatConfigIssue } from './configIssue';
import type { OrganisationConfigInput } from './configSchema';
import { parseOrganisationConfig } from './parseConfig';
import type { OrganisationConfig, SchoolConfig } from './schoolConfig';

export const TERMS_2025_26 = [
  { name: 'Autumn 1', start: '2025-09-03', end: '2025-10-24' },
  { name: 'Autumn 2', start: '2025-11-03', end: '2025-12-19' },
  { name: 'Spring 1', start: '2026-01-05', end: '2026-02-13' },
  { name: 'Spring 2', start: '2026-02-23', end: '2026-03-27' },
  { name: 'Summer 1', start: '2026-04-13', end: '2026-05-22' },
  { name: 'Summer 2', start: '2026-06-01', end: '2026-07-22' },
] as const satisfies OrganisationConfigInput['schools'][number]['terms'];

/** England and Wales bank holidays from August 2025 to August 2026 (gov.uk). */
export const BANK_HOLIDAYS_2025_26 = [
  '2025-08-25',
  '2025-12-25',
  '2025-12-26',
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
] as const;

/** INSET days on the first day back after a holiday, a common pattern. */
const INSET_2025_26 = [
  { name: 'INSET day', from: '2025-11-03' },
  { name: 'INSET day', from: '2026-01-05' },
];

/**
 * Seed 000: Dothill Primary School. The policy has the office close registers at 9:25 and
 * says registers close 30 minutes after the start, so the morning starts at 08:55. The
 * afternoon is not in the policy: 13:00, closing 13:15, is assumed.
 */
export const DOTHILL_PRIMARY = {
  id: 'dothill',
  name: 'Dothill Primary School',
  schools: [
    {
      id: 'dothill-primary',
      name: 'Dothill Primary School',
      sessions: {
        AM: { start: '08:55', registerCloses: '09:25' },
        PM: { start: '13:00', registerCloses: '13:15' },
      },
      terms: [...TERMS_2025_26],
      closures: INSET_2025_26,
      bankHolidays: [...BANK_HOLIDAYS_2025_26],
    },
  ],
} satisfies OrganisationConfigInput;

/**
 * Seed 001: The Mary Bassett Lower School (Nursery to Year 4). Mornings start at 08:45 for
 * Reception to Year 4 and 09:00 for Nursery; every morning register closes at 09:15. Afternoons
 * start at 12:00 for Nursery, 12:45 for Reception and Key Stage 1 and 13:30 for Key Stage 2;
 * the policy gives no afternoon close, so each closes 15 minutes later (assumed).
 */
export const MARY_BASSETT_LOWER = {
  id: 'mary-bassett',
  name: 'The Mary Bassett Lower School',
  schools: [
    {
      id: 'mary-bassett-lower',
      name: 'The Mary Bassett Lower School',
      sessions: {
        AM: { start: '08:45', registerCloses: '09:15' },
        PM: { start: '12:45', registerCloses: '13:00' },
      },
      sessionOverrides: [
        {
          yearGroup: 'N1',
          AM: { start: '09:00', registerCloses: '09:15' },
          PM: { start: '12:00', registerCloses: '12:15' },
        },
        {
          yearGroup: 'N2',
          AM: { start: '09:00', registerCloses: '09:15' },
          PM: { start: '12:00', registerCloses: '12:15' },
        },
        { keyStage: 'KS2', PM: { start: '13:30', registerCloses: '13:45' } },
      ],
      terms: [...TERMS_2025_26],
      closures: [
        ...INSET_2025_26,
        {
          name: 'Nursery home visits',
          from: '2025-09-03',
          to: '2025-09-05',
          yearGroups: ['N1', 'N2'],
        },
        {
          name: 'Nursery parents’ meetings',
          from: '2026-02-11',
          parts: ['PM'],
          yearGroups: ['N2'],
        },
      ],
      bankHolidays: [...BANK_HOLIDAYS_2025_26],
      thresholds: { attendanceTargetPercent: 97 },
    },
  ],
} satisfies OrganisationConfigInput;

/**
 * Seed 003: The Blue Sky Federation, two schools with their own times. Registers are taken at
 * 08:50 (Heelands) and 09:00 (Summerfield) in the morning and at 13:00 and 13:30 in the
 * afternoon, each kept open for fifteen minutes. `N` must be resolved within 5 working days.
 */
export const BLUE_SKY_FEDERATION = {
  id: 'blue-sky',
  name: 'The Blue Sky Federation',
  schools: [
    {
      id: 'heelands',
      name: 'Heelands School',
      sessions: {
        AM: { start: '08:50', registerCloses: '09:05' },
        PM: { start: '13:00', registerCloses: '13:15' },
      },
      terms: [...TERMS_2025_26],
      closures: INSET_2025_26,
      bankHolidays: [...BANK_HOLIDAYS_2025_26],
      thresholds: { nResolveSchoolDays: 5 },
    },
    {
      id: 'summerfield',
      name: 'Summerfield School',
      sessions: {
        AM: { start: '09:00', registerCloses: '09:15' },
        PM: { start: '13:30', registerCloses: '13:45' },
      },
      terms: [...TERMS_2025_26],
      closures: INSET_2025_26,
      bankHolidays: [...BANK_HOLIDAYS_2025_26],
      thresholds: { nResolveSchoolDays: 5 },
    },
  ],
} satisfies OrganisationConfigInput;

/**
 * Seed 004: St Vincent de Paul School. Registration starts at 08:45 and closes at 09:15. The
 * afternoon is not in the policy: 13:00, closing 13:15, is assumed.
 */
export const ST_VINCENT = {
  id: 'st-vincent',
  name: 'St Vincent de Paul School',
  schools: [
    {
      id: 'st-vincent',
      name: 'St Vincent de Paul School',
      sessions: {
        AM: { start: '08:45', registerCloses: '09:15' },
        PM: { start: '13:00', registerCloses: '13:15' },
      },
      terms: [...TERMS_2025_26],
      closures: INSET_2025_26,
      bankHolidays: [...BANK_HOLIDAYS_2025_26],
    },
  ],
} satisfies OrganisationConfigInput;

export const SEED_ORGANISATIONS = [
  DOTHILL_PRIMARY,
  MARY_BASSETT_LOWER,
  BLUE_SKY_FEDERATION,
  ST_VINCENT,
] as const;

/** The parsed configuration of a seed organisation; throws (a broken fixture is a bug). */
export function seedOrganisation(raw: OrganisationConfigInput): OrganisationConfig {
  const parsed = parseOrganisationConfig(raw);
  if (!parsed.ok) throw new Error(parsed.errors.map(formatConfigIssue).join('\n'));
  return parsed.value;
}

/** One seed school by id (`dothill-primary`, `mary-bassett-lower`, `heelands`, …), parsed. */
export function seedSchool(id: string): SchoolConfig {
  for (const raw of SEED_ORGANISATIONS) {
    const school = seedOrganisation(raw).schools.find((s) => s.id === id);
    if (school !== undefined) return school;
  }
  throw new Error(`no seed school has the id '${id}'`);
}
