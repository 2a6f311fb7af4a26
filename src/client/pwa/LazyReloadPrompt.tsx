/**
 * The update prompt (ReloadPrompt.tsx), loaded as its own chunk and mounted only when start-up
 * says so: registering the service worker and watching for updates is no part of showing the
 * lock screen, and on a slow tablet its code would delay it. It counts the marks waiting through
 * Dexie, which the first load does not carry: the database's handle is opened for it then.
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import type { AppDb } from '../db/appDb';

const ReloadPrompt = lazy(() =>
  import('./ReloadPrompt').then((m) => ({ default: m.ReloadPrompt })),
);

export interface LazyReloadPromptProps {
  /** Dexie's handle on the tablet's database (loaded on first call). */
  readonly openDb: () => Promise<AppDb>;
  /** Called once on mount with the function that shows the prompt (start-up calls it later). */
  readonly whenToShow: (show: () => void) => void;
}

export function LazyReloadPrompt({ openDb, whenToShow }: LazyReloadPromptProps) {
  const [db, setDb] = useState<AppDb | null>(null);
  useEffect(
    () =>
      whenToShow(() => {
        // Not opened (a broken update): the prompt stays away, as it would without a worker.
        openDb().then(setDb, () => undefined);
      }),
    [whenToShow, openDb],
  );
  if (db === null) return null;
  return (
    <Suspense fallback={null}>
      <ReloadPrompt db={db} />
    </Suspense>
  );
}
