/**
 * The single values a configuration is made of (a time, a date, a year group, a percentage),
 * each with its own readable message. Messages quote the value the way it was typed, so the
 * person fixing the file can search for it.
 */
import { z } from 'zod';
import { lookupCode2024 } from '../codes/attendanceCodes';
import { parseLocalDate, type LocalDate } from '../time/localDate';
import { parseWallTime, type WallTime } from '../time/wallTime';
import { unknownSettingsMessage } from './configMessages';
import {
  KEY_STAGES,
  SESSION_PARTS,
  YEAR_GROUPS,
  type KeyStage,
  type SessionPart,
  type YearGroup,
} from './schoolConfig';

/**
 * Records a problem and stops the checks that would compare this value with others: a
 * cross-field check must only ever see values that parsed (zod runs later checks after a
 * problem unless told not to).
 */
export function reject(
  ctx: z.core.$RefinementCtx,
  input: unknown,
  message: string,
  path?: PropertyKey[],
): void {
  ctx.addIssue({ code: 'custom', input, message, continue: false, ...(path ? { path } : {}) });
}

/** An object that rejects settings it does not know, and says which settings it does know. */
export function strictSettings<T extends z.core.$ZodLooseShape>(shape: T) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? unknownSettingsMessage(issue.keys, known) : undefined,
  });
}

/** Text that is not blank: names and ids. */
export const textField = z.string().refine((text) => text.trim() !== '', {
  error: 'must not be empty',
  abort: true,
});

export const wallTimeField = z.string().transform((text, ctx): WallTime => {
  const time = parseWallTime(text);
  if (time !== null) return time;
  reject(ctx, text, `"${text}" is not a time (HH:MM)`);
  return z.NEVER;
});

export const localDateField = z.string().transform((text, ctx): LocalDate => {
  const date = parseLocalDate(text);
  if (date !== null) return date;
  reject(ctx, text, `"${text}" is not a calendar date (yyyy-MM-dd)`);
  return z.NEVER;
});

/**
 * An IANA time zone the runtime knows. The runtime's own name is kept (`europe/london` becomes
 * `Europe/London`) so that two spellings of one zone compare equal.
 */
export const timeZoneField = z.string().transform((text, ctx): string => {
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    reject(ctx, text, `"${text}" is not a time zone (use an IANA name such as Europe/London)`);
    return z.NEVER;
  }
});

/** A DfE establishment number: local-authority code and school number, `123/4567` or `1234567`. */
export const dfeNumberField = z.string().refine((text) => /^\d{3}\/?\d{4}$/.test(text), {
  error: (issue) =>
    `"${String(issue.input)}" is not a DfE number (local-authority code and school number, such as 123/4567)`,
  abort: true,
});

function oneOf<T extends string>(values: readonly T[], listed: string) {
  const isOneOf = (text: string): text is T => (values as readonly string[]).includes(text);
  return z.string().transform((text, ctx): T => {
    if (isOneOf(text)) return text;
    reject(ctx, text, `'${text}' is not one of ${listed}`);
    return z.NEVER;
  });
}

export const yearGroupField = oneOf<YearGroup>(YEAR_GROUPS, 'N1, N2, R, 1–13');
export const keyStageField = oneOf<KeyStage>(KEY_STAGES, KEY_STAGES.join(', '));
export const sessionPartField = oneOf<SessionPart>(SESSION_PARTS, SESSION_PARTS.join(', '));

/** A code of the 2024 set: configuration only ever concerns sessions from now on. */
export const attendanceCodeField = z.string().transform((text, ctx): string => {
  if (lookupCode2024(text) !== null) return text;
  reject(ctx, text, `'${text}' is not a 2024 attendance code`);
  return z.NEVER;
});

function numberWhere(isValid: (value: number) => boolean, expected: string) {
  return z.number().refine(isValid, {
    error: (issue) => `must be ${expected}, got ${String(issue.input)}`,
    abort: true,
  });
}

export const percentField = numberWhere((v) => v >= 0 && v <= 100, 'a percentage from 0 to 100');

/** A count of sessions, lates, weeks or days: a whole number, at least 1. */
export const countField = numberWhere(
  (v) => Number.isInteger(v) && v >= 1,
  'a whole number, 1 or more',
);

export const schoolDayHoursField = numberWhere(
  (v) => v > 0 && v <= 12,
  'a number of hours more than 0 and at most 12',
);
