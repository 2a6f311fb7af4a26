/**
 * The casework section (attendance lead and admins): loaded on demand, like reports, so a
 * classroom tablet never downloads it. Cases live on the office server, so it works online only;
 * pupils are chosen from the roster on the device. Each screen is a tab (caseworkScreens.ts).
 */
import { useMemo, useState } from 'react';
import { toSchoolWallClock } from '../../domain/index';
import type { ComboItem } from '../ui/NameCombobox';
import { loadRoster } from '../marks/roster';
import type { SectionProps } from '../ui/sectionProps';
import { TabNav } from '../ui/TabNav';
import { useLiveQuery } from '../ui/useLiveQuery';
import { CASEWORK_SCREENS, type CaseworkScreenId } from './caseworkScreens';
import type { CasePupilRef } from './casePupil';
import type { CaseworkEnv } from './caseworkRequest';
import { CaseScreen } from './CaseScreen';
import { DueScreen } from './DueScreen';
import { PartTimeScreen } from './PartTimeScreen';
import { PenaltyNoticesPanel } from './PenaltyNoticesPanel';
import { SchoolImpactScreen } from './impact/SchoolImpactScreen';
import { CelebrateScreen } from './celebrate/CelebrateScreen';
import '../ui/tabRows.css';
import './casework.css';

export function CaseworkSection(props: SectionProps) {
  const roster = useLiveQuery(() => loadRoster(props.db), [props.db]);
  const [screen, setScreen] = useState<CaseworkScreenId>('due');
  const [pupil, setPupil] = useState<CasePupilRef | null>(null);
  const env: CaseworkEnv = useMemo(
    () => ({ staff: props.staff, ...(props.fetch === undefined ? {} : { fetch: props.fetch }) }),
    [props.staff, props.fetch],
  );
  // Casework is for schools in England: the school's day is London's.
  const today = toSchoolWallClock(props.clock.now(), 'Europe/London').date as string;
  const pupils: readonly ComboItem[] = useMemo(() => {
    const groups = new Map((roster?.groups ?? []).map((g) => [g.id, g.name]));
    return (roster?.pupils ?? []).map((p) => ({
      id: p.id,
      label: p.sortName,
      detail: groups.get(p.groupId),
      names: [p.displayName, p.sortName],
    }));
  }, [roster]);
  const current = CASEWORK_SCREENS.find((s) => s.id === screen) ?? CASEWORK_SCREENS[0];

  function openPupil(target: CasePupilRef) {
    setPupil(target);
    setScreen('case');
  }

  return (
    <section className="screen casework" aria-labelledby="casework-heading">
      <div className="no-print">
        <h1 id="casework-heading">Casework</h1>
        <TabNav
          label="Casework"
          block="tab-row"
          tabs={CASEWORK_SCREENS}
          current={screen}
          onOpen={setScreen}
        />
      </div>
      {current !== undefined && (
        <div className="casework__screen">
          <h2>{current.title}</h2>
          <p className="lede no-print">{current.description}</p>
          {screen === 'due' && <DueScreen env={env} onOpenPupil={openPupil} />}
          {screen === 'case' && (
            <CaseScreen
              env={env}
              today={today}
              pupils={pupils}
              pupil={pupil}
              onPupilChange={setPupil}
            />
          )}
          {screen === 'partTime' && (
            <PartTimeScreen env={env} today={today} pupils={pupils} onOpenPupil={openPupil} />
          )}
          {screen === 'penaltyNotices' && <PenaltyNoticesPanel env={env} today={today} />}
          {screen === 'impact' && <SchoolImpactScreen env={env} today={today} />}
          {screen === 'celebrate' && <CelebrateScreen env={env} today={today} />}
        </div>
      )}
    </section>
  );
}
