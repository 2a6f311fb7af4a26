import { describe, expect, it } from 'vitest';
import { CODES_2024 } from './attendanceCodes';
import { markTone } from './markTone';

describe('markTone', () => {
  it.each([
    [null, 'unmarked'],
    ['/', 'present'],
    ['\\', 'present'],
    ['L', 'late'],
    ['N', 'absent'],
    ['U', 'absent'],
    ['O', 'absent'],
    ['G', 'absent'],
    ['I', 'other'],
    ['V', 'other'],
    ['D', 'other'],
    ['#', 'other'],
  ] as const)('%s reads as %s', (code, tone) => {
    expect(markTone(code)).toBe(tone);
  });

  it('marks every unauthorised code, and only those among the absences, as one to act on', () => {
    for (const { code, category } of CODES_2024) {
      if (code === '/' || code === '\\' || code === 'L') continue;
      expect(markTone(code)).toBe(category === 'UNAUTH' ? 'absent' : 'other');
    }
  });
});
