/**
 * The shell beyond the lock screen, one chunk loaded while the teacher types their PIN
 * (shell/lazyShell.ts): the live reads behind the status bar (Dexie), the PIN check and
 * its store (zod), and the chrome around the open section (navigation, session bar, storage
 * notice). App.tsx draws the lock screen without any of it.
 */
import { liveQuery } from 'dexie';
import { LazySchoolSwitcher } from '../admin/LazySchoolSwitcher';
import type { StaffProfile } from '../auth/deviceAuth';
import { readLockFacts } from '../auth/deviceAuthStore';
import type { LockFacts } from '../auth/lockFacts';
import { setIdleLockMinutes } from '../auth/pinLock';
import type { FetchLike } from '../api/call';
import { SessionBar } from '../auth/SessionBar';
import type { Clock, Timers } from '../clock';
import type { AppDb } from '../db/appDb';
import type { PlatformFacts } from '../pwa/platform';
import { WhenIdle } from '../startup/WhenIdle';
import { SectionNav } from './SectionNav';
import { useSectionStore } from './sectionStore';
import { SectionView } from './SectionView';
import { StorageNotice } from './StorageNotice';

export { outboxCountsFeed } from '../marks/outboxCounts';
export { unlockWithPin } from '../auth/pinLock';

/**
 * Follows the lock facts through Dexie (writes from other tabs too), from the moment this chunk
 * has loaded; the lock screen was first drawn from a raw read (auth/lockFacts.ts).
 *
 * @returns stops following
 */
export function followLockFacts(
  db: AppDb,
  next: (facts: LockFacts) => void,
  error: (error: unknown) => void,
): () => void {
  const subscription = liveQuery(() => readLockFacts(db)).subscribe({ next, error });
  return () => subscription.unsubscribe();
}

export interface UnlockedAppProps {
  readonly db: AppDb;
  readonly staff: StaffProfile;
  readonly idleLockMinutes: number;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly platform: PlatformFacts;
  readonly prefs: Pick<Storage, 'getItem' | 'setItem'> | null;
  readonly fetch?: FetchLike;
  readonly newEventId?: () => string;
  readonly requestSync?: () => void;
  readonly requestPersistence?: () => void;
  readonly onLock: () => void;
  /** Someone switched school: unlock again as them there. */
  readonly onSwitched: (staff: StaffProfile) => void;
}

/** The navigation, the session bar and the open section, for whoever has unlocked. */
export function UnlockedApp(props: UnlockedAppProps) {
  const { db, staff } = props;
  const section = useSectionStore((s) => s.section);
  const openSection = useSectionStore((s) => s.open);
  return (
    <>
      <div className="app__chrome">
        <SectionNav role={staff.role} current={section} onOpen={openSection} />
        <SessionBar
          staff={staff}
          idleLockMinutes={props.idleLockMinutes}
          onLock={props.onLock}
          onIdleLockMinutes={(minutes) => void setIdleLockMinutes(db, minutes)}
          schoolSwitcher={
            <WhenIdle>
              <LazySchoolSwitcher
                db={db}
                staff={staff}
                {...(props.fetch === undefined ? {} : { fetch: props.fetch })}
                onSwitched={props.onSwitched}
              />
            </WhenIdle>
          }
        />
      </div>
      <div id="content" className="app__content" tabIndex={-1}>
        <StorageNotice
          db={db}
          platform={props.platform}
          prefs={props.prefs}
          {...(props.requestPersistence === undefined
            ? {}
            : { onKeepData: props.requestPersistence })}
        />
        <SectionView
          section={section}
          db={db}
          staff={staff}
          clock={props.clock}
          timers={props.timers}
          {...(props.fetch === undefined ? {} : { fetch: props.fetch })}
          {...(props.newEventId === undefined ? {} : { newEventId: props.newEventId })}
          {...(props.requestSync === undefined ? {} : { requestSync: props.requestSync })}
        />
      </div>
    </>
  );
}
