/**
 * The DfE's published absence figures as benchmarks (docs/design.md §8.12): which rows of the
 * published files Tickmark reads (geographic level, phase, pupil characteristic), how a published
 * characteristic maps onto the one vocabulary (`characteristics/characteristics.ts`), which phase
 * a school compares with, and the gap between a school's figure and a benchmark in days per pupil.
 */
import {
  CHARACTERISTIC_KEYS,
  CHARACTERISTICS,
  isCharacteristicKey,
  isCharacteristicValue,
  type CharacteristicGroup,
  type CharacteristicKey,
} from '../characteristics/characteristics';

/** The geographic levels read from a file; school and district rows are left out. */
export const BENCHMARK_LEVELS = ['national', 'regional', 'localAuthority'] as const;
export type BenchmarkLevel = (typeof BENCHMARK_LEVELS)[number];

/** The files' `geographic_level` values, as published. */
const LEVEL_LABELS: Readonly<Record<string, BenchmarkLevel>> = {
  national: 'national',
  regional: 'regional',
  localauthority: 'localAuthority',
};

/** The phases the files publish (`education_phase`, older files `school_type`). */
export const BENCHMARK_PHASES = ['all', 'primary', 'secondary', 'special'] as const;
export type BenchmarkPhase = (typeof BENCHMARK_PHASES)[number];

const PHASE_LABELS: Readonly<Record<string, BenchmarkPhase>> = {
  total: 'all',
  statefundedprimary: 'primary',
  statefundedsecondary: 'secondary',
  special: 'special',
};

/** The published label of each phase, for screens and messages. */
export const BENCHMARK_PHASE_NAMES: Readonly<Record<BenchmarkPhase, string>> = {
  all: 'All state-funded schools',
  primary: 'State-funded primary',
  secondary: 'State-funded secondary',
  special: 'Special',
};

const norm = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A published `geographic_level`, or null for levels not read (e.g. "Local authority district"). */
export function benchmarkLevelOf(label: string): BenchmarkLevel | null {
  return LEVEL_LABELS[norm(label)] ?? null;
}

/** A published phase, or null for phases not compared with (e.g. "Pupil referral unit"). */
export function benchmarkPhaseOf(label: string): BenchmarkPhase | null {
  return PHASE_LABELS[norm(label)] ?? null;
}

/** Who a published row counts: every pupil, one characteristic group, or a group we do not hold. */
export type PublishedGroup =
  | { readonly kind: 'all' }
  | { readonly kind: 'group'; readonly group: CharacteristicGroup }
  | { readonly kind: 'unmapped' };

const ALL: PublishedGroup = { kind: 'all' };
const UNMAPPED: PublishedGroup = { kind: 'unmapped' };
const group = (g: CharacteristicGroup): PublishedGroup => ({ kind: 'group', group: g });

const ETHNICITY_MAJOR: Readonly<Record<string, CharacteristicGroup>> = {
  white: { key: 'ethnicity', value: 'white' },
  mixed: { key: 'ethnicity', value: 'mixed' },
  asian: { key: 'ethnicity', value: 'asian' },
  black: { key: 'ethnicity', value: 'black' },
  chinese: { key: 'ethnicity', value: 'chinese' },
  anyotherethnicgroup: { key: 'ethnicity', value: 'other' },
  unclassified: { key: 'ethnicity', value: 'unclassified' },
};

/**
 * Maps a published characteristic (`characteristic` and `characteristic_breakdown`, or
 * `breakdown_topic` and `breakdown` in the newer files) onto the vocabulary. Breakdowns the
 * vocabulary does not hold (year group, SEN primary need, minor ethnic groups, FSM in the last six
 * years…) are `unmapped`, and a load counts them in its summary.
 */
export function publishedGroupOf(topic: string, breakdown: string): PublishedGroup {
  const t = norm(topic);
  const b = norm(breakdown);
  if (t === 'total' && (b === '' || b === 'total')) return ALL;
  if (t === 'sex' || t === 'gender') {
    if (b === 'female' || b === 'genderfemale') return group({ key: 'sex', value: 'female' });
    if (b === 'male' || b === 'gendermale') return group({ key: 'sex', value: 'male' });
    return UNMAPPED;
  }
  if (t === 'ethnicitymajor') {
    const g = ETHNICITY_MAJOR[b];
    return g === undefined ? UNMAPPED : group(g);
  }
  if (t === 'firstlanguage') {
    if (b.includes('otherthanenglish')) return group({ key: 'firstLanguage', value: 'other' });
    if (b.includes('english')) return group({ key: 'firstLanguage', value: 'english' });
    if (b === 'unclassified') return group({ key: 'firstLanguage', value: 'unknown' });
    return UNMAPPED;
  }
  if (t === 'senprovision') {
    if (b === 'noidentifiedsen') return group({ key: 'sen', value: 'none' });
    if (b === 'sensupport') return group({ key: 'sen', value: 'senSupport' });
    if (b === 'ehcplan' || b === 'statementorehcp' || b === 'ehcp')
      return group({ key: 'sen', value: 'ehcPlan' });
    return UNMAPPED;
  }
  if (t === 'fsm' || t === 'fsmeligibility' || t === 'freeschoolmeals') {
    if (b === 'fsmnoteligible' || b === 'noteligible') return group({ key: 'fsm', value: 'no' });
    if (b === 'fsmeligible' || b === 'eligible') return group({ key: 'fsm', value: 'yes' });
    return UNMAPPED;
  }
  return UNMAPPED;
}

