/**
 * Which group a pupil is in on a day, from their dated spans, and the census's codes read into
 * the vocabulary of characteristics.ts. Reports count a pupil in the group they were in on each
 * day of a range (docs/design.md §5 "Pupil characteristics"): these are the rules the SQL split
 * is checked against.
 */
import type { LocalDate } from '../time/localDate';
import type {
  CharacteristicKey,
  CharacteristicSpan,
  CharacteristicValue,
  EthnicityMajorGroup,
  FirstLanguage,
  SenProvision,
  Sex,
} from './characteristics';
import { CHARACTERISTICS } from './characteristics';

/** The yes/no characteristics: held as spans of "yes", "no" on every other day. */
export function isYesNoKey(key: CharacteristicKey): boolean {
  return (CHARACTERISTICS[key].values as readonly string[]).includes('yes');
}

/**
 * The value of `key` for a pupil on `date`: the span holding that day, else "no" for a yes/no
 * characteristic, else null (not recorded: the pupil is in none of the key's groups that day).
 */
export function characteristicOn<K extends CharacteristicKey>(
  spans: readonly CharacteristicSpan[],
  key: K,
  date: LocalDate,
): CharacteristicValue<K> | null {
  for (const span of spans) {
    if (span.key === key && span.from <= date && (span.to === null || date <= span.to)) {
      return span.value as CharacteristicValue<K>;
    }
  }
  return isYesNoKey(key) ? ('no' as CharacteristicValue<K>) : null;
}

/** Whether two spans of the same key share a day (a pupil holds one value of a key at a time). */
export function spansOverlap(a: CharacteristicSpan, b: CharacteristicSpan): boolean {
  if (a.key !== b.key) return false;
  const aEndsBeforeB = a.to !== null && a.to < b.from;
  const bEndsBeforeA = b.to !== null && b.to < a.from;
  return !aEndsBeforeB && !bEndsBeforeA;
}

// ── The school census's codes ─────────────────────────────────────────────────────────────────

/** Sex as the census records it: M or F. */
export function sexOfCensusCode(code: string): Sex | null {
  const c = code.trim().toUpperCase();
  if (c === 'M' || c === 'MALE') return 'male';
  if (c === 'F' || c === 'FEMALE') return 'female';
  return null;
}

const ETHNICITY_BY_LETTER: Readonly<Record<string, EthnicityMajorGroup>> = {
  W: 'white',
  M: 'mixed',
  A: 'asian',
  B: 'black',
  C: 'chinese',
  O: 'other',
};

/**
 * A census ethnicity code (4 letters, main or extended list: WBRI, WIRT, MWBC, APKN, BAFR, CHNE,
 * OOTH…) as its major group, which its first letter names; REFU (refused) and NOBT (not obtained)
 * are unclassified. Null for anything else.
 */
export function ethnicityOfCensusCode(code: string): EthnicityMajorGroup | null {
  const c = code.trim().toUpperCase();
  if (c === 'REFU' || c === 'NOBT') return 'unclassified';
  if (!/^[A-Z]{4}$/.test(c)) return null;
  return ETHNICITY_BY_LETTER[c.charAt(0)] ?? null;
}

/**
 * A census first-language code: ENG (English) and ENB (believed to be English) are English;
 * NOT (not obtained) and REF (refused) are unknown; OTH, OTB and every language's own code
 * (3 or 4 letters: POL, URD, PNJ…) are another language. Null for anything else.
 */
export function firstLanguageOfCensusCode(code: string): FirstLanguage | null {
  const c = code.trim().toUpperCase();
  if (c === 'ENG' || c === 'ENB') return 'english';
  if (c === 'NOT' || c === 'REF') return 'unknown';
  if (/^[A-Z]{3,4}$/.test(c)) return 'other';
  return null;
}

/** A census SEN provision code: N (none), K (SEN support), E (EHC plan; S, the old statement). */
export function senOfCensusCode(code: string): SenProvision | null {
  const c = code.trim().toUpperCase();
  if (c === 'N') return 'none';
  if (c === 'K') return 'senSupport';
  if (c === 'E' || c === 'S') return 'ehcPlan';
  return null;
}
