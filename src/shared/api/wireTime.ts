/**
 * Dates and times on the wire. Two kinds of each:
 *
 * - what a **request** may carry is range-checked where it is parsed: register dates from
 *   1 January 2000 to 31 December 2100, instants from 1970 (a device clock reset to the Unix
 *   epoch) to the end of 2100. A value outside them cannot be a school day or a moment anyone
 *   marked a register, and some of them (the year 0000,
 *   a year after 9999 once a time zone is applied) pass a format check, then fail deep in the
 *   database or in every tablet's pull. Refused at the boundary they name the field instead.
 * - what an **answer** carries is only format-checked: it comes from the server's own records,
 *   which may hold older history brought in by an import, and a tablet must never refuse to read
 *   its school's register because of one old date.
 *
 * No window here depends on "now": the same schemas are parsed on the tablet and on the server,
 * whose clocks differ. Rules about now (a session that has not happened yet, a register over a
 * year ahead) are the domain's, judged with the server's clock.
 */
import { z } from 'zod';
import { parseLocalDate } from '../../domain/index';

/** The first and last register dates a request may name. */
export const EARLIEST_WIRE_DATE = '2000-01-01';
export const LATEST_WIRE_DATE = '2100-12-31';
/**
 * Instants start earlier than dates: a device's clock reset by a flat battery shows 1970 (the
 * Unix epoch), and a mark made then is still a real mark whose device time is only evidence.
 */
const EARLIEST_INSTANT_MS = Date.parse('1970-01-01T00:00:00Z');
/** Exclusive: the first moment of 2101. */
const END_INSTANT_MS = Date.parse('2101-01-01T00:00:00Z');

const NOT_A_DATE = 'is not a calendar date (yyyy-MM-dd)';
const DATE_OUT_OF_RANGE = `is outside the dates Tickmark accepts (${EARLIEST_WIRE_DATE} to ${LATEST_WIRE_DATE})`;
const INSTANT_OUT_OF_RANGE =
  "is outside the times Tickmark accepts (the years 1970 to 2100); check the device's date and time";

/** A calendar date `yyyy-MM-dd`, format only: for answers. */
export const localDateSchema = z
  .string()
  .refine((text) => parseLocalDate(text) !== null, { message: NOT_A_DATE, abort: true });

/** A calendar date `yyyy-MM-dd` from 2000-01-01 to 2100-12-31: for requests. */
export const wireDateSchema = localDateSchema.refine(
  (text) => text >= EARLIEST_WIRE_DATE && text <= LATEST_WIRE_DATE,
  { message: DATE_OUT_OF_RANGE },
);

/** An ISO 8601 instant with its offset, format only: for answers. */
export const isoInstantSchema = z.iso.datetime({ offset: true, abort: true });

/** The widest offsets any place on Earth uses: UTC−12:00 to UTC+14:00. */
const OFFSET_PATTERN = /([+-])(\d{2}):?(\d{2})$/;
const MOST_MINUTES_WEST = 12 * 60;
const MOST_MINUTES_EAST = 14 * 60;

/** Whether the instant's offset is one a clock can show (PostgreSQL refuses ±16:00 and beyond). */
function hasRealOffset(text: string): boolean {
  const match = OFFSET_PATTERN.exec(text);
  if (match === null) return true; // `Z`
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '+' ? minutes <= MOST_MINUTES_EAST : minutes <= MOST_MINUTES_WEST;
}

/**
 * An ISO 8601 instant with its offset, within the years 1970 to 2100 (UTC) and with an offset
 * some place uses: for requests.
 */
export const wireInstantSchema = isoInstantSchema
  .refine(hasRealOffset, {
    message: 'has a time-zone offset no clock shows (use one from −12:00 to +14:00, or Z)',
    abort: true,
  })
  .refine(
    (text) => {
      const ms = Date.parse(text);
      return ms >= EARLIEST_INSTANT_MS && ms < END_INSTANT_MS;
    },
    { message: INSTANT_OUT_OF_RANGE },
  );
