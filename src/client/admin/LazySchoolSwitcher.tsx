/**
 * The school switcher, loaded on demand: most tablets belong to one school, so the switcher
 * (and the data API's schemas it parses with) stays out of the register's first load. Until the
 * chunk arrives, and whenever it does not apply, the session bar shows nothing here.
 */
import { lazy, Suspense } from 'react';
import type { SchoolSwitcherProps } from './SchoolSwitcher';

const SchoolSwitcher = lazy(() =>
  import('./SchoolSwitcher').then((m) => ({ default: m.SchoolSwitcher })),
);

export function LazySchoolSwitcher(props: SchoolSwitcherProps) {
  return (
    <Suspense fallback={null}>
      <SchoolSwitcher {...props} />
    </Suspense>
  );
}
