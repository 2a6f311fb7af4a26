import { describe, expect, it } from 'vitest';
import { localDateSchema, wireDateSchema, wireInstantSchema } from './wireTime';

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? [] : (result.error?.issues.map((i) => i.message) ?? []);

describe('wireDateSchema (dates a request may carry)', () => {
  it.each(['2000-01-01', '2025-03-04', '2024-02-29', '2100-12-31'])('accepts %s', (date) => {
    expect(wireDateSchema.safeParse(date).success).toBe(true);
  });

  it.each(['1999-12-31', '2101-01-01', '1970-01-01', '0100-01-01', '9999-12-31'])(
    'refuses %s, saying which dates it accepts',
    (date) => {
      expect(messages(wireDateSchema.safeParse(date))).toEqual([
        'is outside the dates Tickmark accepts (2000-01-01 to 2100-12-31)',
      ]);
    },
  );

  it.each(['0000-01-01', '2025-02-29', '2025-13-01', '25-03-04', ''])(
    'refuses %s as not a calendar date, once',
    (date) => {
      expect(messages(wireDateSchema.safeParse(date))).toEqual([
        'is not a calendar date (yyyy-MM-dd)',
      ]);
    },
  );

  it('leaves answers format-checked only: old imported history still reads', () => {
    expect(localDateSchema.safeParse('1995-09-04').success).toBe(true);
  });
});

describe('wireInstantSchema (instants a request may carry)', () => {
  it.each([
    '2000-01-01T00:00:00Z',
    '2025-03-04T08:50:00.000Z',
    '2025-03-04T09:50:00+01:00',
    '2100-12-31T23:59:59.999Z',
    // A device clock reset by a flat battery: evidence, still storable.
    '1970-01-01T00:00:00.000Z',
    // Still 1970 in UTC.
    '1969-12-31T23:30:00-01:00',
  ])('accepts %s', (instant) => {
    expect(wireInstantSchema.safeParse(instant).success).toBe(true);
  });

  it.each([
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00+05:00',
    '1969-12-31T23:59:59.999Z',
    '2101-01-01T00:00:00Z',
    '2100-12-31T23:30:00-01:00',
    '9999-12-31T23:00:00-05:00',
  ])('refuses %s, saying to check the device clock', (instant) => {
    expect(messages(wireInstantSchema.safeParse(instant))).toEqual([
      "is outside the times Tickmark accepts (the years 1970 to 2100); check the device's date and time",
    ]);
  });

  it.each(['2025-03-04T08:50:00-16:00', '2025-03-04T08:50:00+15:00', '2025-03-04T08:50:00-12:30'])(
    'refuses %s: no clock shows that offset (PostgreSQL cannot store ±16:00)',
    (instant) => {
      expect(messages(wireInstantSchema.safeParse(instant))).toEqual([
        'has a time-zone offset no clock shows (use one from −12:00 to +14:00, or Z)',
      ]);
    },
  );

  it.each(['2025-03-04T20:50:00+14:00', '2025-03-04T08:50:00-12:00', '2025-03-04T14:35:00+05:45'])(
    'accepts the real offset of %s',
    (instant) => {
      expect(wireInstantSchema.safeParse(instant).success).toBe(true);
    },
  );

  it('refuses a string that is not an instant with one message', () => {
    expect(messages(wireInstantSchema.safeParse('yesterday'))).toHaveLength(1);
  });
});
