/**
 * Pupil characteristics: the groups the attendance lead analyses attendance by, the groups the DfE
 * publishes its benchmarks for, and the groups governors set targets for. One vocabulary for all
 * three, so that a school's group and the national figure it is compared with are the same group.
 *
 * Each characteristic is a value held over a span of dates (a pupil becomes eligible for free
 * school meals, leaves care, gets an EHC plan), so a report over a range counts a pupil in the
 * group they were in on each day. Characteristics are office-and-lead data: they never reach a
 * classroom tablet (docs/design.md §5).
 */
import type { LocalDate } from '../time/localDate';

/** Ethnicity major groups, as the DfE publishes them. The census's detailed codes map onto these. */
export const ETHNICITY_MAJOR_GROUPS = [
  'white',
  'mixed',
  'asian',
  'black',
  'chinese',
  'other',
  'unclassified',
] as const;
export type EthnicityMajorGroup = (typeof ETHNICITY_MAJOR_GROUPS)[number];

/** SEN provision, as the census records it: none, SEN support (K) or an EHC plan (E). */
export const SEN_PROVISIONS = ['none', 'senSupport', 'ehcPlan'] as const;
export type SenProvision = (typeof SEN_PROVISIONS)[number];

export const SEXES = ['female', 'male'] as const;
export type Sex = (typeof SEXES)[number];

/** First language: English (or believed to be), another language (EAL), or not known / refused. */
export const FIRST_LANGUAGES = ['english', 'other', 'unknown'] as const;
export type FirstLanguage = (typeof FIRST_LANGUAGES)[number];

const YES_NO = ['yes', 'no'] as const;
export type YesNo = (typeof YES_NO)[number];

/**
 * Every characteristic and the values a report groups by. A yes/no characteristic is held as
 * dated spans of "yes"; a day outside every span is "no".
 */
export const CHARACTERISTICS = {
  sex: { label: 'Sex', values: SEXES },
  ethnicity: { label: 'Ethnicity', values: ETHNICITY_MAJOR_GROUPS },
  firstLanguage: { label: 'First language', values: FIRST_LANGUAGES },
  sen: { label: 'SEN provision', values: SEN_PROVISIONS },
  fsm: { label: 'Free school meals', values: YES_NO },
  pupilPremium: { label: 'Pupil premium', values: YES_NO },
  childInNeed: { label: 'Child in need', values: YES_NO },
  childProtectionPlan: { label: 'Child protection plan', values: YES_NO },
  socialWorker: { label: 'Has a social worker', values: YES_NO },
  youngCarer: { label: 'Young carer', values: YES_NO },
  lookedAfter: { label: 'Looked after', values: YES_NO },
  previouslyLookedAfter: { label: 'Previously looked after', values: YES_NO },
  serviceChild: { label: 'Service child', values: YES_NO },
} as const;

export type CharacteristicKey = keyof typeof CHARACTERISTICS;
export const CHARACTERISTIC_KEYS = Object.keys(CHARACTERISTICS) as CharacteristicKey[];

/** The values one characteristic takes, e.g. `CharacteristicValue<'sen'>` is a `SenProvision`. */
export type CharacteristicValue<K extends CharacteristicKey> =
  (typeof CHARACTERISTICS)[K]['values'][number];

/** One group of pupils: a characteristic and one of its values, e.g. `{ key: 'sen', value: 'ehcPlan' }`. */
export type CharacteristicGroup = {
  [K in CharacteristicKey]: { readonly key: K; readonly value: CharacteristicValue<K> };
}[CharacteristicKey];

/** A value a pupil held from one day to another (`to` inclusive; null while it still holds). */
export interface CharacteristicSpan<K extends CharacteristicKey = CharacteristicKey> {
  readonly key: K;
  readonly value: CharacteristicValue<K>;
  readonly from: LocalDate;
  readonly to: LocalDate | null;
}

export function isCharacteristicKey(key: string): key is CharacteristicKey {
  return Object.hasOwn(CHARACTERISTICS, key);
}

export function isCharacteristicValue<K extends CharacteristicKey>(
  key: K,
  value: string,
): value is CharacteristicValue<K> {
  return (CHARACTERISTICS[key].values as readonly string[]).includes(value);
}
