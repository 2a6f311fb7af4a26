/**
 * The reports section: loaded on demand, so the register's first load stays small, and uPlot and
 * the report screens come with it. Reports are server aggregates, so they work online only; the
 * groups and pupils on offer come from the roster on the device (a teacher's own groups only).
 */
import { useMemo, useState } from 'react';
import { useLiveQuery } from '../ui/useLiveQuery';
import { loadRoster } from '../marks/roster';
import type { SectionProps } from '../ui/sectionProps';
import { TabNav } from '../ui/TabNav';
import '../ui/tabRows.css';
import './reports.css';
import { BenchmarkScreen } from './benchmarks/BenchmarkScreen';
import { CertificateScreen } from './certificate/CertificateScreen';
import { AbsenceListScreen } from './lists/AbsenceListScreen';
import { AbsenceMappingScreen } from './lists/AbsenceMappingScreen';
import { DutyAlertsScreen } from './lists/DutyAlertsScreen';
import { LatenessScreen } from './lists/LatenessScreen';
import { PenaltyNoticeScreen } from './lists/PenaltyNoticeScreen';
import { NO_FILTERS, type ListFilterValues } from './ListFilters';
import { DEFAULT_RANGE, type RangeChoice } from './rangeQuery';
import { REPORT_SCREENS, type ReportScreenId } from './reportScreens';
import { reportScopeOf, type ReportEnv } from './reportScope';
import { SummaryScreen } from './summary/SummaryScreen';
import { OFFLINE_REPORT_MESSAGE } from './ReportStatus';
import { useOnline } from './useOnline';

export interface OpenPupil {
  readonly id: string;
  readonly displayName: string;
}

export function ReportsSection(props: SectionProps) {
  const roster = useLiveQuery(() => loadRoster(props.db), [props.db]);
  const isOnline = useOnline();
  const [screen, setScreen] = useState<ReportScreenId>('certificate');
  // Dates, filters and the chosen pupil carry over between screens: the lead looks at one
  // cohort from several sides.
  const [range, setRange] = useState<RangeChoice>(DEFAULT_RANGE);
  const [filters, setFilters] = useState<ListFilterValues>(NO_FILTERS);
  const [pupil, setPupil] = useState<OpenPupil | null>(null);

  const env: ReportEnv = useMemo(
    () => ({
      staff: props.staff,
      ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
      scope: reportScopeOf(roster ?? null, props.staff),
      schoolName: props.staff.schoolName,
    }),
    [props.staff, props.fetch, roster],
  );
  const current = REPORT_SCREENS.find((s) => s.id === screen) ?? REPORT_SCREENS[0];

  function choosePupil(pupilId: string | null) {
    if (pupilId === null) {
      setPupil(null);
      return;
    }
    const known = env.scope.pupils.find((p) => p.id === pupilId);
    setPupil({ id: pupilId, displayName: known?.displayName ?? pupil?.displayName ?? '' });
  }

  function openPupil(target: OpenPupil, on: ReportScreenId) {
    setPupil(target);
    setScreen(on);
  }

  const lists = { env, range, onRangeChange: setRange, filters, onFiltersChange: setFilters };
  const pupilScreen = {
    env,
    range,
    onRangeChange: setRange,
    pupilId: pupil?.id ?? null,
    pupilName: pupil?.displayName ?? null,
    onPupilChange: choosePupil,
  };

  return (
    <section className="screen reports" aria-labelledby="reports-heading">
      <div className="reports__top no-print">
        <h1 id="reports-heading">Reports</h1>
        {!isOnline && (
          <p className="notice notice--warning" role="status">
            {OFFLINE_REPORT_MESSAGE}
          </p>
        )}
        <TabNav
          label="Reports"
          block="tab-row"
          tabs={REPORT_SCREENS}
          current={screen}
          onOpen={setScreen}
        />
      </div>
      {current !== undefined && (
        <div className="reports__screen">
          <h2 className="reports__title">{current.title}</h2>
          <p className="lede no-print">{current.description}</p>
          {screen === 'certificate' && <CertificateScreen {...pupilScreen} />}
          {screen === 'summary' && (
            <SummaryScreen env={env} range={range} onRangeChange={setRange} />
          )}
          {screen === 'absence' && <AbsenceListScreen {...lists} onOpenPupil={openPupil} />}
          {screen === 'penaltyNotices' && (
            <PenaltyNoticeScreen {...lists} onOpenPupil={openPupil} />
          )}
          {screen === 'lateness' && <LatenessScreen {...lists} onOpenPupil={openPupil} />}
          {screen === 'dutyAlerts' && <DutyAlertsScreen {...lists} onOpenPupil={openPupil} />}
          {screen === 'absenceMapping' && (
            <AbsenceMappingScreen {...pupilScreen} onOpenPupil={openPupil} />
          )}
          {screen === 'benchmarks' && (
            <BenchmarkScreen env={env} range={range} onRangeChange={setRange} />
          )}
        </div>
      )}
    </section>
  );
}
