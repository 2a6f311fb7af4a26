import { describe, expect, it } from 'vitest';
import { homeSectionOf, sectionsFor } from './sections';

describe('sections by role', () => {
  it('gives a governor the governors’ section alone: no register, nothing naming a pupil', () => {
    expect(sectionsFor('governor').map((s) => s.id)).toEqual(['governors']);
    expect(homeSectionOf('governor')).toBe('governors');
  });

  it('starts everyone else at the register, and gives the lead and admins the governors’ section too', () => {
    for (const role of ['teacher', 'office', 'attendance_lead', 'admin'] as const) {
      expect(homeSectionOf(role)).toBe('register');
    }
    expect(sectionsFor('attendance_lead').map((s) => s.id)).toContain('governors');
    expect(sectionsFor('teacher').map((s) => s.id)).not.toContain('governors');
  });
});
