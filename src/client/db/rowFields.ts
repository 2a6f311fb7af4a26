/**
 * Field schemas shared by the stored row types. They give back the domain's branded types
 * (`LocalDate`, `SessionKey`), so a row read from IndexedDB can go to the domain without a cast.
 */
import { z } from 'zod';
import { parseLocalDate, type LocalDate, type SessionKey } from '../../domain/index';

export const localDateField = z.custom<LocalDate>(
  (value) => typeof value === 'string' && parseLocalDate(value) !== null,
  { message: 'is not a calendar date (yyyy-MM-dd)' },
);

const SESSION_KEY = /^(\d{4}-\d{2}-\d{2}):(AM|PM)$/;

export const sessionKeyField = z.custom<SessionKey>(
  (value) => {
    if (typeof value !== 'string') return false;
    const match = SESSION_KEY.exec(value);
    return match !== null && parseLocalDate(match[1] ?? '') !== null;
  },
  { message: 'is not a session key (yyyy-MM-dd:AM or :PM)' },
);

export const sessionField = z.object({ date: localDateField, part: z.enum(['AM', 'PM']) });

export const instantField = z.iso.datetime({ offset: true });
