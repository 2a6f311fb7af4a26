/**
 * Absence mapping (suspected group truancy): for a chosen pupil, the pupils absent on the same
 * sessions far more often than chance would give, with the figures behind each judgement.
 */
import { useId, useState } from 'react';
import { absenceMapping } from '../../../shared/api/endpoints/reportEndpoints';
import {
  mappingAbsenceSchema,
  type AbsenceMappingRow,
  type MappingAbsence,
} from '../../../shared/api/reportSchemas';
import { DataTable } from '../DataTable';
import { PrintButton } from '../PrintButton';
import { PupilPicker } from '../PupilPicker';
import { RangePicker } from '../RangePicker';
import { ReportStatus } from '../ReportStatus';
import { reportFilename } from '../csv';
import { rangeQueryOf, type RangeChoice } from '../rangeQuery';
import { formatCount } from '../reportFormat';
import { reportRequest, serverCsv } from '../reportRequest';
import type { ReportEnv } from '../reportScope';
import { useReport } from '../useReport';
import { certificateColumn, pupilColumns, yesNo, type ListScreenProps } from './listColumns';

const decimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const probability = new Intl.NumberFormat('en-GB', { maximumSignificantDigits: 2 });

export interface AbsenceMappingScreenProps {
  readonly env: ReportEnv;
  readonly range: RangeChoice;
  readonly onRangeChange: (range: RangeChoice) => void;
  readonly pupilId: string | null;
  readonly pupilName: string | null;
  readonly onPupilChange: (pupilId: string | null) => void;
  readonly onOpenPupil: ListScreenProps['onOpenPupil'];
}

export function AbsenceMappingScreen(props: AbsenceMappingScreenProps) {
  const { env, range, pupilId } = props;
  const absenceId = useId();
  const [absence, setAbsence] = useState<MappingAbsence>('unauthorised');
  const rangeQuery = rangeQueryOf(range);
  const input =
    pupilId === null || !rangeQuery.ok
      ? null
      : { params: { pupilId }, query: { ...rangeQuery.query, absence } };
  const handle = useReport(
    input === null
      ? null
      : reportRequest(
          env,
          absenceMapping,
          input,
          'Comparing this pupil’s absences with every other pupil’s, session by session…',
        ),
  );
  const result = handle.state.status === 'done' ? handle.state.value : null;

  return (
    <div className="report-screen">
      <div className="report-controls no-print">
        <PupilPicker
          scope={env.scope}
          value={pupilId}
          extra={
            pupilId !== null && props.pupilName !== null
              ? { id: pupilId, displayName: props.pupilName }
              : null
          }
          onChange={props.onPupilChange}
        />
        <div className="field report-field">
          <label className="field-label" htmlFor={absenceId}>
            Absences compared
          </label>
          <select
            id={absenceId}
            value={absence}
            onChange={(event) => {
              const parsed = mappingAbsenceSchema.safeParse(event.target.value);
              if (parsed.success) setAbsence(parsed.data);
            }}
          >
            <option value="unauthorised">Unauthorised absence only</option>
            <option value="all">All absence</option>
          </select>
        </div>
        <RangePicker value={range} onChange={props.onRangeChange} />
      </div>
      {pupilId === null && <p className="hint">Choose a pupil to map their absences.</p>}
      <ReportStatus handle={handle} />
      {result !== null && input !== null && (
        <>
          <p className="report-range-label">
            {result.range.label}: {result.pupil.displayName} was absent (
            {result.absence === 'all' ? 'any absence' : 'unauthorised'}) on{' '}
            {formatCount(result.absentSessions)} of {formatCount(result.possibleSessions)} possible
            sessions. {formatCount(result.comparedPupils)} pupils were compared. A pupil is marked
            as “far more than chance” when so many shared absences would happen by chance less than
            once in 20 times, allowing for the number of pupils compared.
          </p>
          <div className="report-actions no-print">
            <PrintButton />
          </div>
          <DataTable<AbsenceMappingRow>
            caption={`Pupils absent on the same sessions as ${result.pupil.displayName}`}
            rows={result.rows}
            rowKey={(row) => row.pupil.id}
            filename={reportFilename([
              'absence-mapping',
              result.pupil.displayName,
              result.range.from,
              'to',
              result.range.to,
            ])}
            csv={serverCsv(env, absenceMapping, input)}
            emptyText="No pupil was absent on the same sessions more than once."
            columns={[
              ...pupilColumns<AbsenceMappingRow>((row) => row.pupil),
              {
                header: 'Sessions compared',
                isNumeric: true,
                value: (row) => row.sharedSessions,
                cell: (row) => formatCount(row.sharedSessions),
              },
              {
                header: 'Their absences',
                isNumeric: true,
                value: (row) => row.otherAbsences,
                cell: (row) => formatCount(row.otherAbsences),
              },
              {
                header: 'Absent together',
                isNumeric: true,
                value: (row) => row.absentTogether,
                cell: (row) => formatCount(row.absentTogether),
              },
              {
                header: 'Expected by chance',
                isNumeric: true,
                value: (row) => Number(row.expectedTogether.toFixed(2)),
                cell: (row) => decimal.format(row.expectedTogether),
              },
              {
                header: 'Times chance',
                isNumeric: true,
                value: (row) => (row.ratio === null ? 'n/a' : Number(row.ratio.toFixed(2))),
                cell: (row) => (row.ratio === null ? 'n/a' : `${decimal.format(row.ratio)}×`),
              },
              {
                header: 'Probability by chance',
                isNumeric: true,
                value: (row) => row.pValue,
                cell: (row) => probability.format(row.pValue),
              },
              { header: 'Far more than chance', value: (row) => yesNo(row.significant) },
              certificateColumn<AbsenceMappingRow>((row) => row.pupil, props.onOpenPupil),
            ]}
          />
        </>
      )}
    </div>
  );
}
