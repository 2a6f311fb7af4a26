/**
 * The admin section: loaded on demand, so the register's first load stays small. Data in and
 * out of the school's MIS (pupils and groups, staff, historical marks, exports), the school
 * calendar, the school's settings (the one tab the attendance lead sees), the school's devices, the organisation's schools, and the DfE's published figures. Everything here is online only: nothing is queued on the
 * tablet, so with no connection the screens say so rather than pretend.
 */
import { useState } from 'react';
import type { SectionProps } from '../ui/sectionProps';
import { TabNav } from '../ui/TabNav';
import { useSyncStatusStore } from '../sync/syncStatusStore';
import { ADMIN_OFFLINE_MESSAGE } from './adminRequest';
import { BenchmarksPanel } from './BenchmarksPanel';
import { CalendarPanel } from './CalendarPanel';
import { ContactsImportPanel } from './ContactsImportPanel';
import { DevicesPanel } from './DevicesPanel';
import { ExportPanel } from './ExportPanel';
import { ImportFlow } from './ImportFlow';
import { PhotosPanel } from './PhotosPanel';
import { RollPanel } from './RollPanel';
import { SchoolsPanel } from './SchoolsPanel';
import { SettingsPanel } from './SettingsPanel';
import { StaffPanel } from './StaffPanel';
import '../ui/tabRows.css';
import './admin.css';

export type AdminTab =
  | 'pupils'
  | 'roll'
  | 'staff'
  | 'marks'
  | 'contacts'
  | 'characteristics'
  | 'export'
  | 'calendar'
  | 'settings'
  | 'devices'
  | 'photos'
  | 'schools'
  | 'benchmarks';

export const ADMIN_TABS: readonly { readonly id: AdminTab; readonly title: string }[] = [
  { id: 'pupils', title: 'Pupils and groups' },
  { id: 'roll', title: 'Admission register' },
  { id: 'staff', title: 'Staff' },
  { id: 'marks', title: 'Historical marks' },
  { id: 'contacts', title: 'Contacts' },
  { id: 'characteristics', title: 'Characteristics history' },
  { id: 'export', title: 'Export' },
  { id: 'calendar', title: 'Term dates' },
  { id: 'settings', title: 'Settings' },
  { id: 'devices', title: 'Devices' },
  { id: 'photos', title: 'Photos' },
  { id: 'schools', title: 'Schools' },
  { id: 'benchmarks', title: 'DfE figures' },
];

/** The attendance lead opens Admin for the school's settings only; admins see every tab. */
export function adminTabsFor(role: SectionProps['staff']['role']): typeof ADMIN_TABS {
  return role === 'admin' ? ADMIN_TABS : ADMIN_TABS.filter((t) => t.id === 'settings');
}

export function AdminSection(props: SectionProps & { readonly initialTab?: AdminTab }) {
  const tabs = adminTabsFor(props.staff.role);
  const [tab, setTab] = useState<AdminTab>(props.initialTab ?? tabs[0]?.id ?? 'settings');
  const isOnline = useSyncStatusStore((s) => s.isOnline);

  return (
    <section className="screen admin" aria-labelledby="admin-heading">
      <h1 id="admin-heading">Administration</h1>
      <p className="lede">{props.staff.schoolName}</p>
      {!isOnline && (
        <p className="notice notice--warning" role="status">
          {ADMIN_OFFLINE_MESSAGE}
        </p>
      )}
      <TabNav
        label="Administration"
        block="folder-tabs"
        tabs={tabs}
        current={tab}
        onOpen={setTab}
      />
      {tab === 'pupils' && (
        <ImportFlow key="pupils" {...props} kind="pupils" help={<PupilsHelp />} askEffectiveDate />
      )}
      {tab === 'roll' && <RollPanel {...props} />}
      {tab === 'staff' && <StaffPanel {...props} />}
      {tab === 'marks' && <ImportFlow key="marks" {...props} kind="marks" help={<MarksHelp />} />}
      {tab === 'contacts' && <ContactsImportPanel {...props} />}
      {tab === 'characteristics' && (
        <ImportFlow
          key="characteristics"
          {...props}
          kind="characteristics"
          help={<CharacteristicsHelp />}
        />
      )}
      {tab === 'export' && <ExportPanel {...props} />}
      {tab === 'calendar' && <CalendarPanel {...props} />}
      {tab === 'settings' && <SettingsPanel {...props} />}
      {tab === 'devices' && <DevicesPanel {...props} />}
      {tab === 'photos' && <PhotosPanel {...props} />}
      {tab === 'schools' && <SchoolsPanel {...props} />}
      {tab === 'benchmarks' && <BenchmarksPanel {...props} />}
    </section>
  );
}

function PupilsHelp() {
  return (
    <p className="hint">
      The pupil export from your MIS (SIMS, Arbor, Bromcom…): UPN, legal and preferred names, date
      of birth, year group (N1, N2, R, 1–13), registration group, admission and leaving dates, the
      reason for leaving (ground for deletion), and the SEND, FSM, looked-after and social-worker
      flags; the register’s medical (with its note) and EAL flags, and whether the pupil boards (the
      census leaves boarders out), if you have them. Pupils are matched by UPN: known pupils are
      updated and new groups are created. Only a file imported as your whole roll gives pupils
      missing from it a leaving date. Nobody’s history is deleted, and an import can be undone for 7
      days.
    </p>
  );
}

function MarksHelp() {
  return (
    <p className="hint">
      Marks from before Tickmark: UPN, date, session (AM or PM), code and, for late marks, minutes
      late. Codes withdrawn in August 2024 are accepted for sessions before 19 August 2024. Each
      mark is recorded as “imported from MIS”, with your name.
    </p>
  );
}

function CharacteristicsHelp() {
  return (
    <p className="hint">
      When each pupil’s characteristics began and ended, from the MIS’s history: UPN, characteristic
      (sex, ethnicity, first language, SEN provision, free school meals, pupil premium, child in
      need, child protection plan, social worker, young carer, looked after, previously looked
      after, service child), value (the census’s code, such as F, WBRI, ENG, K or Y), from and, if
      it has ended, to. For each pupil and characteristic in the file, the file’s history replaces
      Tickmark’s. Reports count each pupil in the group they were in on each day. These stay in the
      office: tablets never receive them.
    </p>
  );
}
