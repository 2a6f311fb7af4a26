import { describe, expect, it } from 'vitest';
import {
  freeText,
  hiddenCharacterProblem,
  lineText,
  queuedFreeText,
  stripFormatting,
} from './plainText';

const name = lineText({ min: 1, max: 100, trim: true });
const note = freeText({ max: 500 });

describe('text people type', () => {
  it.each([
    ['a right-to-left override', 'Dentist \u202Eetoner', 'U+202E'],
    ['a left-to-right embedding', '\u202AAda', 'U+202A'],
    ['an isolate', 'Ada \u2067Lovelace\u2069', 'U+2067'],
    ['a right-to-left mark', 'Ada\u200F', 'U+200F'],
    ['a zero-width space', 'Ad\u200Ba', 'U+200B'],
    ['a byte-order mark', 'Ad\uFEFFa', 'U+FEFF'],
    ['a bell (C0 control)', 'Ada\u0007', 'U+0007'],
    ['a C1 control', 'Ada\u0085', 'U+0085'],
    ['DEL', 'Ada\u007F', 'U+007F'],
  ])('refuses %s in a name and in a note, naming the character', (_kind, text, code) => {
    const named = name.safeParse(text);
    expect(named.success).toBe(false);
    expect(named.error?.issues[0]?.message).toContain(code);
    expect(note.safeParse(text).success).toBe(false);
  });

  it('says where the character is and what to do', () => {
    expect(hiddenCharacterProblem('Dentist \u202Eetoner', { lineBreaks: true })).toBe(
      'must not contain a bidirectional control character (U+202E, at character 9): retype it without it, so the record reads as written',
    );
  });

  it('keeps the NUL message the API has always given', () => {
    expect(note.safeParse('Dentist\u0000').error?.issues[0]?.message).toBe(
      'must not contain the NUL character (U+0000)',
    );
  });

  it('lets a note run over lines and hold tabs, but not a name', () => {
    expect(note.safeParse('Rang at 9:05.\r\nMum says\tdentist.').success).toBe(true);
    expect(name.safeParse('Ada\nLovelace').error?.issues[0]?.message).toContain('a line break');
    expect(name.safeParse('Ada\tLovelace').error?.issues[0]?.message).toContain('a tab');
  });

  it('accepts every script, accents, emoji and the joiners scripts need', () => {
    for (const text of [
      'Siobhán Ní Bhriain',
      'Dafydd ap Gwilym',
      'محمد علی',
      'می‌خواهم', // Persian: a zero-width non-joiner inside the word
      'क्‍ष', // Devanagari with a zero-width joiner
      '👩‍👧 Family',
      'Zoë O’Connor-Smith',
    ]) {
      expect(name.safeParse(text).success, text).toBe(true);
    }
  });

  it('strips formatting characters from imported text, and nothing else', () => {
    expect(stripFormatting('\u200FSmith\u200E \u202Eevil\u202C\u200B')).toBe('Smith evil');
    expect(stripFormatting('می‌خواهم')).toBe('می‌خواهم');
  });

  it('strips formatting from a queued mark’s reason rather than refusing the mark, but still refuses controls', () => {
    const reason = queuedFreeText({ max: 500 });
    expect(reason.parse('Dentist \u202Eetoner\u202C\u200B')).toBe('Dentist etoner');
    expect(reason.safeParse('Dentist\u0007').success).toBe(false);
    expect(reason.safeParse('Dentist\u0000').error?.issues[0]?.message).toBe(
      'must not contain the NUL character (U+0000)',
    );
  });
});
