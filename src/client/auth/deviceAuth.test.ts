import { describe, expect, it } from 'vitest';
import { SCHOOL_ID } from '../ui/screens.fixture';
import { effectiveRole } from './deviceAuth';

describe('effectiveRole', () => {
  const OTHER_SCHOOL = '00000000-0000-4000-8000-00000000f0a2';
  it.each([
    [[{ schoolId: SCHOOL_ID, schoolName: 'A', role: 'teacher' as const }], 'teacher'],
    [
      [
        { schoolId: SCHOOL_ID, schoolName: 'A', role: 'teacher' as const },
        { schoolId: SCHOOL_ID, schoolName: 'A', role: 'office' as const },
      ],
      'office',
    ],
    [[{ schoolId: OTHER_SCHOOL, schoolName: 'B', role: 'admin' as const }], null],
    [
      [
        { schoolId: OTHER_SCHOOL, schoolName: 'B', role: 'admin' as const },
        { schoolId: SCHOOL_ID, schoolName: 'A', role: 'teacher' as const },
      ],
      'teacher',
    ],
  ])('%j → %s', (roles, expected) => {
    expect(effectiveRole(roles, SCHOOL_ID)).toBe(expected);
  });
});
