/**
 * Shows the open section. Office, trips, reports, casework, admin, statutory returns and governors are separate chunks loaded on demand,
 * so a teacher's tablet downloads and parses only the register on first load.
 */
import { lazy, Suspense } from 'react';
import { RegisterScreen } from '../register/RegisterScreen';
import type { SectionProps } from '../ui/sectionProps';
import { homeSectionOf, sectionsFor, type SectionId } from './sections';

const OfficeSection = lazy(() =>
  import('../office/OfficeSection').then((m) => ({ default: m.OfficeSection })),
);
const TripsSection = lazy(() =>
  import('../trips/TripsSection').then((m) => ({ default: m.TripsSection })),
);
const ReportsSection = lazy(() =>
  import('../reports/ReportsSection').then((m) => ({ default: m.ReportsSection })),
);
const CaseworkSection = lazy(() =>
  import('../casework/CaseworkSection').then((m) => ({ default: m.CaseworkSection })),
);
const AdminSection = lazy(() =>
  import('../admin/AdminSection').then((m) => ({ default: m.AdminSection })),
);
const StatutorySection = lazy(() =>
  import('../statutory/StatutorySection').then((m) => ({ default: m.StatutorySection })),
);
const GovernorsSection = lazy(() =>
  import('../governors/GovernorsSection').then((m) => ({ default: m.GovernorsSection })),
);

export function SectionView({ section, ...props }: SectionProps & { readonly section: SectionId }) {
  // A stored choice the person's role no longer allows falls back to where the role starts.
  const allowed = sectionsFor(props.staff.role).some((s) => s.id === section);
  const open = allowed ? section : homeSectionOf(props.staff.role);
  if (open === 'register') {
    return (
      <RegisterScreen
        db={props.db}
        staff={props.staff}
        clock={props.clock}
        timers={props.timers}
        {...(props.newEventId === undefined ? {} : { newEventId: props.newEventId })}
      />
    );
  }
  return (
    <Suspense fallback={<p className="screen notice">Opening…</p>}>
      {open === 'office' && <OfficeSection {...props} />}
      {open === 'trips' && <TripsSection {...props} />}
      {open === 'reports' && <ReportsSection {...props} />}
      {open === 'casework' && <CaseworkSection {...props} />}
      {open === 'admin' && <AdminSection {...props} />}
      {open === 'statutory' && <StatutorySection {...props} />}
      {open === 'governors' && <GovernorsSection {...props} />}
    </Suspense>
  );
}
