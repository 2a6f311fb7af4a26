import { describe, expect, it } from 'vitest';
import { YEAR_GROUPS } from './schoolConfig';
import { isYearGroup, yearGroupName } from './yearGroups';

describe('year groups', () => {
  it('knows the national year groups and nothing else', () => {
    for (const yearGroup of YEAR_GROUPS) expect(isYearGroup(yearGroup)).toBe(true);
    for (const text of ['', '0', '14', 'Y7', 'r', 'N3']) expect(isYearGroup(text)).toBe(false);
  });

  it.each([
    ['R', 'Reception'],
    ['N1', 'Nursery 1'],
    ['N2', 'Nursery 2'],
    ['3', 'Year 3'],
    ['13', 'Year 13'],
  ])('%s is said "%s"', (yearGroup, name) => {
    expect(yearGroupName(yearGroup)).toBe(name);
  });
});
