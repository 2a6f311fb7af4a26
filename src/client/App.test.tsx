import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App, type AppServices } from './App';
import { readDeviceAuth } from './auth/deviceAuthStore';
import {
  FAST_HASH,
  fakeFetch,
  LONDON,
  offlineFetch,
  putRoster,
  sessionAnswer,
  signedInHere,
} from './ui/screens.fixture';
import type { AppDb } from './db/appDb';
import { getMeta, setMeta } from './db/meta';
import { resetLockStore } from './auth/lockStore';
import { resetRegisterChoiceStore } from './register/registerChoiceStore';
import { resetSyncStatusStore, useSyncStatusStore } from './sync/syncStatusStore';
import { DEVICE_ID, freshDb, ManualTimers, OFFICE, TEACHER } from './testSupport.fixture';

const DESKTOP = { userAgent: 'jsdom', platform: 'Linux', maxTouchPoints: 0, isStandalone: false };
const MINUTE = 60_000;

let db: AppDb;
afterEach(() => {
  cleanup();
  resetLockStore();
  resetRegisterChoiceStore();
  resetSyncStatusStore();
  db.close();
});

async function start(
  options: {
    fetch?: AppServices['fetch'];
    signedIn?: boolean;
    /** How Dexie's handle arrives (at once unless given): the app loads it after the lock screen. */
    open?: (db: AppDb) => Promise<AppDb>;
    /** Writes more to the tablet's database before the app starts. */
    stored?: (db: AppDb) => Promise<unknown>;
  } = {},
) {
  db = freshDb();
  await putRoster(db);
  if (options.signedIn === true) await signedInHere(db, [TEACHER, OFFICE]);
  await options.stored?.(db);
  const timers = new ManualTimers(LONDON.amOpen);
  let syncRequests = 0;
  const services: AppServices = {
    database: { name: db.name, open: () => (options.open ?? ((d) => Promise.resolve(d)))(db) },
    clock: timers.clock,
    timers,
    platform: DESKTOP,
    hashOptions: FAST_HASH,
    prefs: null,
    requestSync: () => (syncRequests += 1),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  };
  const user = userEvent.setup();
  render(<App services={services} />);
  return { user, timers, syncRequests: () => syncRequests };
}

async function typePin(user: UserEvent, label: string | RegExp, pin: string, submit: string) {
  const input = await screen.findByLabelText(label);
  await user.clear(input);
  await user.type(input, pin);
  await user.click(screen.getByRole('button', { name: submit }));
}

