/**
 * The daily absentee list for a date: everyone absent (or unmarked after the register closed) in
 * either session, class by class, with the reason and the latest contact; printable, and as CSV
 * (the server's, or made here from the list shown when the server cannot be reached).
 */
import { useState } from 'react';
import { parseLocalDate, type LocalDate } from '../../domain/index';
import { downloadTextFile } from '../ui/downloadFile';
import { call } from '../api/call';
import { formatDay } from '../ui/format';
import { type AbsenteesResponse } from '../../shared/api/officeSchemas';
import { absenteesCsv } from './absenteesCsv';
import { CONTACT_LABELS } from './chase';
import { ListStatus } from './ListStatus';
import { formatInstant, schoolToday, wireDate } from './officeFormat';
import type { OfficeTabProps } from './officeTabProps';
import { useOnlineList } from './useOnlineList';
import * as office from '../../shared/api/endpoints/officeEndpoints';
import { DateField } from '../ui/DateField';

export interface AbsenteesTabProps extends OfficeTabProps {
  readonly onOpenPupil: (pupilId: string) => void;
}

export function AbsenteesTab(props: AbsenteesTabProps) {
  const { school, clock } = props;
  const [date, setDate] = useState<LocalDate>(() => schoolToday(clock.now(), school.timeZone));
  const [message, setMessage] = useState<string | null>(null);
  const { list, refresh } = useOnlineList({
    db: props.db,
    cacheKey: `absentees:${date}`,
    endpoint: office.absentees,
    input: { query: { date } },
    staffId: props.staff.staffId,
    ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
    clock,
    timers: props.timers,
    refreshMs: 60_000,
  });

  const download = async (shown: AbsenteesResponse) => {
    const answer = await call(
      office.absenteesCsv,
      { query: { date } },
      {
        staffId: props.staff.staffId,
        ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
      },
    );
    const text = answer.ok ? answer.value : absenteesCsv(shown, school.timeZone);
    setMessage(
      answer.ok
        ? null
        : 'The office server could not be reached: the CSV was made from the list shown.',
    );
    downloadTextFile(`absentees-${date}.csv`, text, 'text/csv;charset=utf-8');
  };

  return (
    <section aria-labelledby="absentees-heading" className="office-tab">
      <h2 id="absentees-heading">Absentees: {formatDay(date)}</h2>
      <div className="office-row no-print">
        <div className="field">
          <label htmlFor="absentees-date" className="field-label">
            Date
          </label>
          <DateField
            id="absentees-date"
            value={date}
            onChange={(value) => {
              const parsed = parseLocalDate(value);
              if (parsed !== null) setDate(parsed);
            }}
          />
        </div>
      </div>
      <ListStatus list={list} timeZone={school.timeZone} what="the absentee list" onRetry={refresh}>
        {(value) => (
          <>
            <div className="office-actions no-print">
              <button type="button" className="button" onClick={() => window.print()}>
                Print
              </button>
              <button type="button" className="button" onClick={() => void download(value)}>
                Download CSV
              </button>
            </div>
            {message !== null && (
              <p className="notice notice--warning" role="status">
                {message}
              </p>
            )}
            {value.absentees.length === 0 ? (
              <p className="notice">Nobody is absent on {formatDay(wireDate(value.date))}.</p>
            ) : (
              <table className="office-table absentee-table">
                <caption className="visually-hidden">
                  Absentees on {formatDay(wireDate(value.date))}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Class</th>
                    <th scope="col">Pupil</th>
                    <th scope="col">Session</th>
                    <th scope="col">Code</th>
                    <th scope="col">Reason</th>
                    <th scope="col">Contact</th>
                  </tr>
                </thead>
                <tbody>
                  {value.absentees.map((a) => (
                    <tr key={`${a.pupilId}:${a.session.part}`}>
                      <td>{a.groupName}</td>
                      <th scope="row">
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => props.onOpenPupil(a.pupilId)}
                        >
                          {a.sortName}
                        </button>
                      </th>
                      <td>{a.session.part === 'AM' ? 'Morning' : 'Afternoon'}</td>
                      <td>
                        <strong>{a.code ?? '—'}</strong> {a.meaning}
                      </td>
                      <td>{a.reason ?? '—'}</td>
                      <td>
                        {a.contact === null
                          ? 'Not contacted'
                          : `${CONTACT_LABELS[a.contact.method]} by ${a.contact.by.name}, ${formatInstant(a.contact.at, school.timeZone)}`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </ListStatus>
    </section>
  );
}
