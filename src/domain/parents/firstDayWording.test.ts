import { describe, expect, it } from 'vitest';
import { localDate } from '../time/localDate';
import {
  DEFAULT_FIRST_DAY_WORDING,
  FAMILY_LANGUAGES,
  familyLanguageOf,
  fillWording,
  sessionWordsIn,
  smsLength,
  wordingProblems,
} from './firstDayWording';

const good = DEFAULT_FIRST_DAY_WORDING['en-GB'];

describe('familyLanguageOf', () => {
  it.each([
    ['pl', 'pl'],
    ['pl-PL', 'pl'],
    ['Polish', 'pl'],
    [' polski ', 'pl'],
    ['en-GB', 'en-GB'],
    ['ur', 'en-GB'], // not shipped: English
    ['', 'en-GB'],
  ])('%s → %s', (tag, expected) => {
    expect(familyLanguageOf(tag)).toBe(expected);
  });
});

describe('wordingProblems', () => {
  it('passes every built-in wording', () => {
    for (const language of FAMILY_LANGUAGES) {
      expect(wordingProblems(DEFAULT_FIRST_DAY_WORDING[language])).toEqual([]);
    }
  });

  it('names an unknown merge field and the fields there are', () => {
    expect(wordingProblems({ ...good, smsBody: 'Hello {firstname}, call {school_phone}' })).toEqual(
      [
        'The text message uses {firstname}, which is not a merge field. Use {first_name}, {session}, {school_phone}, or take the braces away.',
      ],
    );
  });

  it('finds a brace with no partner, an empty part, a subject of two lines and a text too long', () => {
    const problems = wordingProblems({
      smsBody: 'x'.repeat(613),
      emailSubject: 'Absence\nof {first_name}',
      emailBody: 'Dear {first_name, please call',
    });
    expect(problems).toEqual([
      'The email has a brace with no partner. Merge fields are written like {first_name}.',
      'The text message is 613 characters; the most is 612. Shorten it.',
      'The email subject must be one line.',
    ]);
    expect(wordingProblems({ ...good, emailBody: '   ' })).toEqual([
      'The email is empty. Write what the family should read.',
    ]);
  });
});

describe('fillWording', () => {
  it('fills every merge field, each time it appears', () => {
    expect(
      fillWording('{first_name}: {session}. {first_name}, call {school_phone}', {
        first_name: 'Amelia',
        session: 'morning',
        school_phone: '01632 960000',
      }),
    ).toBe('Amelia: morning. Amelia, call 01632 960000');
  });
});

describe('smsLength', () => {
  it.each([
    ['a'.repeat(160), 160, false, 1],
    ['a'.repeat(161), 161, false, 2],
    ['a'.repeat(306), 306, false, 2],
    ['a'.repeat(307), 307, false, 3],
    ['€'.repeat(80), 160, false, 1], // an extension character counts twice
    ['ą'.repeat(70), 70, true, 1], // Polish letters are outside GSM: Unicode
    ['ą'.repeat(71), 71, true, 2],
    ['It’s', 4, true, 1], // a curly apostrophe makes the whole text Unicode
  ])('%#: %i characters, Unicode %s, %i segments', (text, characters, unicode, segments) => {
    expect(smsLength(text)).toEqual({ characters, unicode, segments });
  });
});

describe('sessionWordsIn', () => {
  it('says the session in the family’s language', () => {
    expect(sessionWordsIn('en-GB', localDate('2025-03-04'), 'AM')).toBe('morning (4 March 2025)');
    expect(sessionWordsIn('pl', localDate('2025-03-04'), 'PM')).toBe('po południu, 4 marca 2025');
  });
});
