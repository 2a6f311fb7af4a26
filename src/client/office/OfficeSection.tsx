/**
 * The office section, loaded on demand so the register's first load stays small. Tabs:
 * today's registers, the chase list, the late book, a pupil's record, conflicts, the fire roll
 * call and the daily absentee list. Marks go through the outbox; lists come from the office
 * endpoints, cached on the device for when the connection drops.
 */
import './office.css';
import { useRef, useState, type KeyboardEvent } from 'react';
import type { SectionProps } from '../ui/sectionProps';
import { AbsenteesTab } from './AbsenteesTab';
import { ChaseTab } from './ChaseTab';
import { ConflictsTab } from './ConflictsTab';
import { LateBookTab } from './LateBookTab';
import { LeaveTab } from './LeaveTab';
import type { OfficeTabProps } from './officeTabProps';
import { ParentsTab } from './ParentsTab';
import { PupilRecordTab } from './PupilRecordTab';
import { RollCallTab } from './RollCallTab';
import { TodayTab } from './TodayTab';
import { useOfficeSchool } from './useOfficeSchool';

export const OFFICE_TABS = [
  { id: 'today', title: 'Today' },
  { id: 'chase', title: 'Chase list' },
  { id: 'late', title: 'Late book' },
  { id: 'pupil', title: 'Pupil record' },
  { id: 'conflicts', title: 'Conflicts' },
  { id: 'rollCall', title: 'Fire roll call' },
  { id: 'absentees', title: 'Absentees' },
  { id: 'parents', title: 'Parents' },
  { id: 'leave', title: 'Leave requests' },
] as const;

export type OfficeTabId = (typeof OFFICE_TABS)[number]['id'];

export function OfficeSection(props: SectionProps) {
  const school = useOfficeSchool(props.db, props.clock);
  const [tab, setTab] = useState<OfficeTabId>('today');
  const [recordPupilId, setRecordPupilId] = useState<string | null>(null);
  const tabRefs = useRef(new Map<OfficeTabId, HTMLButtonElement>());

  const openPupil = (pupilId: string) => {
    setRecordPupilId(pupilId);
    setTab('pupil');
  };

  // Arrow keys move between tabs (the ARIA tabs pattern); Home and End jump to the ends.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = OFFICE_TABS.findIndex((t) => t.id === tab);
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: OFFICE_TABS.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = OFFICE_TABS[(target + OFFICE_TABS.length) % OFFICE_TABS.length];
    if (next === undefined) return;
    setTab(next.id);
    tabRefs.current.get(next.id)?.focus();
  };

  return (
    <section className="screen office" aria-labelledby="office-heading">
      <h1 id="office-heading">The office</h1>
      <div className="office-tabs" role="tablist" aria-label="Office" onKeyDown={onKeyDown}>
        {OFFICE_TABS.map((t) => (
          <button
            key={t.id}
            ref={(element) => {
              if (element === null) tabRefs.current.delete(t.id);
              else tabRefs.current.set(t.id, element);
            }}
            type="button"
            role="tab"
            id={`office-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls="office-panel"
            tabIndex={tab === t.id ? 0 : -1}
            className="office-tabs__tab"
            onClick={() => setTab(t.id)}
          >
            {t.title}
          </button>
        ))}
      </div>
      <div
        id="office-panel"
        role="tabpanel"
        aria-labelledby={`office-tab-${tab}`}
        className="office-panel"
      >
        {school.kind === 'loading' && <p className="notice">Opening the office…</p>}
        {school.kind === 'no-roster' && (
          <p className="notice">
            The school’s class lists have not reached this device yet. They download as soon as it
            is online; the status bar shows when it last synced.
          </p>
        )}
        {school.kind === 'bad-config' && (
          <div className="notice notice--error">
            <p>The school’s settings could not be read. Ask your Tickmark administrator:</p>
            <ul>
              {school.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        )}
        {school.kind === 'ready' && (
          <OfficeTab
            tab={tab}
            {...props}
            roster={school.roster}
            school={school.school}
            recordPupilId={recordPupilId}
            onOpenPupil={openPupil}
          />
        )}
      </div>
    </section>
  );
}

function OfficeTab(
  props: OfficeTabProps & {
    readonly tab: OfficeTabId;
    readonly recordPupilId: string | null;
    readonly onOpenPupil: (pupilId: string) => void;
  },
) {
  const { tab, recordPupilId, onOpenPupil, ...rest } = props;
  switch (tab) {
    case 'today':
      return <TodayTab {...rest} />;
    case 'chase':
      return <ChaseTab {...rest} onOpenPupil={onOpenPupil} />;
    case 'late':
      return <LateBookTab {...rest} />;
    case 'pupil':
      return (
        <PupilRecordTab key={recordPupilId ?? 'none'} {...rest} initialPupilId={recordPupilId} />
      );
    case 'conflicts':
      return <ConflictsTab {...rest} />;
    case 'rollCall':
      return <RollCallTab {...rest} />;
    case 'absentees':
      return <AbsenteesTab {...rest} onOpenPupil={onOpenPupil} />;
    case 'parents':
      return <ParentsTab {...rest} />;
    case 'leave':
      return <LeaveTab {...rest} />;
  }
}
