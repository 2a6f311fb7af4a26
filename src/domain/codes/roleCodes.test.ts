import { describe, expect, it } from 'vitest';
import { parsedSchool as school } from '../config/parsedSchool.fixture';
import { localDate } from '../time/localDate';
import { CODE_STRINGS_2024 } from './attendanceCodes';
import { codesFor, mayEnter, otherCodes } from './roleCodes';

const AM = { date: localDate('2025-09-08'), part: 'AM' as const };

describe('codes on offer', () => {
  it('offers a teacher the off-site codes besides present, late and N', () => {
    expect(otherCodes(school(), 'teacher', AM)).toEqual(['B', 'V', 'P', 'W', 'K']);
    expect(mayEnter(school(), 'teacher', 'M')).toBe(false);
    expect(mayEnter(school(), 'teacher', 'N')).toBe(true);
  });

  it('follows the school’s own list for the role', () => {
    const strict = school({ roleCodes: { teacher: ['/', '\\', 'L', 'U', 'N'] } });
    expect(otherCodes(strict, 'teacher', AM)).toEqual([]);
  });

  it('offers the office every current code it may enter', () => {
    const codes = otherCodes(school(), 'office', AM);
    expect(codes).toContain('M');
    expect(codes).toContain('I');
    expect(codes).not.toContain('N');
    expect(mayEnter(school(), 'office', 'M')).toBe(true);
  });

  it('offers a governor nothing: the role is read-only', () => {
    expect(codesFor(school(), 'governor')).toEqual([]);
    expect(otherCodes(school(), 'governor', AM)).toEqual([]);
    for (const code of CODE_STRINGS_2024) {
      expect(mayEnter(school(), 'governor', code)).toBe(false);
    }
  });
});
