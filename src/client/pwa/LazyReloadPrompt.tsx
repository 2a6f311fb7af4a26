/**
 * The update prompt (ReloadPrompt.tsx), loaded as its own chunk and mounted only when start-up
 * says so: registering the service worker and watching for updates is no part of showing the
 * lock screen, and on a slow tablet its code would delay it.
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import type { AppDb } from '../db/appDb';

const ReloadPrompt = lazy(() =>
  import('./ReloadPrompt').then((m) => ({ default: m.ReloadPrompt })),
);

export interface LazyReloadPromptProps {
  readonly db: AppDb;
  /** Called once on mount with the function that shows the prompt (start-up calls it later). */
  readonly whenToShow: (show: () => void) => void;
}

export function LazyReloadPrompt({ db, whenToShow }: LazyReloadPromptProps) {
  const [isShown, setShown] = useState(false);
  useEffect(() => whenToShow(() => setShown(true)), [whenToShow]);
  if (!isShown) return null;
  return (
    <Suspense fallback={null}>
      <ReloadPrompt db={db} />
    </Suspense>
  );
}