async function signIn(user: UserEvent) {
  await user.type(await screen.findByLabelText('Email address'), 'teacher@school.example');
  await user.type(screen.getByLabelText('Password'), 'correct horse');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

async function unlockAs(user: UserEvent, name: string, pin: string) {
  await user.click(await screen.findByRole('button', { name: new RegExp(`^${name}`) }));
  await typePin(user, `PIN for ${name}`, pin, 'Unlock');
}

// The sign-in and PIN screens are lazy chunks in the app; loading their modules once here keeps
// the first test that shows them from waiting on the module transform of a busy machine.
beforeAll(async () => {
  await Promise.all([import('./auth/SignInScreen'), import('./auth/SetPinScreen')]);
});

describe('first sign-in on a tablet', () => {
  it('signs in online, enrols the tablet, sets a PIN typed twice, then opens the register', async () => {
    const server = fakeFetch(200, sessionAnswer());
    const { user, syncRequests } = await start({ fetch: server.fetch });
    expect(await screen.findByRole('heading', { name: 'Sign in to Tickmark' })).toBeInTheDocument();
    expect(screen.getByLabelText(/Name for this tablet/)).toBeInTheDocument();
    await signIn(user);

    expect(
      await screen.findByRole('heading', { name: 'Choose your PIN, Ms Teacher' }),
    ).toBeInTheDocument();
    expect(await getMeta(db, 'deviceId')).toBe(DEVICE_ID);
    expect(syncRequests()).toBe(1);
    expect(screen.queryByRole('button', { name: 'Keep my current PIN' })).not.toBeInTheDocument();

    await typePin(user, 'New PIN', '12', 'Next');
    expect(screen.getByText('A PIN is 4 to 8 digits long.')).toBeInTheDocument();
    await typePin(user, 'New PIN', '2468', 'Next');
    await typePin(user, 'Type the same PIN again', '2469', 'Save PIN');
    expect(
      screen.getByText('The two PINs were different. Choose your PIN again.'),
    ).toBeInTheDocument();
    await typePin(user, 'New PIN', '2468', 'Next');
    await typePin(user, 'Type the same PIN again', '2468', 'Save PIN');

    expect(
      await screen.findByRole('heading', { name: /3A.*Monday 8 September, morning/ }),
    ).toBeInTheDocument();
    expect(screen.getByText('Ms Teacher')).toBeInTheDocument();
    const stored = await readDeviceAuth(db);
    expect(stored.staff.map((s) => s.name)).toEqual(['Ms Teacher']);
    expect(JSON.stringify(stored)).not.toContain('2468');
  });

  it('types the PIN with the on-screen keypad', async () => {
    const server = fakeFetch(200, sessionAnswer());
    const { user } = await start({ fetch: server.fetch });
    await signIn(user);
    await screen.findByLabelText('New PIN');
    for (const digit of ['1', '3', '5', '7']) {
      await user.click(screen.getByRole('button', { name: digit, hidden: true }));
    }
    expect(screen.getByLabelText('New PIN')).toHaveValue('1357');
    await user.click(screen.getByRole('button', { name: '⌫', hidden: true }));
    expect(screen.getByLabelText('New PIN')).toHaveValue('135');
  });

  it.each([
    [
      'bad credentials',
      fakeFetch(401, {
        status: 'error',
        reason: 'bad_credentials',
        message: 'Email or password not recognised.',
      }).fetch,
      'Email or password not recognised.',
    ],
    [
      'too many attempts, with the wait',
      fakeFetch(429, {
        status: 'error',
        reason: 'rate_limited',
        message: 'Too many sign-in attempts.',
        details: { retryAfterSeconds: 600 },
      }).fetch,
      'Too many failed sign-ins. Please wait 10 minutes and try again.',
    ],
    [
      'no connection',
      offlineFetch,
      'You need a connection to sign in the first time on this tablet.',
    ],
  ])('shows why sign-in failed: %s', async (_why, fetch, message) => {
    const { user } = await start({ fetch });
    await signIn(user);
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Sign in to Tickmark' })).toBeInTheDocument();
  });

  it('asks for both fields before sending anything', async () => {
    const server = fakeFetch(200, sessionAnswer());
    const { user } = await start({ fetch: server.fetch });
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Enter your email address and password.')).toBeInTheDocument();
    // Only the question whether a provider sign-in is offered went out.
    expect(server.calls.map((c) => c.url)).toEqual(['/api/auth/oidc']);
  });
});

describe('the lock', () => {
  it('nobody reaches a register without a PIN: the app starts locked, listing who signed in here', async () => {
    const { user } = await start({ signedIn: true });
    expect(await screen.findByRole('heading', { name: 'Tickmark is locked' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: /3A/ })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Ms Teacher/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Mrs Office/ })).toBeInTheDocument();
    await unlockAs(user, 'Ms Teacher', '2468');
    expect(await screen.findByRole('heading', { name: /3A/ })).toBeInTheDocument();
  });

  it('draws the lock screen and its whole status bar from the stored record before Dexie has loaded, and unlocks once it has', async () => {
    let openIt: () => void = () => undefined;
    const isOpen = new Promise<void>((resolve) => {
      openIt = resolve;
    });
    useSyncStatusStore.setState({ isOnline: false });
    const { user } = await start({
      signedIn: true,
      open: (d) => isOpen.then(() => d),
      stored: async (d) => {
        const row = (n: number) => ({ eventId: `e${n}`, status: 'pending' }) as never;
        await d.outbox.bulkAdd([row(1), row(2)]);
        await setMeta(d, 'clockOffsetMs', 10 * MINUTE);
      },
    });
    await user.click(await screen.findByRole('button', { name: /^Ms Teacher/ }));
    expect(screen.getByLabelText('PIN for Ms Teacher')).toBeInTheDocument();
    // Dexie has not loaded, yet the bar says all it will say once it has: nothing above the PIN
    // pad is added later to push it down.
    const shown = [
      'Offline',
      '2 marks waiting to sync',
      'Marks are saved on this tablet and will be sent when it is back online.',
      'This tablet’s clock is about 10 minutes slow.',
    ];
    const bar = () => screen.getByRole('region', { name: 'Sync status' });
    for (const words of shown) expect(bar()).toHaveTextContent(words);
    const before = bar().textContent;

    await typePin(user, 'PIN for Ms Teacher', '2468', 'Unlock');
    expect(screen.getByRole('button', { name: 'Checking…' })).toBeDisabled();
    openIt();
    expect(await screen.findByRole('heading', { name: /3A/ })).toBeInTheDocument();
    expect(bar().textContent).toBe(before);
  });

  it('when the rest of the app cannot load, the unlock says so, counts nothing, and works on the next try', async () => {
    let isBroken = true;
    const { user } = await start({
      signedIn: true,
      open: (d) => (isBroken ? Promise.reject(new Error('chunk missing')) : Promise.resolve(d)),
    });
    await user.click(await screen.findByRole('button', { name: /^Ms Teacher/ }));
    await typePin(user, 'PIN for Ms Teacher', '2468', 'Unlock');
    expect(
      await screen.findByText('Tickmark could not open its data on this tablet. Try again.'),
    ).toBeInTheDocument();
    expect(
      (await readDeviceAuth(db)).staff.find((s) => s.staffId === TEACHER.staffId)?.failedAttempts,
    ).toBe(0);
    isBroken = false;
    await typePin(user, 'PIN for Ms Teacher', '2468', 'Unlock');
    expect(await screen.findByRole('heading', { name: /3A/ })).toBeInTheDocument();
  });

  it('five wrong PINs switch offline unlock off for that person until an online sign-in', async () => {
    const server = fakeFetch(200, sessionAnswer());
    const { user } = await start({ signedIn: true, fetch: server.fetch });
    await user.click(await screen.findByRole('button', { name: /^Ms Teacher/ }));
    for (const left of [4, 3, 2, 1]) {
      await typePin(user, 'PIN for Ms Teacher', '0000', 'Unlock');
      expect(
        await screen.findByText(
          `That PIN is not right. ${left} ${left === 1 ? 'try' : 'tries'} left before you must sign in online.`,
        ),
      ).toBeInTheDocument();
    }
    await typePin(user, 'PIN for Ms Teacher', '0000', 'Unlock');
    expect(
      await screen.findByText(/Too many wrong PINs \(5\) were tried\. Sign in online/),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('PIN for Ms Teacher')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Ms Teacher/ })).toHaveTextContent(
      'Needs an online sign-in',
    );

    // Another teacher on the same tablet can still unlock.
    await unlockAs(user, 'Mrs Office', '2468');
    expect(await screen.findByRole('heading', { name: /Choose a class|3A/ })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Lock' }));

    // The online sign-in lifts it, and the old PIN may be kept.
    await user.click(await screen.findByRole('button', { name: /^Ms Teacher/ }));
    await user.click(screen.getByRole('button', { name: 'Sign in online as Ms Teacher' }));
    expect(screen.getByLabelText('Email address')).toHaveValue('ms.teacher@school.example');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await user.click(await screen.findByRole('button', { name: 'Keep my current PIN' }));
    expect(await screen.findByRole('heading', { name: /3A/ })).toBeInTheDocument();
    expect(
      (await readDeviceAuth(db)).staff.find((s) => s.staffId === TEACHER.staffId),
    ).toMatchObject({
      isLockedOut: false,
      failedAttempts: 0,
    });
  });

  it('Lock, then unlock as another teacher: switching teacher on a shared tablet', async () => {
    const { user } = await start({ signedIn: true });
    await unlockAs(user, 'Ms Teacher', '2468');
    await screen.findByRole('heading', { name: /3A/ });
    expect(screen.getByText('Ms Teacher')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Lock' }));
    expect(await screen.findByRole('heading', { name: 'Tickmark is locked' })).toBeInTheDocument();
    await unlockAs(user, 'Mrs Office', '2468');
    await screen.findByRole('heading', { name: /Choose a class/ });
    expect(screen.getByText('Mrs Office')).toBeInTheDocument();
    expect(screen.queryByText('Ms Teacher')).not.toBeInTheDocument();
  });

  it('locks itself after 5 idle minutes, and a touch starts the count again', async () => {
    const { user, timers } = await start({ signedIn: true });
    await unlockAs(user, 'Ms Teacher', '2468');
    await screen.findByRole('heading', { name: /3A/ });

    act(() => timers.advance(4 * MINUTE));
    fireEvent.pointerDown(document.body);
    act(() => timers.advance(4 * MINUTE));
    expect(screen.getByRole('heading', { name: /3A/ })).toBeInTheDocument();

    act(() => timers.advance(MINUTE));
    expect(await screen.findByRole('heading', { name: 'Tickmark is locked' })).toBeInTheDocument();
    expect(screen.getByText(/Locked after 5 minutes without use/)).toBeInTheDocument();
  });

  it('the idle minutes can be changed on the tablet', async () => {
    const { user, timers } = await start({ signedIn: true });
    await unlockAs(user, 'Ms Teacher', '2468');
    await user.selectOptions(await screen.findByLabelText('Lock after'), '1 minute idle');
    await waitFor(async () => expect((await readDeviceAuth(db)).idleLockMinutes).toBe(1));
    await waitFor(() => expect(screen.getByLabelText('Lock after')).toHaveValue('1'));
    act(() => timers.advance(MINUTE));
    expect(await screen.findByRole('heading', { name: 'Tickmark is locked' })).toBeInTheDocument();
  });

  it('someone new signs in from the lock screen and can go back', async () => {
    const { user } = await start({ signedIn: true, fetch: offlineFetch });
    await user.click(await screen.findByRole('button', { name: 'Someone else? Sign in online' }));
    expect(screen.queryByLabelText(/Name for this tablet/)).toBeInTheDocument();
    await signIn(user);
    expect(
      await screen.findByText(
        'You need a connection to sign in. Staff who have signed in on this tablet before can unlock with their PIN.',
      ),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Back to unlock with a PIN' }));
    expect(await screen.findByRole('heading', { name: 'Tickmark is locked' })).toBeInTheDocument();
  });
});
