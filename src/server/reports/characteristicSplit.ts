/**
 * Reports by pupil characteristic (docs/design.md §5 "Pupil characteristics"): a summary split
 * by one characteristic, and the SQL that narrows any report to one group. A pupil counts in the
 * group they were in on each day: each entry is joined to the pupil's span of that key holding
 * the entry's date, so a pupil who became eligible for free school meals in January counts with
 * "no" before and "yes" after. Persistent and severe absence are judged on each pupil's sessions
 * within the group. SQL only counts; the domain sums, rates and judges.
 */
import {
  CHARACTERISTICS,
  isYesNoKey,
  statisticsCohortBirthDates,
  type CharacteristicGroup,
  type CharacteristicKey,
  type LocalDate,
  characteristicValueLabel,
} from '../../domain/index';
import { type CharacteristicSplit } from '../../shared/api/reportSchemas';
import type { Queryable } from '../db/database';
import type { ReportSchool } from './certificate';
import { entryInGroupClause, groupParams, spanOfEntry } from './characteristicSql';
import type { CodeCountRow } from './reportSql';
import { codeSetOf, statsOfCodeRows } from './reportSql';
import { cohortOf } from './summary';

/** The pupils of the school who were in `group` on `date` (lists narrow by this). */
export async function pupilsInGroupOn(
  db: Queryable,
  schoolId: string,
  group: CharacteristicGroup,
  date: LocalDate,
): Promise<Set<string>> {
  const held = `SELECT ch.pupil_id FROM pupil_characteristic ch
      WHERE ch.school_id = $1 AND ch.key = $2 AND ch.from_date <= $4
        AND (ch.to_date IS NULL OR $4 <= ch.to_date)`;
  const sql =
    isYesNoKey(group.key) && group.value === 'no'
      ? `SELECT p.id AS pupil_id FROM pupil p WHERE p.school_id = $1
           AND p.id NOT IN (${held} AND ch.value <> $3)`
      : `${held} AND ch.value = $3`;
  const { rows } = await db.query<{ pupil_id: string }>(sql, [
    schoolId,
    group.key,
    group.value,
    date,
  ]);
  return new Set(rows.map((r) => r.pupil_id));
}

/**
 * Each pupil's value of `key` on `date` (the span holding it), "no" for a yes/no characteristic
 * with none, else null (not recorded): how a list places its pupils in groups.
 */
export async function valuesOn(
  db: Queryable,
  schoolId: string,
  key: CharacteristicKey,
  date: LocalDate,
): Promise<(pupilId: string) => string | null> {
  const { rows } = await db.query<{ pupil_id: string; value: string }>(
    `SELECT ch.pupil_id, ch.value FROM pupil_characteristic ch
      WHERE ch.school_id = $1 AND ch.key = $2 AND ch.from_date <= $3
        AND (ch.to_date IS NULL OR $3 <= ch.to_date)`,
    [schoolId, key, date],
  );
  const held = new Map(rows.map((r) => [r.pupil_id, r.value]));
  const otherwise = isYesNoKey(key) ? 'no' : null;
  return (pupilId) => held.get(pupilId) ?? otherwise;
}

interface SplitCodeRow extends CodeCountRow {
  school_id: string;
  pupil_id: string;
  value: string | null;
}

export interface SplitInput {
  readonly schools: readonly ReportSchool[];
  readonly range: { from: LocalDate; to: LocalDate };
  readonly key: CharacteristicKey;
  /** The pupils in scope, or null for whole schools. */
  readonly pupilIds: readonly string[] | null;
  /** A group the whole report is narrowed to, or null. */
  readonly within: CharacteristicGroup | null;
  /** Groups of fewer pupils are marked suppressed. */
  readonly smallGroupMinimum: number;
}

/**
 * The figures of each group of `key` over the statistics' age range (as a summary's `totals`),
 * in the vocabulary's order, "not recorded" last. A group no entry fell in is left out.
 */
export async function buildCharacteristicSplit(
  db: Queryable,
  input: SplitInput,
): Promise<CharacteristicSplit> {
  const { range, key } = input;
  const { bornFrom, bornTo } = statisticsCohortBirthDates(range.to);
  const params: unknown[] = [
    input.schools.map((s) => s.id),
    range.from,
    range.to,
    bornFrom,
    bornTo,
    key,
  ];
  let narrowing = '';
  if (input.pupilIds !== null) {
    params.push(input.pupilIds);
    narrowing += ` AND e.pupil_id = ANY($${params.length}::uuid[])`;
  }
  if (input.within !== null) {
    narrowing += ` AND ${entryInGroupClause(input.within, params.length + 1)}`;
    params.push(...groupParams(input.within));
  }
  // Counted per pupil, value and code first, joined to the categories after (as summary.ts).
  const { rows } = await db.query<SplitCodeRow>(
    `SELECT a.school_id, a.pupil_id, a.value, a.code, c.category, c.possible,
            sum(a.sessions) AS sessions, sum(a.minutes) AS minutes
       FROM (SELECT e.school_id, e.pupil_id, ch.value, e.code,
                    ${codeSetOf('e.session_date', range.from, range.to)} AS code_set,
                    count(*) AS sessions, coalesce(sum(e.minutes_late), 0) AS minutes
               FROM register_entry e JOIN pupil p ON p.id = e.pupil_id
               LEFT JOIN pupil_characteristic ch ON ${spanOfEntry(6)}
              WHERE e.school_id = ANY($1::uuid[]) AND e.session_date BETWEEN $2 AND $3
                AND p.date_of_birth BETWEEN $4::date AND $5::date ${narrowing}
              GROUP BY e.school_id, e.pupil_id, ch.value, e.code, 5) a
       JOIN code_category c ON c.code = a.code AND c.code_set = a.code_set
      GROUP BY a.school_id, a.pupil_id, a.value, a.code, c.category, c.possible`,
    params,
  );
  const yesNo = isYesNoKey(key);
  const valueOf = (row: SplitCodeRow): string | null => row.value ?? (yesNo ? 'no' : null);
  const order: (string | null)[] = [...CHARACTERISTICS[key].values, null];
  const splitRows = order.flatMap((value) => {
    const mine = rows.filter((r) => valueOf(r) === value);
    if (mine.length === 0) return [];
    const perPupil = new Map<string, SplitCodeRow[]>();
    for (const row of mine) {
      const list = perPupil.get(row.pupil_id);
      if (list === undefined) perPupil.set(row.pupil_id, [row]);
      else list.push(row);
    }
    const cohort = cohortOf(
      [...perPupil.values()].map((pupilRows) => {
        const stats = statsOfCodeRows(pupilRows);
        return {
          school_id: pupilRows[0]?.school_id ?? '',
          possible: stats.possible,
          overall_absence: stats.overallAbsence,
        };
      }),
      input.schools,
    );
    return [
      {
        value,
        label: characteristicValueLabel(key, value),
        stats: statsOfCodeRows(mine),
        cohort,
        suppressed: cohort.pupils < input.smallGroupMinimum,
      },
    ];
  });
  return {
    key,
    label: CHARACTERISTICS[key].label,
    rows: splitRows,
  };
}