/** The key a group is stored and looked up under: `all`, or `key:value` (e.g. `sen:ehcPlan`). */
export function groupKeyOf(g: CharacteristicGroup | null): string {
  return g === null ? 'all' : `${g.key}:${g.value}`;
}

const PRIMARY_YEARS = new Set(['N1', 'N2', 'R', '1', '2', '3', '4', '5', '6']);

/**
 * The phase a school compares with, from the year groups it teaches: primary when every year is
 * Nursery to Year 6, secondary when every year is 7 to 13, otherwise (all-through, none yet)
 * all state-funded schools.
 */
export function phaseOfYearGroups(yearGroups: Iterable<string>): BenchmarkPhase {
  let primary = 0;
  let secondary = 0;
  for (const y of yearGroups) {
    if (PRIMARY_YEARS.has(y)) primary += 1;
    else secondary += 1;
  }
  if (primary > 0 && secondary === 0) return 'primary';
  if (secondary > 0 && primary === 0) return 'secondary';
  return 'all';
}

/** A figure over a period: the sessions possible and missed, and how many pupils had them. */
export interface AbsenceFigure {
  readonly pupils: number;
  readonly possibleSessions: number;
  readonly overallAbsenceSessions: number;
}

/** Overall absence as a percentage of possible sessions, null without possible sessions. */
export function overallAbsencePercent(figure: AbsenceFigure): number | null {
  return figure.possibleSessions > 0
    ? (100 * figure.overallAbsenceSessions) / figure.possibleSessions
    : null;
}

/**
 * The gap between a school's (or group's) overall absence and a benchmark's, in days per pupil:
 *
 *   (school rate − benchmark rate) ÷ 100 × (school's possible sessions ÷ pupils) ÷ 2
 *
 * i.e. how many more days (two sessions a day) each of the school's pupils missed over the period
 * than they would have at the benchmark's rate. Positive: more absence than the benchmark; negative:
 * less. Null when the school has no pupils or no possible sessions. Rounded to one decimal place.
 */
export function gapInDaysPerPupil(
  school: AbsenceFigure,
  benchmarkOverallAbsencePercent: number,
): number | null {
  const rate = overallAbsencePercent(school);
  if (rate === null || school.pupils <= 0) return null;
  const sessionsPerPupil = school.possibleSessions / school.pupils;
  const days = (((rate - benchmarkOverallAbsencePercent) / 100) * sessionsPerPupil) / 2;
  const rounded = Math.round(days * 10) / 10;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** The group a stored key names (`groupKeyOf` backwards), or undefined for a key not in the vocabulary. */
export function groupOfKey(key: string): CharacteristicGroup | null | undefined {
  if (key === 'all') return null;
  const [k = '', value = ''] = key.split(':');
  if (!isCharacteristicKey(k) || !isCharacteristicValue(k, value)) return undefined;
  return { key: k, value } as CharacteristicGroup;
}

/** Every group in the vocabulary's order, every pupil first: the order a comparison lists them in. */
export function groupOrder(key: string): number {
  if (key === 'all') return -1;
  const [k = '', value = ''] = key.split(':');
  const keyIndex = CHARACTERISTIC_KEYS.indexOf(k as CharacteristicKey);
  const values: readonly string[] = isCharacteristicKey(k) ? CHARACTERISTICS[k].values : [];
  return keyIndex * 100 + values.indexOf(value);
}

/** "Autumn term 2024/25" from the files' `202425` and `Autumn term`. */
export function publishedPeriodLabel(timePeriod: string, timeIdentifier: string): string {
  const year = /^\d{6}$/.test(timePeriod)
    ? `${timePeriod.slice(0, 4)}/${timePeriod.slice(4)}`
    : timePeriod;
  return `${timeIdentifier} ${year}`;
}
