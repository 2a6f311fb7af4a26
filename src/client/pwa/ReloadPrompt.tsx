/**
 * "A new version of Tickmark is ready" (docs/design.md §3.2). The service worker is
 * registered with `registerType: 'prompt'`: a new version waits until the person chooses to
 * update, and the app never reloads on its own. Marks waiting to sync are mentioned but do not
 * block the update: they live in IndexedDB, which an update does not touch.
 */
import { useEffect, useRef } from 'react';
import { useRegisterSW } from 'virtual:pwa-register/react';
import { systemTimers } from '../clock';
import { useOutboxCounts } from '../marks/useOutbox';
import type { AppDb } from '../db/appDb';
import { startUpdateChecks } from './updateChecks';
import { UpdateBanner } from './UpdateBanner';

/** Registers the service worker and shows the update prompt when a new version waits. */
export function ReloadPrompt({ db }: { readonly db: AppDb }) {
  const stopChecks = useRef<(() => void) | null>(null);
  // `offlineReady` is not announced: the app should never make people think about the network.
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, registration) {
      if (registration === undefined) return;
      stopChecks.current?.();
      stopChecks.current = startUpdateChecks(registration, {
        timers: systemTimers,
        target: window,
      });
    },
  });
  useEffect(() => () => stopChecks.current?.(), []);
  const counts = useOutboxCounts(db);

  return (
    <UpdateBanner
      needRefresh={needRefresh}
      pendingCount={counts?.pending ?? 0}
      onUpdate={() => void updateServiceWorker(true)}
      onLater={() => setNeedRefresh(false)}
    />
  );
}
