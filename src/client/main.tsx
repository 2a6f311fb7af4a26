/**
 * Start-up, ordered for a cold start on a slow tablet: open the database at once, so
 * IndexedDB opens while React renders; render the app; and start what the first screens do not
 * need — the sync engine with its triggers, the request for persistent storage
 * (startup/backgroundServices.ts), the service worker with its update prompt
 * (pwa/LazyReloadPrompt.tsx) — only once the register or the sign-in screen is painted, or a
 * few seconds into the lock screen. Each of those is a chunk of its own, loaded then.
 */
// First: zod's settings must be in place before any schema is built.
import './zodConfig';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App, type AppScreen, type AppServices } from './App';
import { systemClock, systemTimers } from './clock';
import { getDb } from './db/db';
import { browserPlatform } from './pwa/platform';
import { LazyReloadPrompt } from './pwa/LazyReloadPrompt';
import { loadRegister } from './shell/SectionView';
import { useLockStore } from './auth/lockStore';
import { AFTER_SCREEN_DELAY_MS, afterFirstScreen, afterPaint } from './startup/afterFirstScreen';
import type { BackgroundServices } from './startup/backgroundServices';
import './ui/base.css';
import './ui/screens.css';
import './register/register.css';

/** How long a tablet stays at the lock screen before the sync engine starts anyway. */
const BACKGROUND_DELAY_MS = 5000;

const db = getDb();
// A failed open is reported by the first query that needs the database, through the screens.
db.open().catch(() => undefined);

let background: Promise<BackgroundServices> | null = null;
/** The sync engine and friends, started on first need (first screen up, or a sign-in). */
const backgroundServices = (): Promise<BackgroundServices> => {
  background ??= import('./startup/backgroundServices').then((m) => m.startBackgroundServices(db));
  return background;
};

let showUpdatePrompt: (() => void) | null = null;
let isUpdatePromptDue = false;
let isBackgroundDue = false;
/** Starts the sync engine and the service worker (with its update prompt), once. */
const startBackground = () => {
  if (isBackgroundDue) return;
  isBackgroundDue = true;
  afterFirstScreen(() => {
    void backgroundServices();
    isUpdatePromptDue = true;
    showUpdatePrompt?.();
  });
};
/**
 * The sync engine and the service worker start once the register (or the sign-in screen) is
 * painted, so the teacher's unlock does not share the CPU with them; on a tablet left at the
 * lock screen they start a few seconds in, so queued marks still go.
 */
const onScreen = (screen: AppScreen) => {
  if (screen === 'loading') return;
  // While the teacher types their PIN: the register's chunk loads as soon as the lock screen is
  // painted (the unlock may come a second later); then, once the page is idle, read and check
  // what the register will need, and build the check a tap's mark goes through (the first tap
  // would otherwise pay for it).
  if (screen === 'unlock') {
    // Not loaded now (a broken update): the register tries again, and says why, on unlock.
    afterPaint(() => void loadRegister().catch(() => undefined));
    afterFirstScreen(() => {
      void Promise.all([import('./marks/roster'), import('./marks/recordMark')])
        .then(([roster, mark]) => {
          void roster.prepareRegister(db);
          mark.warmUpMarkCheck();
        })
        .catch(() => undefined);
    });
  }
  const delay =
    screen === 'unlock' || screen === 'setPin' ? BACKGROUND_DELAY_MS : AFTER_SCREEN_DELAY_MS;
  window.setTimeout(startBackground, delay);
};

// Back from the school's sign-in provider (OIDC_RETURN_PAGE_PATH, `/sign-in/oidc?code=…`): the
// sign-in screen hands the query to the server. The address goes back to `/` at once, so a
// reload does not try the spent answer again.
const isOidcReturn = window.location.pathname === '/sign-in/oidc';
const oidcReturn = isOidcReturn ? window.location.search : undefined;
if (isOidcReturn) {
  window.history.replaceState(null, '', '/');
  useLockStore.getState().startSignIn();
}

const services: AppServices = {
  ...(oidcReturn === undefined ? {} : { oidcReturn }),
  db,
  clock: systemClock,
  timers: systemTimers,
  platform: browserPlatform(),
  requestSync: () => void backgroundServices().then((b) => b.engine.requestFlush('manual')),
  requestPersistence: () => void backgroundServices().then((b) => b.requestPersistence()),
  onScreen,
};

// The first-run setup page (the server's printed link, `/setup#TOKEN`) is a chunk of its own:
// no tablet's everyday load carries it. The path matches SETUP_PAGE_PATH in the wire contract,
// written out here so the first load does not import that module.
const SetupPage = lazy(() => import('./setup/SetupPage').then((m) => ({ default: m.SetupPage })));
const isSetupPage = window.location.pathname === '/setup';
// The page an account link opens (SET_PASSWORD_PAGE_PATH, `/account/password#TOKEN`), likewise.
const SetPasswordPage = lazy(() =>
  import('./account/SetPasswordPage').then((m) => ({ default: m.SetPasswordPage })),
);
const isSetPasswordPage = window.location.pathname === '/account/password';
// The parent page (`/parent`, and `/parent#TOKEN` from its emailed link), likewise.
const ParentPage = lazy(() =>
  import('./parent/ParentPage').then((m) => ({ default: m.ParentPage })),
);
const isParentPage = window.location.pathname === '/parent';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    {isSetupPage ? (
      <Suspense fallback={<p className="screen notice">Opening…</p>}>
        <SetupPage token={window.location.hash.slice(1)} />
      </Suspense>
    ) : isSetPasswordPage ? (
      <Suspense fallback={<p className="screen notice">Opening…</p>}>
        <SetPasswordPage token={window.location.hash.slice(1)} />
      </Suspense>
    ) : isParentPage ? (
      <Suspense fallback={<p className="screen notice">Opening…</p>}>
        <ParentPage token={window.location.hash.slice(1)} />
      </Suspense>
    ) : (
      <>
        <App services={services} />
        <LazyReloadPrompt
          db={db}
          whenToShow={(show) => {
            showUpdatePrompt = show;
            if (isUpdatePromptDue) show();
          }}
        />
      </>
    )}
  </StrictMode>,
);
