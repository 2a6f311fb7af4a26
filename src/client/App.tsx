/**
 * The PWA's root: the status bar, then one screen chosen by who is using the tablet
 * (docs/design.md §3.3, §3.4). Nobody reaches a register without unlocking with their PIN:
 *
 * - nobody has signed in on this tablet, or someone asked to → sign in online;
 * - just signed in online → choose a PIN (or keep the one they have here);
 * - locked → the lock screen lists who has signed in here, each with their own PIN;
 * - unlocked → the register, locking itself after idle minutes or on "Lock".
 *
 * Everything the app touches outside React (database, clock, timers, network, platform) comes in
 * as `services`, so tests run the real screens over fake-indexeddb with a hand-driven clock.
 *
 * Loading order (docs/design.md §3.1): this module and the lock screen are the first load, with
 * no Dexie and no zod. The lock screen and the status bar are drawn from one raw read of the
 * database (auth/lockFacts.ts); once they are painted the shell's chunk (shell/Unlocked.tsx:
 * Dexie's live reads, the PIN check's store, the chrome around the sections) loads with Dexie's
 * handle, and from then on the lock facts and the bar's counts are followed live through Dexie,
 * with the same figures, so nothing on the lock screen moves. The sign-in and PIN screens and the register
 * wait for it ("Opening…") when they come before it has loaded.
 */
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { StaffProfile } from './auth/deviceAuth';
import {
  DEFAULT_IDLE_LOCK_MINUTES,
  readStoredLockFacts,
  type LockFacts,
  type StoredFacts,
} from './auth/lockFacts';
import { startPinCheck } from './auth/pinCheck';
import type { PinHashOptions } from './auth/pinHash';
import type { SignedInStaff, UnlockResult } from './auth/pinLock';
import type { FetchLike } from './auth/signInRequest';
import { useIdleLock } from './auth/useIdleLock';
import type { Clock, Timers } from './clock';
import { ErrorBoundary } from './ui/ErrorBoundary';
import { SkipLink } from './shell/SkipLink';
import { StatusBar } from './shell/StatusBar';
import { showStoredSyncStatus } from './sync/syncStatusStore';
import { UnlockScreen } from './auth/UnlockScreen';
import { useNow } from './ui/useNow';
import type { AppDb } from './db/appDb';
import type { PlatformFacts } from './pwa/platform';
import { afterPaint } from './startup/afterFirstScreen';
import { useLockStore } from './auth/lockStore';
import { resetRegisterChoiceStore } from './register/registerChoiceStore';
import { resetSectionStore } from './shell/sectionStore';
import { shellChunk, type ShellModule } from './shell/lazyShell';

// Signing in and choosing a PIN happen online and rarely; their code (and the sign-in wire
// schemas) loads when needed, keeping the everyday cold start to the lock screen light.
const SignInScreen = lazy(() =>
  import('./auth/SignInScreen').then((m) => ({ default: m.SignInScreen })),
);
const SetPinScreen = lazy(() =>
  import('./auth/SetPinScreen').then((m) => ({ default: m.SetPinScreen })),
);

/**
 * The tablet's database. The lock screen reads it raw by its name (auth/lockFacts.ts); Dexie's
 * handle is opened once the lock screen is up, with the shell's chunk (shell/lazyShell.ts).
 */
export interface AppDatabase {
  readonly name: string;
  /** Dexie's handle on it (the same one each call). */
  readonly open: () => Promise<AppDb>;
}

export interface AppServices {
  readonly database: AppDatabase;
  /**
   * The raw read of the lock facts and the status bar's stored figures (auth/lockFacts.ts
   * `readStoredLockFacts`), when start-up began it before React's first render (main.tsx), so the
   * two overlap; else the app begins it.
   */
  readonly storedLockFacts?: Promise<StoredFacts>;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly platform: PlatformFacts;
  readonly fetch?: FetchLike;
  /** The school's sign-in provider's answer, when the page opened at its return address. */
  readonly oidcReturn?: string;
  /** Asks the sync engine to send and fetch now (after a sign-in has made it possible). */
  readonly requestSync?: () => void;
  /** Asks again for persistent storage (a sign-in is a user gesture, which some browsers want). */
  readonly requestPersistence?: () => void;
  /** Tests lower the PIN hash's cost; the app never does. */
  readonly hashOptions?: PinHashOptions;
  readonly newEventId?: () => string;
  /** Where UI preferences live (the storage notice seen); localStorage unless a test gives one. */
  readonly prefs?: Pick<Storage, 'getItem' | 'setItem'> | null;
  /**
   * Called with each screen once it is rendered: start-up begins the work the first screens do
   * not need (sync engine, service worker) after them, not before (cold start).
   */
  readonly onScreen?: (screen: AppScreen) => void;
}

