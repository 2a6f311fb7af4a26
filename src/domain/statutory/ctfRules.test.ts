import { describe, expect, it } from 'vitest';
import { localDate } from '../time/localDate';
import {
  CTF_LIMITS,
  checkCtfDateTime,
  checkDateOfBirth,
  checkDestination,
  checkEstab,
  checkFileSequence,
  checkLea,
  checkPersonName,
  checkSchoolName,
  checkSessionCount,
  checkUpn,
  ctfFileName,
  upnCheckLetter,
} from './ctfRules';

/** A UPN with the right check letter for its last 12 characters. */
export const upnFor = (rest: string): string => `${upnCheckLetter(`?${rest}`) ?? '?'}${rest}`;

describe('UPN check letter', () => {
  it.each([
    // The check letter is (Σ character × position, positions 2–13) mod 23 in ABCDEFGHJKLMNPQRTUVWXYZ.
    ['A123456789012', null],
    [upnFor('00000000000' + '0'), null], // all zeros: sum 0 → A
    [upnFor('99999999999' + '9'), null], // the largest sum of digits
    [upnFor('20100112345A'), null], // a temporary UPN ends in a letter
    [upnFor('20100112345Z'), null],
  ])('%s is a valid UPN', (upn, expected) => {
    expect(checkUpn(upn)).toBe(expected);
  });

  it('computes the letters the rule gives', () => {
    expect(upnCheckLetter('?000000000000')).toBe('A');
    expect(upnCheckLetter('?123456789012')).toBe('A');
    // 9 × (2 + … + 13) = 9 × 90 = 810; 810 mod 23 = 5 → F.
    expect(upnCheckLetter('?999999999999')).toBe('F');
  });

  it.each([
    ['', 'has no UPN'],
    ['A12345678901', 'has 12'],
    ['A1234567890123', 'has 14'],
    ['a123456789012', 'is not a UPN'],
    ['A12345678901I', 'is not a UPN'], // I, O and S are never used
    ['A1234567890X2', 'is not a UPN'],
    ['B123456789012', 'should be A'],
  ])('refuses %j', (upn, words) => {
    expect(checkUpn(upn)).toContain(words);
  });
});

describe('CTF values at their limits', () => {
  const name35 = 'A'.repeat(CTF_LIMITS.nameMax);
  it.each<[string, () => string | null, boolean]>([
    ['LEA of 3 digits', () => checkLea('000'), true],
    ['LEA 999', () => checkLea('999'), true],
    ['LEA of 2 digits', () => checkLea('12'), false],
    ['LEA of 4 digits', () => checkLea('1234'), false],
    ['Estab of 4 digits', () => checkEstab('0000'), true],
    ['Estab 9999', () => checkEstab('9999'), true],
    ['Estab of 3 digits', () => checkEstab('123'), false],
    ['Estab of 5 digits', () => checkEstab('12345'), false],
    ['destination unknown MMM/MMMM', () => checkDestination('MMM', 'MMMM'), true],
    ['destination abroad XXX/XXXX', () => checkDestination('XXX', 'XXXX'), true],
    ['destination MMM with a school number', () => checkDestination('MMM', '1234'), false],
    ['surname of 1 letter', () => checkPersonName('O', 'Surname'), true],
    ['surname of 35 letters', () => checkPersonName(name35, 'Surname'), true],
    ['surname of 36 letters', () => checkPersonName(`${name35}A`, 'Surname'), false],
    ['empty forename', () => checkPersonName('', 'Forename'), false],
    ["O'Brien-Smith Jr.", () => checkPersonName("O'Brien-Smith Jr.", 'Surname'), true],
    ['Zoë with an accent', () => checkPersonName('Zoë', 'Forename'), true],
    ['a name starting with a hyphen', () => checkPersonName('-Ann', 'Forename'), false],
    ['a name with a digit', () => checkPersonName('Ann2', 'Forename'), false],
    ['school name of 100 characters', () => checkSchoolName('S'.repeat(100)), true],
    ['school name of 101 characters', () => checkSchoolName('S'.repeat(101)), false],
    ['blank school name', () => checkSchoolName('  '), false],
    ['0 sessions', () => checkSessionCount(0, 'SessionsPossible'), true],
    ['999 sessions', () => checkSessionCount(999, 'SessionsPossible'), true],
    ['1000 sessions', () => checkSessionCount(1000, 'SessionsPossible'), false],
    ['-1 sessions', () => checkSessionCount(-1, 'SessionsPossible'), false],
    ['file number 1', () => checkFileSequence(1), true],
    ['file number 999', () => checkFileSequence(999), true],
    ['file number 0', () => checkFileSequence(0), false],
    ['file number 1000', () => checkFileSequence(1000), false],
    ['DateTime at midnight', () => checkCtfDateTime('2026-12-07T00:00:00'), true],
    ['DateTime at 23:59:59', () => checkCtfDateTime('2026-12-07T23:59:59'), true],
    ['DateTime at 24:00:00', () => checkCtfDateTime('2026-12-07T24:00:00'), false],
    ['DateTime on 30 February', () => checkCtfDateTime('2026-02-30T10:00:00'), false],
    ['DateTime with a zone', () => checkCtfDateTime('2026-12-07T10:00:00Z'), false],
    [
      'DOB the day before the file',
      () => checkDateOfBirth('2026-12-06', localDate('2026-12-07')),
      true,
    ],
    ['DOB on the file day', () => checkDateOfBirth('2026-12-07', localDate('2026-12-07')), false],
    ['DOB 31 June', () => checkDateOfBirth('2019-06-31', localDate('2026-12-07')), false],
  ])('%s', (_label, check, accepted) => {
    const problem = check();
    if (accepted) expect(problem).toBeNull();
    else expect(problem).toMatch(/\w/);
  });
});

describe('file name', () => {
  it('is LLLEEEE_CTF_DDDEEEE_NNN.xml', () => {
    expect(
      ctfFileName({
        sourceLea: '202',
        sourceEstab: '2001',
        destLea: '203',
        destEstab: '4000',
        sequence: 1,
      }),
    ).toBe('2022001_CTF_2034000_001.xml');
    expect(
      ctfFileName({
        sourceLea: '202',
        sourceEstab: '2001',
        destLea: 'MMM',
        destEstab: 'MMMM',
        sequence: 999,
      }),
    ).toBe('2022001_CTF_MMMMMMM_999.xml');
  });

  it('refuses a number it cannot write', () => {
    expect(() =>
      ctfFileName({
        sourceLea: '202',
        sourceEstab: '2001',
        destLea: '203',
        destEstab: '4000',
        sequence: 1000,
      }),
    ).toThrow(/1 to 999/);
    expect(() =>
      ctfFileName({
        sourceLea: '20',
        sourceEstab: '2001',
        destLea: '203',
        destEstab: '4000',
        sequence: 1,
      }),
    ).toThrow(/3-digit/);
  });
});
