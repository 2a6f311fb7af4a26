/**
 * Shows the open section. Office, trips, reports, casework, admin, statutory returns and governors are separate chunks loaded on demand,
 * so a teacher's tablet downloads and parses only the register on first load.
 *
 * The register is a chunk of its own too, loaded while the lock screen waits for the PIN
 * (`shell/registerChunk.ts` `loadRegister`, called by main.tsx): the first load paints the lock screen without parsing
 * the register, its domain rules and wire schemas, and the unlock finds them loaded.
 */
import { lazy, Suspense, useEffect, useState, type ComponentProps } from 'react';
import type { SectionProps } from '../ui/sectionProps';
import { registerChunk, type RegisterModule } from './registerChunk';
import { homeSectionOf, sectionsFor, type SectionId } from './sections';

type RegisterProps = ComponentProps<RegisterModule['RegisterScreen']>;

/**
 * The register screen, drawn at once when its chunk has loaded (as it has by the unlock), else
 * once it loads. Not `lazy`: that would show its fallback for a frame even when loaded.
 */
function Register(props: RegisterProps) {
  const [loaded, setLoaded] = useState<
    { readonly module: RegisterModule } | { readonly error: unknown } | null
  >(() => {
    const module = registerChunk.loaded();
    return module === null ? null : { module };
  });
  useEffect(() => {
    if (loaded !== null) return;
    registerChunk.load().then(
      (module) => setLoaded({ module }),
      (error: unknown) => setLoaded({ error }),
    );
  }, [loaded]);
  if (loaded === null) return <p className="screen notice">Opening the register…</p>;
  if ('error' in loaded) throw loaded.error;
  const { RegisterScreen } = loaded.module;
  return <RegisterScreen {...props} />;
}

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
      <Register
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
