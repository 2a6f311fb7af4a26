import { describe, expect, it } from 'vitest';
import { parseBankHolidays } from './bankHolidays';

const event = (date: string, title = 'Bank holiday') => ({ title, date, notes: '', bunting: true });

const feed = {
  'england-and-wales': {
    division: 'england-and-wales',
    events: [
      event('2025-12-26', 'Boxing Day'),
      event('2025-12-25', 'Christmas Day'),
      { ...event('2026-12-28', 'Boxing Day'), notes: 'Substitute day', bunting: false },
    ],
  },
  scotland: {
    division: 'scotland',
    events: [event('2026-01-02', '2nd January'), event('2025-11-31', 'a bad date elsewhere')],
  },
  'northern-ireland': { division: 'northern-ireland', events: [event('2026-03-17')] },
};

describe('parseBankHolidays', () => {
  it('takes only England and Wales, sorted, ignoring the other divisions', () => {
    expect(parseBankHolidays(feed)).toEqual({
      ok: true,
      value: ['2025-12-25', '2025-12-26', '2026-12-28'],
    });
  });

  it('lists a date given twice once', () => {
    const twice = { 'england-and-wales': { events: [event('2026-01-01'), event('2026-01-01')] } };
    expect(parseBankHolidays(twice)).toEqual({ ok: true, value: ['2026-01-01'] });
  });

  it('accepts a division with no events', () => {
    expect(parseBankHolidays({ 'england-and-wales': { events: [] } })).toEqual({
      ok: true,
      value: [],
    });
  });

  it.each([
    [
      'the division is missing',
      { scotland: feed.scotland },
      'england-and-wales',
      "the 'england-and-wales' division is missing: expected the gov.uk bank-holidays.json format",
    ],
    [
      'a date is not a calendar date',
      { 'england-and-wales': { events: [event('2025-12-25'), event('2026-02-29')] } },
      'england-and-wales.events[1].date',
      '"2026-02-29" is not a calendar date (yyyy-MM-dd)',
    ],
    [
      'an event has no date',
      { 'england-and-wales': { events: [{ title: 'Mystery' }] } },
      'england-and-wales.events[0].date',
      'missing (expected text)',
    ],
    [
      'the division has no events list',
      { 'england-and-wales': { division: 'england-and-wales' } },
      'england-and-wales.events',
      'missing (expected a list)',
    ],
    ['the feed is not an object', 'not json', '', 'expected an object, got the text "not json"'],
  ])('explains when %s', (_case, raw, path, message) => {
    expect(parseBankHolidays(raw)).toEqual({ ok: false, errors: [{ path, message }] });
  });
});
