/**
 * Refuses very common and guessable passwords (NCSC: a deny-list rather than composition rules),
 * with zxcvbn-ts and its common and English dictionaries: leaked-password lists, words, names,
 * keyboard walks, dates and l33t variants. Long passphrases pass; "Password123!" does not. The
 * dictionaries are large, so they are loaded on the first check rather than at start-up.
 */
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { ApiError } from '../http/apiError';

/**
 * zxcvbn's scale: 3 is "safely unguessable: moderate protection from an offline slow-hash
 * attack", which is what a stolen argon2id hash faces.
 */
export const MIN_PASSWORD_SCORE = 3;

let checker: Promise<ZxcvbnFactory> | null = null;

function loadChecker(): Promise<ZxcvbnFactory> {
  checker ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]).then(
    ([core, common, en]) =>
      new core.ZxcvbnFactory({
        translations: en.translations,
        graphs: common.adjacencyGraphs,
        dictionary: { ...common.dictionary, ...en.dictionary },
        useLevenshteinDistance: true,
      }),
  );
  return checker;
}

/** Each word of the person's name and email, and each run together ("adalovelace"), and ours. */
function guessableWords(personal: readonly string[]): string[] {
  const words = new Set(['tickmark', 'register', 'attendance']);
  for (const text of personal) {
    const lower = text.toLowerCase();
    for (const part of [lower, lower.split('@')[0] ?? '']) {
      const pieces = part.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3);
      for (const piece of pieces) words.add(piece);
      words.add(pieces.join(''));
    }
  }
  words.delete('');
  return [...words];
}

/**
 * Judges a new password, knowing what else the person typed (their name and email), which an
 * attacker would try first.
 *
 * @returns null when the password is strong enough, else a message saying what to do instead.
 */
export async function weakPasswordMessage(
  password: string,
  personal: readonly string[],
): Promise<string | null> {
  const zxcvbn = await loadChecker();
  const result = zxcvbn.check(password, guessableWords(personal));
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const warning = result.feedback.warning;
  return `is too easy to guess${warning === null || warning === '' ? '' : ` (${warning.replace(/\.$/, '').toLowerCase()})`}; use a longer passphrase, such as three or four random words`;
}

/** Refuses a guessable password, naming the field, before anything is written. */
export async function checkNewPassword(
  password: string,
  path: string,
  person: { name: string; email: string },
): Promise<void> {
  const weak = await weakPasswordMessage(password, [person.name, person.email]);
  if (weak === null) return;
  throw new ApiError('invalid_request', {
    message: `The password ${weak}.`,
    details: { issues: [{ path, message: weak }] },
  });
}
