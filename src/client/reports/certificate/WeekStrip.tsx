/**
 * The week-by-week strip of marks on a certificate: one row per school week, a cell per morning
 * and afternoon, each showing the register code (colour only adds to the code, never replaces it),
 * and a key to the codes that appear.
 */
import {
  isoWeekday,
  localDate,
  lookupCode,
  type CodeCategory,
  type LocalDate,
} from '../../../domain/index';
import type { StripWeek } from '../../../shared/api/reportSchemas';
import { CsvButton } from '../DataTable';
import { formatShortDate } from '../reportFormat';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'] as const;

interface StripCell {
  readonly date: LocalDate;
  readonly part: 'AM' | 'PM';
  readonly code: string | null;
  readonly minutesLate: number | null;
  readonly open: boolean;
}

function cellsOf(week: StripWeek): readonly (StripCell | null)[] {
  const byWeekday = new Map(week.days.map((day) => [isoWeekday(localDate(day.date)), day]));
  return WEEKDAYS.flatMap((_name, index) => {
    const day = byWeekday.get(index + 1);
    if (day === undefined) return [null, null];
    const date = localDate(day.date);
    return (['AM', 'PM'] as const).map((part) => ({ date, part, ...day[part] }));
  });
}

const CATEGORY_CLASS: Record<CodeCategory, string> = {
  PRESENT: 'strip-cell--present',
  AEA: 'strip-cell--present',
  AUTH: 'strip-cell--auth',
  UNAUTH: 'strip-cell--unauth',
  NOT_POSSIBLE: 'strip-cell--none',
  NOT_ABSENT_BUT_POSSIBLE: 'strip-cell--none',
};

function cellClass(cell: StripCell): string {
  if (cell.code === null) return 'strip-cell strip-cell--none';
  if (cell.code === 'L' || cell.code === 'U') {
    return `strip-cell ${cell.code === 'L' ? 'strip-cell--late' : 'strip-cell--unauth'}`;
  }
  const known = lookupCode(cell.code, cell.date);
  return `strip-cell ${known === null ? '' : CATEGORY_CLASS[known.category]}`;
}

/** What a cell says to a screen reader and a mouse pointer. */
function cellTitle(cell: StripCell): string {
  const when = `${formatShortDate(cell.date)} ${cell.part}`;
  if (cell.code === null) return `${when}: ${cell.open ? 'no mark' : 'no session'}`;
  const meaning = lookupCode(cell.code, cell.date)?.meaning ?? cell.code;
  const late = cell.minutesLate === null ? '' : ` (${cell.minutesLate} minutes late)`;
  return `${when}: ${cell.code}, ${meaning}${late}`;
}

export interface WeekStripProps {
  readonly weeks: readonly StripWeek[];
  readonly filename: string;
}

export function WeekStrip({ weeks, filename }: WeekStripProps) {
  const cells = weeks.flatMap((week) => cellsOf(week).filter((c): c is StripCell => c !== null));
  const codes = new Map<string, string>();
  for (const cell of cells) {
    if (cell.code !== null && !codes.has(cell.code)) {
      codes.set(
        cell.code,
        lookupCode(cell.code, cell.date)?.meaning ?? 'Code not in the national set',
      );
    }
  }
  return (
    <section className="week-strip" aria-labelledby="week-strip-heading">
      <h4 id="week-strip-heading">Week by week</h4>
      <CsvButton
        label="Week by week"
        filename={filename}
        source={{ kind: 'rows' }}
        rows={cells}
        columns={[
          { header: 'Date', value: (c) => c.date },
          { header: 'Session', value: (c) => c.part },
          { header: 'Code', value: (c) => c.code ?? '' },
          { header: 'Minutes late', value: (c) => c.minutesLate ?? '' },
          { header: 'Session open', value: (c) => (c.open ? 'yes' : 'no') },
        ]}
      />
      <div
        className="report-table__scroll"
        role="region"
        aria-label="Week by week marks"
        tabIndex={0}
      >
        <table className="week-strip__table">
          <caption className="visually-hidden">
            Marks for each morning and afternoon, one row per week
          </caption>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                Week beginning
              </th>
              {WEEKDAYS.map((day) => (
                <th key={day} scope="colgroup" colSpan={2}>
                  {day}
                </th>
              ))}
            </tr>
            <tr>
              {WEEKDAYS.flatMap((day) => [
                <th key={`${day}-AM`} scope="col" className="week-strip__part">
                  AM
                </th>,
                <th key={`${day}-PM`} scope="col" className="week-strip__part">
                  PM
                </th>,
              ])}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week.weekStart}>
                <th scope="row">{formatShortDate(week.weekStart)}</th>
                {cellsOf(week).map((cell, index) =>
                  cell === null ? (
                    <td key={index} className="strip-cell strip-cell--none" />
                  ) : (
                    <td key={index} className={cellClass(cell)} title={cellTitle(cell)}>
                      <span aria-hidden="true">{cell.code ?? (cell.open ? '' : '–')}</span>
                      <span className="visually-hidden">{cellTitle(cell)}</span>
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {codes.size > 0 && (
        <dl className="week-strip__key">
          {[...codes].map(([code, meaning]) => (
            <div key={code} className="week-strip__key-item">
              <dt>{code}</dt>
              <dd>{meaning}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
