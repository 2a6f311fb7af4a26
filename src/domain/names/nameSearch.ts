/**
 * Finding a person by typing part of their name, the one rule every pupil search uses. What an
 * office typist or an iPad produces must find the name as the school recorded it:
 * - case does not matter, and accents do not either ("zoe" finds Zoë), by decomposing (NFD)
 *   and dropping the combining marks;
 * - every apostrophe is the same one, and may be left out: an iPad types ’ where the roll has
 *   ', so "O’B", "O'B" and "ob" all find O'Brien;
 * - any part of a name matches, not only its start ("brien" finds O'Brien), and several words
 *   match in any order, with or without the comma of "Last, First".
 */

/** The apostrophes people (and keyboards) type: right and left quotes, modifier letter, grave, acute. */
const APOSTROPHES = /[’‘ʼ`´′]/gu;

/** A name or a query in the form searches compare: lower case, no accents, one apostrophe ('). */
export function foldName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(APOSTROPHES, "'")
    .toLocaleLowerCase('en-GB');
}

/** Folded, then without apostrophes, so "obrien" and "o'brien" compare equal. */
const squash = (text: string): string => foldName(text).replace(/'/gu, '');

/** The words of a query: split on spaces and commas ("Brien, Aoife" is two words). */
const queryWords = (typed: string): string[] =>
  squash(typed)
    .split(/[\s,]+/u)
    .filter((word) => word !== '');

/** The words of a name, split at anything that is not a letter or digit (spaces, hyphens, commas). */
const nameWords = (name: string): string[] =>
  squash(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');

/**
 * How well `typed` matches a person known by `names` (for a pupil: the display name and the
 * "Last, First" sort name): 0 when every word typed starts a word of a name, 1 when every word
 * is found somewhere inside one, null when it does not match or nothing was typed. Lower ranks
 * first, so "Ann" lists Ann Smith before Joanne Price.
 */
export function nameMatchRank(typed: string, names: readonly string[]): 0 | 1 | null {
  const wanted = queryWords(typed);
  if (wanted.length === 0) return null;
  const words = names.flatMap(nameWords);
  if (wanted.every((w) => words.some((word) => word.startsWith(w)))) return 0;
  const whole = names.map(squash);
  if (wanted.every((w) => whole.some((name) => name.includes(w)))) return 1;
  return null;
}

/** Whether `typed` finds a person known by `names` (see `nameMatchRank`). */
export function matchesName(typed: string, names: readonly string[]): boolean {
  return nameMatchRank(typed, names) !== null;
}
