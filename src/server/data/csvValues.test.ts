import { describe, expect, it } from 'vitest';
import { groupNameCell, labelCell, nameCell, RowProblems, staffNameCell } from './csvValues';

describe('names in imported files (pupils, staff, groups, terms and closures)', () => {
  it.each([nameCell, groupNameCell, staffNameCell, labelCell])(
    'strip bidirectional marks and zero-width characters an MIS export may carry',
    (cell) => {
      const p = new RowProblems(3);
      expect(p.read(cell, 'legal surname', '\u200FSmith\u200E\u200B', true)).toBe('Smith');
      expect(p.read(cell, 'legal surname', 'Abu \u202Eevil\u202C', true)).toBe('Abu evil');
      expect(p.ok).toBe(true);
    },
  );

  it('refuse control characters and line breaks, naming the row, the column and the character', () => {
    const p = new RowProblems(3);
    expect(p.read(nameCell, 'legal forename', 'Ada\u0007', true)).toBeUndefined();
    expect(p.read(nameCell, 'legal surname', 'Love\nlace', true)).toBeUndefined();
    expect(p.errors.map((e) => e.message)).toEqual([
      "row 3: legal forename 'Ada\u0007' must not contain a control character (U+0007, at character 4): remove it in the file (or in the MIS it came from) and import again",
      "row 3: legal surname 'Love\nlace' must not contain a line break (U+000A, at character 5): remove it in the file (or in the MIS it came from) and import again",
    ]);
  });
});
