/**
 * Start-up, ordered for a cold start on a slow tablet: render the app, whose lock screen reads
 * the database raw (no Dexie, no zod in the first load: docs/design.md §3.1); load Dexie, the
 * shell and the register while the teacher types their PIN; and start what the first screens do
 * not need — the sync engine with its triggers, the request for persistent storage
 * (startup/backgroundServices.ts), the service worker with its update prompt
 * (pwa/LazyReloadPrompt.tsx) — only once the register or the sign-in screen is painted, or a
 * few seconds into the lock screen. Each of those is a chunk of its own, loaded then.
 */
// First: zod's settings must be in place before any schema is built (in any chunk).
import './zodConfig';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App, type AppDatabase, type AppScreen, type AppServices } from './App';
import { readStoredLockFacts } from './auth/lockFacts';
import { systemClock, systemTimers } from './clock';
import type { AppDb } from './db/appDb';
import { DEFAULT_DB_NAME } from './db/dbName';
import { browserPlatform } from './pwa/platform';
import { LazyReloadPrompt } from './pwa/LazyReloadPrompt';
import { loadRegister } from './shell/registerChunk';
import { useLockStore } from './auth/lockStore';
import { AFTER_SCREEN_DELAY_MS, afterFirstScreen, afterPaint } from './startup/afterFirstScreen';
import type { BackgroundServices } from './startup/backgroundServices';
import './ui/base.css';
import './ui/screens.css';
import './register/register.css';

/** How long a tablet stays at the lock screen before the sync engine starts anyway. */
const BACKGROUND_DELAY_MS = 5000;

let dbOpen: Promise<AppDb> | null = null;
/** Dexie's handle on the database, loaded and opened on first need (after the lock screen). */
const openDb = (): Promise<AppDb> => {
  dbOpen ??= import('./db/db').then(
    (m) => {
      const db = m.getDb();
      // A failed open is reported by the first query that needs the database, through the screens.
      db.open().catch(() => undefined);
      return db;
    },
    (error: unknown) => {
      dbOpen = null;
      throw error;
    },
  );
  return dbOpen;
};
const database: AppDatabase = { name: DEFAULT_DB_NAME, open: openDb };

let background: Promise<BackgroundServices> | null = null;
/** The sync engine and friends, started on first need (first screen up, or a sign-in). */
const backgroundServices = (): Promise<BackgroundServices> => {
  background ??= Promise.all([import('./startup/backgroundServices'), openDb()]).then(([m, db]) =>
    m.startBackgroundServices(db),
  );
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
      void Promise.all([import('./marks/roster'), import('./marks/recordMark'), openDb()])
        .then(([roster, mark, db]) => {
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

// The app's lock facts and the status bar's stored figures, read raw before React's first render,
// so IndexedDB reads while React draws "Opening Tickmark…" (the pages above never read them).
const storedLockFacts =
  isSetupPage || isSetPasswordPage || isParentPage
    ? undefined
    : readStoredLockFacts(DEFAULT_DB_NAME);
// A failed read is handled by the app (it waits for Dexie's read); not an unhandled rejection.
storedLockFacts?.catch(() => undefined);

const services: AppServices = {
  ...(oidcReturn === undefined ? {} : { oidcReturn }),
  database,
  ...(storedLockFacts === undefined ? {} : { storedLockFacts }),
  clock: systemClock,
  timers: systemTimers,
  platform: browserPlatform(),
  requestSync: () => void backgroundServices().then((b) => b.engine.requestFlush('manual')),
  requestPersistence: () => void backgroundServices().then((b) => b.requestPersistence()),
  onScreen,
};

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
          openDb={openDb}
          whenToShow={(show) => {
            showUpdatePrompt = show;
            if (isUpdatePromptDue) show();
          }}
        />
      </>
    )}
  </StrictMode>,
);
