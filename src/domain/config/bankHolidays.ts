/**
 * Bank holidays from the gov.uk feed (`https://www.gov.uk/bank-holidays.json`,
 * docs/design.md §8.7). Schools in England use the `england-and-wales` division only; the other
 * divisions and the extra fields of each event (title, notes, bunting) are ignored, since gov.uk
 * may add more.
 */
import { z } from 'zod';
import { fail, ok, type Result } from '../result';
import type { LocalDate } from '../time/localDate';
import { localDateField } from './configFields';
import { configErrorMap } from './configMessages';
import { formatConfigPath, type ConfigIssue } from './configIssue';

const DIVISION = 'england-and-wales';

const bankHolidaysFeedSchema = z.looseObject({
  [DIVISION]: z.looseObject(
    {
      events: z.array(z.looseObject({ date: localDateField })),
    },
    {
      error: (issue) =>
        issue.code === 'invalid_type' && issue.input === undefined
          ? `the '${DIVISION}' division is missing: expected the gov.uk bank-holidays.json format`
          : undefined,
    },
  ),
});

/**
 * Reads the gov.uk bank-holidays JSON.
 *
 * @returns the England and Wales bank holidays, sorted, each date once; or what is wrong, with
 *   its place in the feed (`england-and-wales.events[3].date`).
 */
export function parseBankHolidays(raw: unknown): Result<LocalDate[], ConfigIssue> {
  const parsed = bankHolidaysFeedSchema.safeParse(raw, { error: configErrorMap });
  if (!parsed.success) {
    return fail(
      ...parsed.error.issues.map((issue) => ({
        path: formatConfigPath(issue.path),
        message: issue.message,
      })),
    );
  }
  const dates = new Set(parsed.data[DIVISION].events.map((event) => event.date));
  return ok([...dates].sort());
}
