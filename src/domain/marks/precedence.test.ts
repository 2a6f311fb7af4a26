import { describe, expect, it } from 'vitest';
import type { Role } from '../config/schoolConfig';
import { ROLES } from '../config/schoolConfig';
import { outranks, resolvesConflicts, ROLE_RANK } from './precedence';

describe('ROLE_RANK', () => {
  it('ranks admin, office and the attendance lead equally, above a teacher', () => {
    expect(ROLE_RANK.admin).toBe(ROLE_RANK.office);
    expect(ROLE_RANK.attendance_lead).toBe(ROLE_RANK.office);
    expect(ROLE_RANK.office).toBeGreaterThan(ROLE_RANK.teacher);
  });

  it('has a rank for every role and cannot be changed at run time', () => {
    expect(Object.keys(ROLE_RANK).sort()).toEqual([...ROLES].sort());
    expect(Object.isFrozen(ROLE_RANK)).toBe(true);
  });
});

describe('outranks', () => {
  it.each<[Role, Role, boolean]>([
    ['office', 'teacher', true],
    ['attendance_lead', 'teacher', true],
    ['admin', 'teacher', true],
    ['teacher', 'teacher', false],
    ['teacher', 'office', false],
    ['teacher', 'admin', false],
    ['office', 'admin', false],
    ['admin', 'attendance_lead', false],
    ['attendance_lead', 'office', false],
  ])('%s over %s → %s', (role, headRole, expected) => {
    expect(outranks(role, headRole)).toBe(expected);
  });

  it('follows a rank table passed in (docs/design.md §7.5)', () => {
    const ranks = { teacher: 1, office: 2, attendance_lead: 3, admin: 3, governor: 0 };
    expect(outranks('attendance_lead', 'office', ranks)).toBe(true);
    expect(outranks('office', 'attendance_lead', ranks)).toBe(false);
  });
});

describe('resolvesConflicts', () => {
  it.each<[Role, boolean]>([
    ['teacher', false],
    ['office', true],
    ['attendance_lead', true],
    ['admin', true],
  ])('%s → %s', (role, expected) => {
    expect(resolvesConflicts(role)).toBe(expected);
  });
});
