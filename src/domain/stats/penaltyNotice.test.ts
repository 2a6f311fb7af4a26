import { describe, expect, it } from 'vitest';
import {
  closure,
  TERMS_2024_25,
  TERMS_2025_26_AUTUMN,
  testSchool,
} from '../calendar/testSchool.fixture';
import { localDate } from '../time/localDate';
import { penaltyNoticeStatus } from './penaltyNotice';
import { entry, marksInWeek } from './statEntries.fixture';

const school = testSchool();
const d = localDate;
const FIVE_FIRM = ['G', 'G', 'O', 'U', 'G'];

// Autumn 2024 school weeks: 2 Sep … 21 Oct, then half-term (28 Oct), then 4 Nov … 16 Dec.
describe('penaltyNoticeStatus', () => {
  it('is met by 10 G/O/U sessions within 10 school weeks that span the half-term holiday', () => {
    // 30 Sep to 9 Dec is 11 calendar weeks but 10 school weeks.
    const entries = [
      ...marksInWeek(school, '2024-09-30', FIVE_FIRM),
      ...marksInWeek(school, '2024-12-09', FIVE_FIRM),
    ];
    const status = penaltyNoticeStatus(entries, school);
    expect(status.status).toBe('met');
    expect(status.window).toEqual({ fromWeek: d('2024-09-30'), toWeek: d('2024-12-09') });
    expect(status.firmSessions).toHaveLength(10);
    expect(status.pendingSessions).toEqual([]);
  });

  it('is not met by 10 sessions spread over 11 school weeks', () => {
    const entries = [
      ...marksInWeek(school, '2024-09-23', FIVE_FIRM),
      ...marksInWeek(school, '2024-12-09', FIVE_FIRM),
    ];
    const status = penaltyNoticeStatus(entries, school);
    expect(status.status).toBe('not-met');
    expect(status.firmSessions).toHaveLength(5);
    // The earliest window holding the worst count ends in the week of 23 Sep; it starts at the
    // first week of the calendar, as only three school weeks come before it.
    expect(status.window).toEqual({ fromWeek: d('2024-09-02'), toWeek: d('2024-09-23') });
  });

  it('is met for the same marks when a whole week in between is closed (not a school week)', () => {
    const withInsetWeek = testSchool({
      closures: [closure('Training week', '2024-11-04', '2024-11-08')],
    });
    const entries = [
      ...marksInWeek(withInsetWeek, '2024-09-23', FIVE_FIRM),
      ...marksInWeek(withInsetWeek, '2024-12-09', FIVE_FIRM),
    ];
    expect(penaltyNoticeStatus(entries, withInsetWeek).status).toBe('met');
  });

  it('is met only if unresolved with 8 firm sessions and 2 N', () => {
    const entries = [
      ...marksInWeek(school, '2024-11-11', ['G', 'G', 'G', 'G', 'N', 'N']),
      ...marksInWeek(school, '2024-11-18', ['O', 'O', 'U', 'U']),
    ];
    const status = penaltyNoticeStatus(entries, school);
    expect(status.status).toBe('met-if-n-unresolved');
    expect(status.firmSessions).toHaveLength(8);
    expect(status.pendingSessions.map((e) => e.code)).toEqual(['N', 'N']);
  });

  it('prefers a window that may meet the threshold to one with more firm sessions that cannot', () => {
    const entries = [
      ...marksInWeek(school, '2024-09-02', ['G', 'G', 'G', 'G', 'G', 'G', 'G', 'G', 'G']),
      ...marksInWeek(school, '2025-01-13', ['O', 'O', 'O', 'O', 'O', 'O', 'O', 'O', 'N', 'N']),
    ];
    const status = penaltyNoticeStatus(entries, school);
    expect(status.status).toBe('met-if-n-unresolved');
    expect(status.window?.toWeek).toBe(d('2025-01-13'));
  });

  it('is met on firm sessions alone, still listing the N in the window as pending', () => {
    const entries = [
      ...marksInWeek(school, '2025-03-03', ['G', 'G', 'G', 'G', 'G', 'G', 'G', 'G', 'G', 'G']),
      entry('2025-03-10', 'AM', 'N'),
    ];
    const status = penaltyNoticeStatus(entries, school);
    expect(status.status).toBe('met');
    expect(status.firmSessions).toHaveLength(10);
    expect(status.pendingSessions).toHaveLength(1);
  });

  it('spans the summer holiday into the next school year', () => {
    const twoYears = testSchool({ terms: [...TERMS_2024_25, ...TERMS_2025_26_AUTUMN] });
    const entries = [
      ...marksInWeek(twoYears, '2025-06-30', FIVE_FIRM),
      ...marksInWeek(twoYears, '2025-09-08', FIVE_FIRM),
    ];
    const status = penaltyNoticeStatus(entries, twoYears);
    expect(status.status).toBe('met');
    expect(status.window?.toWeek).toBe(d('2025-09-08'));
  });

  it('ignores authorised absence, presence and non-possible codes', () => {
    const entries = marksInWeek(school, '2024-09-09', [
      'I',
      'I',
      'M',
      '/',
      '\\',
      'C',
      'Y1',
      '#',
      'D',
      'E',
    ]);
    expect(penaltyNoticeStatus(entries, school)).toEqual({
      status: 'not-met',
      window: null,
      firmSessions: [],
      pendingSessions: [],
    });
  });

  it('counts legacy G/O/U history whose weeks lie before the configured terms', () => {
    const entries = [
      ...['2024-07-08', '2024-07-09'].flatMap((day) => [
        entry(day, 'AM', 'G'),
        entry(day, 'PM', 'G'),
      ]),
      entry('2024-07-10', 'AM', 'O'),
      ...marksInWeek(school, '2024-09-02', FIVE_FIRM),
    ];
    const status = penaltyNoticeStatus(entries, school);
    expect(status.status).toBe('met');
    expect(status.window).toEqual({ fromWeek: d('2024-07-08'), toWeek: d('2024-09-02') });
  });

  it('follows the configured threshold', () => {
    const stricter = testSchool({
      thresholds: { ...school.thresholds, penaltyNotice: { sessions: 6, schoolWeeks: 4 } },
    });
    const entries = [
      ...marksInWeek(stricter, '2024-09-02', ['G', 'G', 'G']),
      ...marksInWeek(stricter, '2024-09-23', ['G', 'G', 'G']),
    ];
    const spread = [
      ...marksInWeek(stricter, '2024-09-02', ['G', 'G', 'G']),
      ...marksInWeek(stricter, '2024-09-30', ['G', 'G', 'G']),
    ];
    expect(penaltyNoticeStatus(entries, stricter).status).toBe('met');
    expect(penaltyNoticeStatus(spread, stricter).status).toBe('not-met');
  });
});
