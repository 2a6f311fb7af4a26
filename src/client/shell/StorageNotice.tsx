/**
 * The one notice about keeping Tickmark's data on this tablet (docs/design.md §3.1): shown once,
 * on the first screen after unlocking, where it can be acted on, never as a banner on every
 * screen. It appears when the browser has not agreed to keep the data (with a button to ask
 * again, which browsers grant only from a tap) or when iPad Safari should have Tickmark on the
 * Home Screen (with the steps). "Got it" is remembered on this tablet; the status bar still says
 * at all times how many marks wait to be sent.
 */
import { useState } from 'react';
import type { AppDb } from '../db/appDb';
import { useStoragePersistence } from '../sync/useStoragePersistence';
import { shouldSuggestHomeScreen, type PlatformFacts } from '../pwa/platform';

export interface StorageNoticeProps {
  readonly db: AppDb;
  readonly platform: PlatformFacts;
  /** Where "Got it" is remembered (not sensitive: a UI preference); null keeps it in memory. */
  readonly prefs: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** Asks the browser again to keep the data (a tap is the gesture some browsers want). */
  readonly onKeepData?: () => void;
}

export const STORAGE_NOTICE_SEEN_KEY = 'tickmark.storageNoticeSeen';

function readSeen(prefs: StorageNoticeProps['prefs']): boolean {
  try {
    return prefs?.getItem(STORAGE_NOTICE_SEEN_KEY) === 'yes';
  } catch {
    return false;
  }
}

export function StorageNotice({ db, platform, prefs, onKeepData }: StorageNoticeProps) {
  const persistence = useStoragePersistence(db);
  const [isSeen, setIsSeen] = useState(() => readSeen(prefs));
  const atRisk = persistence === 'refused' || persistence === 'unsupported';
  const homeScreen = shouldSuggestHomeScreen(platform);
  if (isSeen || (!atRisk && !homeScreen)) return null;

  const gotIt = () => {
    setIsSeen(true);
    try {
      prefs?.setItem(STORAGE_NOTICE_SEEN_KEY, 'yes');
    } catch {
      // Private browsing may refuse; the notice just comes back next time.
    }
  };

  return (
    <section className="storage-notice" aria-labelledby="storage-notice-heading">
      <h2 id="storage-notice-heading">Keep marks safe on this tablet</h2>
      {atRisk && (
        <p>
          This browser has not agreed to keep Tickmark’s data, so it could clear marks that are
          waiting to sync if storage runs low. Let the tablet sync often.
        </p>
      )}
      {homeScreen && (
        <p>
          <strong>Add Tickmark to the Home Screen</strong>: tap Share, then “Add to Home Screen”,
          and open it from there. Safari deletes a website’s saved data after 7 days without a
          visit, which could lose marks not yet sent; apps on the Home Screen keep theirs.
        </p>
      )}
      <div className="storage-notice__actions">
        {persistence === 'refused' && onKeepData !== undefined && (
          <button type="button" className="button" onClick={onKeepData}>
            Ask the browser again
          </button>
        )}
        <button type="button" className="button button--primary" onClick={gotIt}>
          Got it
        </button>
      </div>
    </section>
  );
}
