/** A school calendar as tables: terms, closures, and (folded away) bank holidays. */
import type { SchoolCalendarData } from '../../shared/api/dataSchemas';
import { formatLocalDate, plural } from './adminFormat';

const PARTS: Readonly<Record<string, string>> = { AM: 'morning', PM: 'afternoon' };

export function CalendarTables({
  calendar,
  caption,
}: {
  readonly calendar: SchoolCalendarData;
  /** Says whose calendar this is ("Saved", "From the file"). */
  readonly caption: string;
}) {
  return (
    <div className="admin-calendar">
      <div className="admin-table-wrap">
        <table className="admin-table">
          <caption>
            {caption}: terms ({calendar.terms.length})
          </caption>
          <thead>
            <tr>
              <th scope="col">Term</th>
              <th scope="col">First day</th>
              <th scope="col">Last day</th>
            </tr>
          </thead>
          <tbody>
            {calendar.terms.length === 0 && (
              <tr>
                <td colSpan={3}>No terms.</td>
              </tr>
            )}
            {calendar.terms.map((term) => (
              <tr key={`${term.name}-${term.start}`}>
                <th scope="row">{term.name}</th>
                <td>{formatLocalDate(term.start)}</td>
                <td>{formatLocalDate(term.end)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="admin-table-wrap">
        <table className="admin-table">
          <caption>
            {caption}: closures and INSET days ({calendar.closures.length})
          </caption>
          <thead>
            <tr>
              <th scope="col">Closure</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Sessions</th>
              <th scope="col">Year groups</th>
            </tr>
          </thead>
          <tbody>
            {calendar.closures.length === 0 && (
              <tr>
                <td colSpan={5}>No closures.</td>
              </tr>
            )}
            {calendar.closures.map((closure) => (
              <tr key={`${closure.name}-${closure.from}`}>
                <th scope="row">{closure.name}</th>
                <td>{formatLocalDate(closure.from)}</td>
                <td>{formatLocalDate(closure.to ?? closure.from)}</td>
                <td>
                  {closure.parts === undefined || closure.parts.length === 2
                    ? 'Whole day'
                    : closure.parts.map((part) => PARTS[part] ?? part).join(', ')}
                </td>
                <td>
                  {closure.yearGroups === undefined || closure.yearGroups.length === 0
                    ? 'Whole school'
                    : closure.yearGroups.join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <details className="admin-details">
        <summary>{plural(calendar.bankHolidays.length, 'bank holiday')}</summary>
        <ul className="admin-list admin-list--columns">
          {calendar.bankHolidays.map((day) => (
            <li key={day}>{formatLocalDate(day)}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}
