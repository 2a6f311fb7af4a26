/** The figures every summary table shows for a row of statistics, each rate beside its sessions. */
import type { AttendanceStatsDto } from '../../../shared/api/reportSchemas';
import type { Column } from '../DataTable';
import { csvPercent, formatCount, formatPercent } from '../reportFormat';

export function statsColumns<Row>(statsOf: (row: Row) => AttendanceStatsDto): Column<Row>[] {
  const count = (header: string, pick: (s: AttendanceStatsDto) => number): Column<Row> => ({
    header,
    isNumeric: true,
    value: (row) => pick(statsOf(row)),
    cell: (row) => formatCount(pick(statsOf(row))),
  });
  const rate = (header: string, pick: (s: AttendanceStatsDto) => number | null): Column<Row> => ({
    header,
    isNumeric: true,
    value: (row) => csvPercent(pick(statsOf(row))),
    cell: (row) => formatPercent(pick(statsOf(row))),
  });
  return [
    count('Possible sessions', (s) => s.possible),
    rate('Attendance', (s) => s.attendancePercent),
    rate('Authorised absence', (s) => s.authorisedPercent),
    rate('Unauthorised absence', (s) => s.unauthorisedPercent),
    count('Late before close (L)', (s) => s.lateBeforeClose),
    count('Late after close (U)', (s) => s.lateAfterClose),
  ];
}