export type AppScreen = 'loading' | 'signIn' | 'setPin' | 'unlock' | 'register';

const TITLES: Readonly<Record<AppScreen, string>> = {
  loading: 'Tickmark',
  signIn: 'Sign in – Tickmark',
  setPin: 'Choose your PIN – Tickmark',
  unlock: 'Locked – Tickmark',
  register: 'Register – Tickmark',
};

interface AfterLock {
  readonly db: AppDb;
  readonly shell: ShellModule;
}

type AfterLockState =
  | { readonly kind: 'waiting' }
  | { readonly kind: 'ready'; readonly value: AfterLock }
  | { readonly kind: 'failed'; readonly error: unknown };

/**
 * The lock facts, first from a raw read (the first load has no Dexie), then followed live
 * through Dexie once the shell's chunk is loaded; and that chunk with Dexie's handle, loaded by
 * `load` (once; again after a failure).
 */
function useLockScreenData(database: AppDatabase, early: Promise<StoredFacts> | undefined) {
  const [stored, setStored] = useState<LockFacts | 'failed' | null>(null);
  const [live, setLive] = useState<LockFacts | null>(null);
  const [liveError, setLiveError] = useState<{ readonly error: unknown } | null>(null);
  const [afterLock, setAfterLock] = useState<AfterLockState>({ kind: 'waiting' });
  const loading = useRef<Promise<AfterLock> | null>(null);

  useEffect(() => {
    let isCurrent = true;
    (early ?? readStoredLockFacts(database.name)).then(
      (facts) => {
        if (!isCurrent) return;
        // The status bar's stored figures first, so it is drawn whole with the lock screen.
        showStoredSyncStatus(facts.syncStatus);
        setStored(facts.lock);
      },
      // Dexie's read says what is wrong, once it has loaded.
      () => isCurrent && setStored('failed'),
    );
    return () => {
      isCurrent = false;
    };
  }, [database, early]);

  const load = useCallback((): Promise<AfterLock> => {
    loading.current ??= Promise.all([database.open(), shellChunk.load()]).then(
      ([db, shell]) => {
        const value = { db, shell };
        setAfterLock({ kind: 'ready', value });
        return value;
      },
      (error: unknown) => {
        loading.current = null;
        setAfterLock({ kind: 'failed', error });
        throw error;
      },
    );
    return loading.current;
  }, [database]);

  const ready = afterLock.kind === 'ready' ? afterLock.value : null;
  useEffect(() => {
    if (ready === null) return;
    return ready.shell.followLockFacts(ready.db, setLive, (error) => setLiveError({ error }));
  }, [ready]);

  if (liveError !== null) throw liveError.error;
  const facts = live ?? (stored === 'failed' ? null : stored) ?? undefined;
  return { facts, hasStoredReadFailed: stored === 'failed', afterLock, load };
}

