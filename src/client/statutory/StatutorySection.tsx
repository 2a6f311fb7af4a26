/**
 * The "Statutory returns" section: what the school must send out of its register, loaded on demand
 * (never in the tablet's first load). One tab per return: the school census's attendance module
 * the local authority's lists and the Common Transfer File; other returns add their own tab here. Everything is online
 * only: the returns are built on the server from the whole register, so with no connection the
 * section says so rather than show stale figures.
 */
import { useState } from 'react';
import { useSyncStatusStore } from '../sync/syncStatusStore';
import type { SectionProps } from '../ui/sectionProps';
import { TabNav } from '../ui/TabNav';
import { CensusPanel } from './CensusPanel';
import { CtfPanel } from './CtfPanel';
import { LocalAuthorityPanel } from './LocalAuthorityPanel';
import { MisPanel } from './MisPanel';
import { schoolToday } from './statutoryRequest';
import '../ui/tabRows.css';
import './statutory.css';

export type StatutoryTab = 'census' | 'la' | 'ctf' | 'mis';

export const STATUTORY_TABS: readonly { readonly id: StatutoryTab; readonly title: string }[] = [
  { id: 'census', title: 'School census' },
  { id: 'la', title: 'Local authority' },
  { id: 'ctf', title: 'CTF' },
  { id: 'mis', title: 'MIS' },
];

export const STATUTORY_OFFLINE_MESSAGE =
  'Statutory returns need a connection: they are built on the server from the whole register. Connect this device and try again.';

export function StatutorySection(props: SectionProps & { readonly initialTab?: StatutoryTab }) {
  const [tab, setTab] = useState<StatutoryTab>(props.initialTab ?? 'census');
  const isOnline = useSyncStatusStore((s) => s.isOnline);

  return (
    <section className="screen statutory" aria-labelledby="statutory-heading">
      <h1 id="statutory-heading">Statutory returns</h1>
      <p className="lede">{props.staff.schoolName}</p>
      {!isOnline && (
        <p className="notice notice--warning" role="status">
          {STATUTORY_OFFLINE_MESSAGE}
        </p>
      )}
      <TabNav
        label="Statutory returns"
        block="folder-tabs"
        tabs={STATUTORY_TABS}
        current={tab}
        onOpen={setTab}
      />
      {tab === 'census' && <CensusPanel {...props} />}
      {tab === 'la' && <LocalAuthorityPanel {...props} />}
      {tab === 'ctf' && <CtfPanel {...props} />}
      {tab === 'mis' && (
        <MisPanel
          staffId={props.staff.staffId}
          today={schoolToday(props.clock.now())}
          fetch={props.fetch}
        />
      )}
    </section>
  );
}
