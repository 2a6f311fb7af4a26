/** Choose a pupil and dates; see, print or download their attendance certificate. */
import { useState } from 'react';
import { certificate } from '../../../shared/api/endpoints/reportEndpoints';
import { PupilPicker } from '../PupilPicker';
import { RangePicker } from '../RangePicker';
import { ReportStatus } from '../ReportStatus';
import { rangeQueryOf, type RangeChoice } from '../rangeQuery';
import { reportRequest } from '../reportRequest';
import type { ReportEnv } from '../reportScope';
import { useReport } from '../useReport';
import { Certificate } from './Certificate';

export interface CertificateScreenProps {
  readonly env: ReportEnv;
  readonly range: RangeChoice;
  readonly onRangeChange: (range: RangeChoice) => void;
  readonly pupilId: string | null;
  /** A pupil opened from a list row, who may not be in the roster (a leaver). */
  readonly pupilName: string | null;
  readonly onPupilChange: (pupilId: string | null) => void;
}

export function CertificateScreen(props: CertificateScreenProps) {
  const { env, range, pupilId } = props;
  const rangeQuery = rangeQueryOf(range);
  const pupil = env.scope.pupils.find((p) => p.id === pupilId);
  const name = pupil?.displayName ?? props.pupilName ?? 'the pupil';
  const handle = useReport(
    pupilId === null || !rangeQuery.ok
      ? null
      : reportRequest(
          env,
          certificate,
          { params: { pupilId }, query: rangeQuery.query },
          `Working out ${name}’s attendance, absence and lateness for the dates chosen…`,
        ),
  );
  const [printHint, setPrintHint] = useState(false);

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
        <RangePicker value={range} onChange={props.onRangeChange} />
      </div>
      {pupilId === null && (
        <p className="hint">Choose a pupil to see their attendance certificate.</p>
      )}
      <ReportStatus handle={handle} />
      {handle.state.status === 'done' && (
        <>
          <div className="report-actions no-print">
            <button
              type="button"
              className="button button--primary"
              onClick={() => {
                setPrintHint(true);
                window.print();
              }}
            >
              Print for parents
            </button>
            {printHint && (
              <p className="hint">
                The certificate prints on A4 without the menus. Choose “Save as PDF” to email it.
              </p>
            )}
          </div>
          <Certificate certificate={handle.state.value} />
        </>
      )}
    </div>
  );
}