export function App({ services }: { readonly services: AppServices }) {
  const { database, clock, timers } = services;
  const { facts, hasStoredReadFailed, afterLock, load } = useLockScreenData(
    database,
    services.storedLockFacts,
  );
  const lock = useLockStore();
  const now = useNow(clock, timers);
  const knownStaff = facts?.auth.staff ?? [];
  const idleLockMinutes = facts?.auth.idleLockMinutes ?? DEFAULT_IDLE_LOCK_MINUTES;

  const screen: AppScreen =
    facts === undefined
      ? 'loading'
      : lock.awaitingPin !== null
        ? 'setPin'
        : lock.isSigningIn || (lock.unlocked === null && knownStaff.length === 0)
          ? 'signIn'
          : lock.unlocked === null
            ? 'unlock'
            : 'register';

  useEffect(() => {
    document.title = TITLES[screen];
  }, [screen]);

  const { onScreen } = services;
  useEffect(() => {
    onScreen?.(screen);
  }, [screen, onScreen]);

  // The lock screen is drawn from the raw read; the rest loads once it is painted, while the
  // teacher types their PIN. Every other screen needs it now.
  useEffect(() => {
    if (screen === 'loading' && !hasStoredReadFailed) return;
    const start = () => void load().catch(() => undefined);
    if (screen === 'unlock') afterPaint(start);
    else start();
  }, [screen, hasStoredReadFailed, load]);

  const lockNow = (notice: 'idle' | 'locked') => {
    resetRegisterChoiceStore();
    lock.lock(notice);
  };

  useIdleLock({
    isActive: lock.unlocked !== null,
    minutes: idleLockMinutes,
    onIdle: () => lockNow('idle'),
    clock,
    timers,
  });

  const onSignedIn = (staff: SignedInStaff) => {
    lock.signedIn(staff);
    services.requestSync?.();
    services.requestPersistence?.();
  };
  const onUnlocked = (profile: StaffProfile) => {
    if (lock.unlocked?.staffId !== profile.staffId) resetRegisterChoiceStore();
    if ((lock.unlocked?.staffId ?? lock.lastStaffId) !== profile.staffId) resetSectionStore();
    lock.unlock(profile);
  };
  const unlock = async (staffId: string, pin: string): Promise<UnlockResult> => {
    // The slow hash starts now, against the hash the lock screen read, while the rest loads.
    const shown = knownStaff.find((s) => s.staffId === staffId);
    const started = shown === undefined ? undefined : startPinCheck(pin, shown.pin);
    const { db, shell } = await load();
    return shell.unlockWithPin(db, staffId, pin, started);
  };

  // What needs Dexie waits for it (it is loaded by now but for a moment on a slow tablet).
  if (afterLock.kind === 'failed' && screen !== 'unlock') throw afterLock.error;
  const ready = afterLock.kind === 'ready' ? afterLock.value : null;
  const opening = <p className="screen notice">Opening…</p>;

  let content;
  switch (screen) {
    case 'loading':
      content = <p className="screen notice">Opening Tickmark…</p>;
      break;
    case 'signIn': {
      if (ready === null) {
        content = opening;
        break;
      }
      const canGoBack = knownStaff.length > 0 || lock.unlocked !== null;
      content = (
        <SignInScreen
          db={ready.db}
          hasSignedInBefore={knownStaff.length > 0}
          isNewTablet={facts?.deviceId === null}
          {...(lock.signInEmail === null ? {} : { initialEmail: lock.signInEmail })}
          {...(services.fetch === undefined ? {} : { fetch: services.fetch })}
          onSignedIn={onSignedIn}
          {...(canGoBack ? { onCancel: lock.cancelSignIn } : {})}
          {...(services.oidcReturn === undefined ? {} : { oidcReturn: services.oidcReturn })}
        />
      );
      break;
    }
    case 'setPin':
      if (lock.awaitingPin === null) break;
      if (ready === null) {
        content = opening;
        break;
      }
      content = (
        <SetPinScreen
          db={ready.db}
          staff={lock.awaitingPin}
          hasPin={knownStaff.some((s) => s.staffId === lock.awaitingPin?.staffId)}
          clock={clock}
          {...(services.hashOptions === undefined ? {} : { hashOptions: services.hashOptions })}
          onPinSet={onUnlocked}
          onCancel={lock.cancelSignIn}
        />
      );
      break;
    case 'unlock':
      content = (
        <UnlockScreen
          unlock={unlock}
          staff={knownStaff}
          idleLockMinutes={idleLockMinutes}
          notice={lock.notice}
          preferredStaffId={lock.lastStaffId}
          onUnlocked={onUnlocked}
          onSignIn={lock.startSignIn}
        />
      );
      break;
    case 'register':
      if (lock.unlocked === null) break;
      if (ready === null) {
        content = opening;
        break;
      }
      content = (
        <ready.shell.UnlockedApp
          db={ready.db}
          staff={lock.unlocked}
          idleLockMinutes={idleLockMinutes}
          clock={clock}
          timers={timers}
          platform={services.platform}
          prefs={services.prefs === undefined ? safeLocalStorage() : services.prefs}
          {...(services.fetch === undefined ? {} : { fetch: services.fetch })}
          {...(services.newEventId === undefined ? {} : { newEventId: services.newEventId })}
          {...(services.requestSync === undefined ? {} : { requestSync: services.requestSync })}
          {...(services.requestPersistence === undefined
            ? {}
            : { requestPersistence: services.requestPersistence })}
          onLock={() => lockNow('locked')}
          onSwitched={(staff) => {
            resetRegisterChoiceStore();
            lock.unlock(staff);
            services.requestSync?.();
          }}
        />
      );
      break;
  }

  return (
    <div className={`app app--${screen}`}>
      <SkipLink />
      {/* Drawn with the lock screen from the stored facts, then live: the same figures. */}
      {screen !== 'loading' && (
        <StatusBar
          counts={ready === null ? null : ready.shell.outboxCountsFeed(ready.db)}
          now={now}
          {...(lock.unlocked === null
            ? {}
            : { onSignIn: () => lock.startSignIn(lock.unlocked?.email) })}
        />
      )}
      <main className="app__main" id="main-content" tabIndex={-1}>
        <ErrorBoundary>
          <Suspense fallback={<p className="screen notice">Opening…</p>}>{content}</Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
}

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
