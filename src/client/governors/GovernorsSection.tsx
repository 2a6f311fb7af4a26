/**
 * The "Governors" section (docs/governors.md), loaded on demand: the termly pack, and the
 * attendance targets (proposed by the attendance lead or an admin, approved by a governor).
 * Online only; nothing in it names a pupil.
 */
import { useState } from 'react';
import type { SectionProps } from '../ui/sectionProps';
import { TabNav } from '../ui/TabNav';
import { PackPanel } from './PackPanel';
import { TargetsPanel } from './TargetsPanel';
import '../ui/tabRows.css';
import './governors.css';

export type GovernorsTab = 'pack' | 'targets';

const TABS: readonly { readonly id: GovernorsTab; readonly title: string }[] = [
  { id: 'pack', title: 'Termly pack' },
  { id: 'targets', title: 'Targets' },
];

export function GovernorsSection(props: SectionProps & { readonly initialTab?: GovernorsTab }) {
  const [tab, setTab] = useState<GovernorsTab>(props.initialTab ?? 'pack');
  return (
    <section className="screen governors" aria-labelledby="governors-heading">
      <h1 id="governors-heading">Governors</h1>
      <p className="lede">{props.staff.schoolName}</p>
      <TabNav label="Governors" block="tab-row" tabs={TABS} current={tab} onOpen={setTab} />
      {tab === 'pack' && <PackPanel {...props} />}
      {tab === 'targets' && <TargetsPanel {...props} />}
    </section>
  );
}
