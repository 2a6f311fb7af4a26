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
 */
import { lazy, Suspense, useEffect } from 'react';
import { LazySchoolSwitcher } from './admin/LazySchoolSwitcher';
import type { StaffProfile } from './auth/deviceAuth';
import { readLockFacts } from './auth/deviceAuthStore';
import type { PinHashOptions } from './auth/pinHash';
import { setIdleLockMinutes, type SignedInStaff } from './auth/pinLock';
import type { FetchLike } from './auth/signInRequest';
import { useIdleLock } from './auth/useIdleLock';
import type { Clock, Timers } from './clock';
import { ErrorBoundary } from './ui/ErrorBoundary';
import { SessionBar } from './auth/SessionBar';
import { SkipLink } from './shell/SkipLink';
import { StatusBar } from './shell/StatusBar';
import { StorageNotice } from './shell/StorageNotice';
import { UnlockScreen } from './auth/UnlockScreen';
import { useNow } from './ui/useNow';
import type { AppDb } from './db/appDb';
import { useLiveQuery } from './ui/useLiveQuery';
import type { PlatformFacts } from './pwa/platform';
import { WhenIdle } from './startup/WhenIdle';
import { useLockStore } from './auth/lockStore';
import { resetRegisterChoiceStore } from './register/registerChoiceStore';
import { resetSectionStore, useSectionStore } from './shell/sectionStore';
import { SectionNav } from './shell/SectionNav';
import { SectionView } from './shell/SectionView';

// Signing in and choosing a PIN happen online and rarely; their code (and the sign-in wire
// schemas) loads when needed, keeping the everyday cold start to the lock screen light.
const SignInScreen = lazy(() =>
  import('./auth/SignInScreen').then((m) => ({ default: m.SignInScreen })),
);
const SetPinScreen = lazy(() =>
  import('./auth/SetPinScreen').then((m) => ({ default: m.SetPinScreen })),
);

export interface AppServices {
  readonly db: AppDb;
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

export function App({ services }: { readonly services: AppServices }) {
  const { db, clock, timers } = services;
  const facts = useLiveQuery(() => readLockFacts(db), [db]);
  const lock = useLockStore();
  const section = useSectionStore((s) => s.section);
  const openSection = useSectionStore((s) => s.open);
  const now = useNow(clock, timers);
  const knownStaff = facts?.auth.staff ?? [];
  const idleLockMinutes = facts?.auth.idleLockMinutes ?? 5;

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

  let content;
  switch (screen) {
    case 'loading':
      content = <p className="screen notice">Opening Tickmark…</p>;
      break;
    case 'signIn': {
      const canGoBack = knownStaff.length > 0 || lock.unlocked !== null;
      content = (
        <SignInScreen
          db={db}
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
      content = (
        <SetPinScreen
          db={db}
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
          db={db}
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
      content = (
        <>
          <div className="app__chrome">
            <SectionNav role={lock.unlocked.role} current={section} onOpen={openSection} />
            <SessionBar
              staff={lock.unlocked}
              idleLockMinutes={idleLockMinutes}
              onLock={() => lockNow('locked')}
              onIdleLockMinutes={(minutes) => void setIdleLockMinutes(db, minutes)}
              schoolSwitcher={
                <WhenIdle>
                  <LazySchoolSwitcher
                    db={db}
                    staff={lock.unlocked}
                    {...(services.fetch === undefined ? {} : { fetch: services.fetch })}
                    onSwitched={(staff) => {
                      resetRegisterChoiceStore();
                      lock.unlock(staff);
                      services.requestSync?.();
                    }}
                  />
                </WhenIdle>
              }
            />
          </div>
          <div id="content" className="app__content" tabIndex={-1}>
            <StorageNotice
              db={db}
              platform={services.platform}
              prefs={services.prefs === undefined ? safeLocalStorage() : services.prefs}
              {...(services.requestPersistence === undefined
                ? {}
                : { onKeepData: services.requestPersistence })}
            />
            <SectionView
              section={section}
              db={db}
              staff={lock.unlocked}
              clock={clock}
              timers={timers}
              {...(services.fetch === undefined ? {} : { fetch: services.fetch })}
              {...(services.newEventId === undefined ? {} : { newEventId: services.newEventId })}
              {...(services.requestSync === undefined ? {} : { requestSync: services.requestSync })}
            />
          </div>
        </>
      );
      break;
  }

  return (
    <div className={`app app--${screen}`}>
      <SkipLink />
      <StatusBar
        db={db}
        now={now}
        {...(lock.unlocked === null
          ? {}
          : { onSignIn: () => lock.startSignIn(lock.unlocked?.email) })}
      />
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
