import { describe, expect, it } from 'vitest';
import { closure, testSchool } from '../calendar/testSchool.fixture';
import { localDate } from '../time/localDate';
import { latenessStatus } from './lateness';
import { entry, marksInWeek } from './statEntries.fixture';

const school = testSchool();
const d = localDate;

describe('latenessStatus: the letter', () => {
  const lates = [
    entry('2024-09-09', 'AM', 'L', { minutesLate: 5 }),
    entry('2024-09-16', 'AM', 'U', { minutesLate: 35 }),
    entry('2024-09-23', 'PM', 'L', { minutesLate: 2 }),
    entry('2024-09-30', 'AM', 'L', { minutesLate: 9 }),
    entry('2024-09-30', 'PM', '\\'),
    entry('2024-10-01', 'AM', 'N'),
  ];

  it.each([
    ['2024-09-27', 3, false, 'three lates by 27 Sep: no letter yet'],
    ['2024-09-30', 4, true, 'the 4th late is on 30 Sep: letter due'],
    ['2024-12-20', 4, true, 'later on, still four'],
    ['2024-09-08', 0, false, 'before any late'],
  ])('as of %s: %i lates, letter %s (%s)', (asOf, count, due) => {
    const status = latenessStatus(lates, school, d(asOf));
    expect([status.lates, status.letterDue, status.letterCount]).toEqual([count, due, 4]);
  });

  it('counts L and U apart', () => {
    const status = latenessStatus(lates, school, d('2024-12-20'));
    expect([status.lateBeforeClose, status.lateAfterClose]).toEqual([3, 1]);
  });

  it('counts for the letter only from `since`', () => {
    const status = latenessStatus(lates, school, d('2024-12-20'), { since: d('2024-09-16') });
    expect(status.lates).toBe(3);
    expect(status.letterDue).toBe(false);
    // The rolling window is not cut at `since`.
    expect(status.escalation.mostLatesInWindow).toBe(4);
  });
});

describe('latenessStatus: escalation (6 lates in 12 school weeks)', () => {
  // Autumn 2024 school weeks: 2, 9, 16, 23, 30 Sep, 7, 14, 21 Oct, then half-term, 4 Nov …
  const inElevenSchoolWeeks = [
    ...marksInWeek(school, '2024-09-09', ['L']),
    ...marksInWeek(school, '2024-10-21', ['L', 'U']),
    ...marksInWeek(school, '2024-11-04', ['L']),
    ...marksInWeek(school, '2024-11-25', ['L', 'L']),
  ];
  const inThirteenSchoolWeeks = [
    ...marksInWeek(school, '2024-09-02', ['L']),
    ...marksInWeek(school, '2024-10-21', ['L', 'U']),
    ...marksInWeek(school, '2024-11-04', ['L']),
    ...marksInWeek(school, '2024-12-02', ['L', 'L']),
  ];

  it('is reached by 6 lates within 12 school weeks across a half-term', () => {
    const { escalation } = latenessStatus(inElevenSchoolWeeks, school, d('2024-12-20'));
    expect(escalation).toEqual({
      lates: 6,
      schoolWeeks: 12,
      mostLatesInWindow: 6,
      // Twelve school weeks back from 25 Nov, skipping half-term, is 2 Sep.
      window: { fromWeek: d('2024-09-02'), toWeek: d('2024-11-25') },
      latesInCurrentWindow: 5,
      reached: true,
    });
  });

  it('is not reached when the 6 lates spread over 13 school weeks', () => {
    const { escalation } = latenessStatus(inThirteenSchoolWeeks, school, d('2024-12-20'));
    expect(escalation.mostLatesInWindow).toBe(5);
    expect(escalation.reached).toBe(false);
  });

  it('only looks at windows ending on or before asOf', () => {
    // The last two lates are on Monday 25 Nov; as of the Friday before, four have happened.
    const { escalation } = latenessStatus(inElevenSchoolWeeks, school, d('2024-11-22'));
    expect(escalation.mostLatesInWindow).toBe(4);
    expect(escalation.latesInCurrentWindow).toBe(4);
    expect(escalation.reached).toBe(false);
  });

  it('skips a week closed to the pupil year group, so the window reaches further back', () => {
    const closedForYear3 = testSchool({
      closures: [
        closure('Year 3 week away cover', '2024-11-11', '2024-11-15', { yearGroups: ['3'] }),
      ],
    });
    const lates = [
      ...marksInWeek(closedForYear3, '2024-09-02', ['L']),
      ...marksInWeek(closedForYear3, '2024-10-21', ['L', 'U']),
      ...marksInWeek(closedForYear3, '2024-11-04', ['L']),
      ...marksInWeek(closedForYear3, '2024-12-02', ['L', 'L']),
    ];
    // 2 Sep to 2 Dec: 13 school weeks for Year 4, 12 for Year 3.
    const asOf = d('2024-12-20');
    expect(latenessStatus(lates, closedForYear3, asOf, { yearGroup: '3' }).escalation.reached).toBe(
      true,
    );
    expect(latenessStatus(lates, closedForYear3, asOf, { yearGroup: '4' }).escalation.reached).toBe(
      false,
    );
  });

  it('has no window without a late', () => {
    const { escalation } = latenessStatus(
      [entry('2024-09-09', 'AM', '/')],
      school,
      d('2024-12-20'),
    );
    expect([escalation.mostLatesInWindow, escalation.window, escalation.reached]).toEqual([
      0,
      null,
      false,
    ]);
  });
});
