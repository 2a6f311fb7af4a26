import { describe, expect, it } from 'vitest';
import { testSchool } from '../calendar/testSchool.fixture';
import { penaltyNoticeStatus } from '../stats/penaltyNotice';
import { entry, marksInWeek } from '../stats/statEntries.fixture';
import { addDays, localDate } from '../time/localDate';
import { penaltyNoticeAcrossSchools, withPriorSchoolSessions } from './priorSchool';

const school = testSchool();
const FIVE_FIRM = ['G', 'G', 'O', 'U', 'G'];
const FIVE_PRESENT = ['/', '/', '/', '/', '/'];

/** Sessions at the previous school, whose calendar this school does not know: Monday AM on. */
const weekThere = (monday: string, codes: readonly string[]) =>
  codes.map((code, i) =>
    entry(addDays(localDate(monday), Math.floor(i / 2)), i % 2 === 0 ? 'AM' : 'PM', code),
  );

describe('history at a previous school', () => {
  it('counts in the penalty-notice window: five there and five here reach the threshold', () => {
    const prior = marksInWeek(school, '2024-09-30', FIVE_FIRM);
    const here = marksInWeek(school, '2024-12-09', FIVE_FIRM);
    expect(penaltyNoticeStatus(here, school).status).toBe('not-met');
    const across = penaltyNoticeAcrossSchools(here, prior, school);
    expect(across.status).toBe('met');
    expect(across.firmSessions).toHaveLength(10);
  });

  it("makes every week the pupil had a session there a school week, even outside this school's terms", () => {
    // Summer 2024 at the previous school, before this school's calendar: five firm sessions in
    // the week of 3 June, then six weeks of attendance; here, five firm in the week of 14 October.
    const prior = [
      ...weekThere('2024-06-03', FIVE_FIRM),
      ...[1, 2, 3, 4, 5, 6].flatMap((w) =>
        weekThere(addDays(localDate('2024-06-03'), 7 * w), FIVE_PRESENT),
      ),
    ];
    const here = marksInWeek(school, '2024-10-14', FIVE_FIRM);
    // 3 June … 15 July (7 weeks) and 2 September … 14 October (7 weeks): 14 school weeks, so the
    // ten sessions are never within ten of them.
    expect(penaltyNoticeAcrossSchools(here, prior, school).status).toBe('not-met');
    // Leaving out the weeks of attendance there would wrongly bring them within ten.
    expect(penaltyNoticeStatus(withPriorSchoolSessions(here, prior), school).status).toBe('met');
  });

  it("keeps this school's mark where both schools hold one for the same session", () => {
    const merged = withPriorSchoolSessions(
      [entry('2024-09-02', 'AM', '/')],
      [entry('2024-09-02', 'AM', 'O'), entry('2024-09-02', 'PM', 'U')],
    );
    expect(merged.map((e) => `${e.date} ${e.part} ${e.code}`)).toEqual([
      '2024-09-02 AM /',
      '2024-09-02 PM U',
    ]);
  });
});
