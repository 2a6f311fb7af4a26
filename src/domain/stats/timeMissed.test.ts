import { describe, expect, it } from 'vitest';
import { timeMissed } from './timeMissed';

describe('timeMissed', () => {
  it.each([
    [0, 6.5, 'no time missed', null],
    [1, 6.5, 'half a day (about 3 hours)', null],
    [2, 6.5, '1 day (about 7 hours)', null],
    [2, 6, '1 day (6 hours)', null],
    [7, 6, '3.5 days (21 hours)', null],
    [8, 6, '4 days (24 hours)', 'almost one school week'],
    [10, 6, '5 days (30 hours)', 'one school week'],
    [11, 6, '5.5 days (33 hours)', 'just over one school week'],
    [13, 6, '6.5 days (39 hours)', 'more than one school week'],
    [15, 6, '7.5 days (45 hours)', 'one and a half school weeks'],
    [17, 6, '8.5 days (51 hours)', 'more than one and a half school weeks'],
    [19, 6.5, '9.5 days (about 62 hours)', 'almost two school weeks'],
    [20, 6.5, '10 days (65 hours)', 'two school weeks'],
    [38, 6.5, '19 days (about 124 hours)', 'almost four school weeks'],
    [460, 6, '230 days (1380 hours)', '46 school weeks'],
  ])('%i sessions at %s hours a day → "%s", %s', (sessions, dayHours, text, weeksText) => {
    const missed = timeMissed({ overallAbsence: sessions }, dayHours);
    expect(missed).toEqual({
      sessions,
      days: sessions / 2,
      hours: (sessions / 2) * dayHours,
      text,
      weeksText,
    });
  });
});
