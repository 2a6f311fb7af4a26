/**
 * A pupil's year group on a day, from their registration group then: the calendar's closures for
 * some year groups (an INSET day for Year 6 only) depend on it.
 */
import type { LocalDate, YearGroup } from '../../domain/index';
import type { Queryable } from '../db/database';

/** The year group of the pupil's group on `day`, or undefined when they had none. */
export async function pupilYearGroupOn(
  db: Queryable,
  pupilId: string,
  day: LocalDate,
): Promise<YearGroup | undefined> {
  const { rows } = await db.query<{ year_group: YearGroup }>(
    `SELECT g.year_group FROM group_membership m JOIN school_group g ON g.id = m.group_id
      WHERE m.pupil_id = $1 AND m.from_date <= $2 AND (m.to_date IS NULL OR m.to_date >= $2)
      ORDER BY m.from_date DESC LIMIT 1`,
    [pupilId, day],
  );
  return rows[0]?.year_group;
}
