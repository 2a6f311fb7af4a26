/**
 * The top of a pupil's record: attendance this term and this year so far, the sessions still `N`
 * and the lates, as the server counts them with the domain's statistics
 * (`GET /api/office/pupils/:id/summary`). Cached like every office list, so it shows offline.
 */
import * as office from '../../shared/api/endpoints/officeEndpoints';
import type { AttendancePeriod } from '../../shared/api/officeSchemas';
import { formatDay } from '../ui/format';
import { ListStatus } from './ListStatus';
import { wireDate } from './officeFormat';
import type { OfficeTabProps } from './officeTabProps';
import { useOnlineList } from './useOnlineList';

/** "94.2 %", or "no sessions yet" when nothing was possible. */
export function percentText(period: AttendancePeriod): string {
  return period.attendancePercent === null
    ? 'no sessions yet'
    : `${period.attendancePercent.toLocaleString('en-GB', { maximumFractionDigits: 1 })} %`;
}

export function PupilSummary(props: OfficeTabProps & { readonly pupilId: string }) {
  const { school, clock } = props;
  const { list, refresh } = useOnlineList({
    db: props.db,
    cacheKey: `pupil-summary:${props.pupilId}`,
    endpoint: office.pupilSummary,
    input: { params: { id: props.pupilId }, query: {} },
    staffId: props.staff.staffId,
    ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
    clock,
    timers: props.timers,
  });
  return (
    <ListStatus
      list={list}
      timeZone={school.timeZone}
      what="the attendance summary"
      onRetry={refresh}
    >
      {(value) => (
        <table className="office-table record-summary">
          <caption>Attendance so far</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Attendance</th>
              <th scope="col">Possible sessions</th>
              <th scope="col">Unexplained (N)</th>
              <th scope="col">Lates (L, U)</th>
            </tr>
          </thead>
          <tbody>
            {[value.term, value.year].flatMap((period) =>
              period === null
                ? []
                : [
                    <tr key={period.name}>
                      <th scope="row">
                        {period.name}
                        <span className="hint"> from {formatDay(wireDate(period.from))}</span>
                      </th>
                      <td>
                        <strong>{percentText(period)}</strong>
                      </td>
                      <td>{period.possible}</td>
                      <td className={period.unexplained > 0 ? 'record-summary__warn' : undefined}>
                        {period.unexplained}
                      </td>
                      <td>{period.lates}</td>
                    </tr>,
                  ],
            )}
          </tbody>
        </table>
      )}
    </ListStatus>
  );
}
