import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { localDate, sessionKey, type Role, type SessionRef } from '../../domain/index';
import { recordMark } from '../marks/recordMark';
import type { StaffProfile } from '../auth/deviceAuth';
import type { AppDb } from '../db/appDb';
import type { EntryRow } from '../db/entryRow';
import type { OutboxRow } from '../db/outboxRow';
import { resetRegisterChoiceStore } from './registerChoiceStore';
import { resetSyncStatusStore, useSyncStatusStore } from '../sync/syncStatusStore';
import {
  freshDb,
  ManualTimers,
  MONDAY_AM,
  OFFICE,
  PUPIL,
  sequentialIds,
  TEACHER,
} from '../testSupport.fixture';
import { LONDON, profile, putRoster } from '../ui/screens.fixture';
import { StatusBar } from '../shell/StatusBar';
import { outboxCountsFeed } from '../marks/outboxCounts';
import { RegisterScreen } from './RegisterScreen';
import { UNDO_MS } from '../ui/UndoToast';
import { UNDO_REASON } from '../marks/undoMark';

const NO_PIN: StaffProfile['pin'] = {
  algorithm: 'PBKDF2-SHA-256',
  iterations: 1,
  salt: 'AA==',
  hash: 'AA==',
};
const TEACHER_PROFILE = profile(TEACHER, NO_PIN);

let db: AppDb;
afterEach(() => {
  cleanup();
  resetSyncStatusStore();
  resetRegisterChoiceStore();
  db.close();
});

async function setUp(now: number = LONDON.amOpen) {
  db = freshDb();
  await putRoster(db);
  const timers = new ManualTimers(now);
  return timers;
}

function show(timers: ManualTimers, staff: StaffProfile = TEACHER_PROFILE, onSignIn?: () => void) {
  const user = userEvent.setup();
  render(
    <>
      <StatusBar
        counts={outboxCountsFeed(db)}
        now={timers.clock.now()}
        {...(onSignIn === undefined ? {} : { onSignIn })}
      />
      <RegisterScreen
        db={db}
        staff={staff}
        clock={timers.clock}
        timers={timers}
        newEventId={sequentialIds()}
      />
    </>,
  );
  return user;
}

function entry(pupilId: string, code: string, patch: Partial<EntryRow> = {}): EntryRow {
  return {
    pupilId,
    sessionKey: sessionKey(MONDAY_AM),
    session: MONDAY_AM,
    code,
    minutesLate: null,
    arrivedAt: null,
    headEventId: `00000000-0000-4000-8000-0000000f00${pupilId.slice(-2)}`,
    headSeq: 10,
    headRole: 'teacher',
    needsReview: false,
    ...patch,
  };
}

const tile = (name: string) => screen.getByRole('button', { name: new RegExp(`^${name}`) });

async function outbox(): Promise<OutboxRow[]> {
  return db.outbox.toArray();
}

/** A finger's pointer event at (x, y): touch, primary, the main button. */
const finger = (x: number, y: number) => ({
  pointerId: 7,
  pointerType: 'touch',
  isPrimary: true,
  button: 0,
  clientX: x,
  clientY: y,
});

/**
 * The tablet's storage refusing the next mark: `db`'s IndexedDB connection hands out a
 * transaction whose add is refused when `refuse` is called (as storage full aborts it).
 */
function refuseNextWrite(realFirst = 0) {
  const tx = {
    error: null as DOMException | null,
    oncomplete: null as (() => void) | null,
    onabort: null as (() => void) | null,
    objectStore: () => ({ add: () => ({ result: undefined, error: null }) }),
    commit: () => undefined,
    abort: () => undefined,
  };
  const real = db.backendDB.bind(db);
  const spy = vi.spyOn(db, 'backendDB');
  for (let i = 0; i < realFirst; i += 1) spy.mockImplementationOnce(real);
  spy.mockReturnValueOnce({ transaction: () => tx } as unknown as IDBDatabase);
  return {
    spy,
    refuse: (error: DOMException) => {
      tx.error = error;
      tx.onabort?.();
    },
  };
}

async function markAs(
  pupilId: string,
  code: string,
  actor: { staffId: string; role: Role } = TEACHER,
  session: SessionRef = MONDAY_AM,
) {
  const result = await recordMark(db, { pupilId, session, code, actor });
  if (!result.ok) throw new Error('mark refused');
}

describe('the register screen', () => {
  it('empty: every pupil unmarked, the count, the group and the session chosen from the clock', async () => {
    const timers = await setUp();
    show(timers);
    expect(
      await screen.findByRole('heading', { name: /3A.*Monday 8 September, morning/ }),
    ).toBeInTheDocument();
    expect(await screen.findByText('3 of 3 still to mark')).toBeInTheDocument();
    expect(screen.getByText('Register 08:45–09:15')).toBeInTheDocument();
    for (const name of ['Ada Adams', 'Ben Brown', 'Cat Clark']) {
      expect(tile(name)).toHaveTextContent('Not marked');
    }
    expect(screen.queryByText('Eve Evans')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Mark the rest present (3)' })).toBeEnabled();
    expect(screen.getByText('All marks sent')).toBeInTheDocument();
  });

  it('partly marked: the server’s entries and this tablet’s unsent marks, each said in words', async () => {
    const timers = await setUp();
    await db.entries.put(entry(PUPIL.ben, 'N'));
    await markAs(PUPIL.ada, '/');
    show(timers);
    expect(await screen.findByText('1 of 3 still to mark')).toBeInTheDocument();
    expect(tile('Ada Adams')).toHaveTextContent('Not sent yet');
    expect(tile('Ada Adams')).toHaveAccessibleName(/Present at the morning register/);
    expect(tile('Ben Brown')).toHaveAccessibleName(/N — Reason not yet established/);
    expect(tile('Ben Brown')).not.toHaveTextContent('Not sent yet');
    expect(tile('Cat Clark')).toHaveTextContent('Not marked');
    expect(await screen.findByText('1 mark waiting to sync')).toBeInTheDocument();
  });

  it('the tiles are one Tab stop, moved to a tile as it takes focus, before any render', async () => {
    const timers = await setUp();
    show(timers);
    await screen.findByText('3 of 3 still to mark');
    const tabStops = () =>
      screen
        .getAllByRole('button')
        .filter((b) => b.dataset.pupilId !== undefined && b.tabIndex === 0);
    expect(tabStops()).toEqual([tile('Ada Adams')]);
    // As an arrow key moves focus; a Tab pressed at once leaves from the tile that has it.
    tile('Cat Clark').focus();
    expect(tabStops()).toEqual([tile('Cat Clark')]);
    await act(async () => {
      await Promise.resolve();
    });
    expect(tabStops()).toEqual([tile('Cat Clark')]);
    expect(tile('Cat Clark')).toHaveFocus();
  });

  it('tap marks an unmarked pupil present: one pending outbox row, shown at once', async () => {
    const timers = await setUp();
    const user = show(timers);
    await user.click(await screen.findByRole('button', { name: /^Cat Clark/ }));
    await waitFor(() => expect(tile('Cat Clark')).toHaveTextContent('Not sent yet'));
    const rows = await outbox();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      pupilId: PUPIL.cat,
      session: MONDAY_AM,
      code: '/',
      actorStaffId: TEACHER.staffId,
      actorRole: 'teacher',
      status: 'pending',
      baseEventId: null,
    });
    expect(screen.getByText('2 of 3 still to mark')).toBeInTheDocument();
  });

  it('storage full: the tap says the mark was NOT saved, queues nothing, and the tile can be tapped again', async () => {
    const timers = await setUp();
    const user = show(timers);
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const storage = refuseNextWrite();
    await user.click(await screen.findByRole('button', { name: /^Cat Clark/ }));
    storage.refuse(quota);
    expect(await screen.findByText(/NOT saved: this tablet’s storage is full/)).toBeInTheDocument();
    expect(await outbox()).toHaveLength(0);
    storage.spy.mockRestore();
    await user.click(screen.getByRole('button', { name: /^Cat Clark/ }));
    await waitFor(() => expect(tile('Cat Clark')).toHaveTextContent('Not sent yet'));
    expect(await outbox()).toHaveLength(1);
  });

  it('tap paints the mark at once, says it is saving, and says "Not sent yet" once saved', async () => {
    const timers = await setUp();
    show(timers);
    fireEvent.click(await screen.findByRole('button', { name: /^Cat Clark/ }));
    // Before IndexedDB has done anything: the tile shows the mark, and does not claim it is saved.
    expect(tile('Cat Clark')).toHaveAccessibleName(/^Cat Clark\s*\//);
    expect(tile('Cat Clark')).toHaveTextContent('Saving…');
    expect(tile('Cat Clark')).not.toHaveTextContent('Not sent yet');
    // The count is not drawn in the tap's frame: it follows once the mark is saved.
    expect(screen.getByText('3 of 3 still to mark')).toBeInTheDocument();
    await waitFor(() => expect(tile('Cat Clark')).toHaveTextContent('Not sent yet'));
    expect(tile('Cat Clark')).not.toHaveTextContent('Saving…');
    expect(await screen.findByText('2 of 3 still to mark')).toBeInTheDocument();
    expect(await outbox()).toHaveLength(1);
  });

  it('a finger marks as it lifts, before the click, and once: the click that follows opens nothing', async () => {
    const timers = await setUp();
    show(timers);
    const cat = await screen.findByRole('button', { name: /^Cat Clark/ });
    fireEvent.pointerDown(cat, finger(100, 100));
    fireEvent.pointerUp(cat, finger(103, 102));
    // Marked on the lift: no click yet.
    expect(tile('Cat Clark')).toHaveAccessibleName(/^Cat Clark\s*\//);
    expect(tile('Cat Clark')).toHaveTextContent('Saving…');
    // The browser is told to make no click of it (the touchend is cancelled)…
    expect(fireEvent.touchEnd(tile('Cat Clark'))).toBe(false);
    // …and one that comes all the same is swallowed.
    fireEvent.click(tile('Cat Clark'), { detail: 1 });
    await waitFor(() => expect(tile('Cat Clark')).toHaveTextContent('Not sent yet'));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect((await outbox()).map((r) => [r.pupilId, r.code])).toEqual([[PUPIL.cat, '/']]);
    // The next tap is a new press: a marked pupil's tap opens the choices, on its click.
    fireEvent.pointerDown(tile('Cat Clark'), finger(100, 100));
    fireEvent.pointerUp(tile('Cat Clark'), finger(100, 100));
    expect(fireEvent.touchEnd(tile('Cat Clark'))).toBe(true);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    fireEvent.click(tile('Cat Clark'), { detail: 1 });
    expect(await screen.findByRole('dialog', { name: 'Cat Clark' })).toBeInTheDocument();
    expect(await outbox()).toHaveLength(1);
  });

  it('a finger that scrolls, drags, rests or is cancelled marks nothing as it lifts', async () => {
    const timers = await setUp();
    show(timers);
    const cat = await screen.findByRole('button', { name: /^Cat Clark/ });
    // A scroll: the finger moves past the slop (the browser would cancel it; here it lifts).
    fireEvent.pointerDown(cat, finger(100, 100));
    fireEvent.pointerMove(cat, finger(100, 140));
    fireEvent.pointerUp(cat, finger(100, 100));
    // Cancelled by the browser (it took the touch for a scroll).
    fireEvent.pointerDown(cat, finger(100, 100));
    fireEvent.pointerCancel(cat, finger(100, 100));
    fireEvent.pointerUp(cat, finger(100, 100));
    // A drag that began elsewhere and ends on the tile.
    fireEvent.pointerUp(cat, finger(100, 100));
    // Lifted far from where it began.
    fireEvent.pointerDown(cat, finger(10, 10));
    fireEvent.pointerUp(cat, finger(60, 10));
    // A mouse is left to its click.
    fireEvent.pointerDown(cat, { ...finger(100, 100), pointerType: 'mouse' });
    fireEvent.pointerUp(cat, { ...finger(100, 100), pointerType: 'mouse' });
    expect(tile('Cat Clark')).toHaveTextContent('Not marked');
    expect(await outbox()).toHaveLength(0);
    // Nothing was acted on, so a click still marks (once).
    fireEvent.click(tile('Cat Clark'), { detail: 1 });
    await waitFor(async () => expect(await outbox()).toHaveLength(1));
  });

  it('a refused save: the painted mark goes back to unmarked and the teacher is told', async () => {
    const timers = await setUp();
    show(timers);
    const storage = refuseNextWrite();
    fireEvent.click(await screen.findByRole('button', { name: /^Cat Clark/ }));
    expect(tile('Cat Clark')).toHaveTextContent('Saving…');
    expect(storage.spy).toHaveBeenCalled();
    storage.refuse(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    expect(await screen.findByRole('alert')).toHaveTextContent(/The mark was NOT saved/);
    expect(tile('Cat Clark')).toHaveTextContent('Not marked');
    expect(tile('Cat Clark')).not.toHaveTextContent(/Saving…|Not sent yet/);
    expect(screen.getByText('3 of 3 still to mark')).toBeInTheDocument();
    expect(await outbox()).toHaveLength(0);
    storage.spy.mockRestore();
  });

  it('mark the rest present: when a save is refused, the pupils not saved show unmarked again', async () => {
    const timers = await setUp();
    const user = show(timers);
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const storage = refuseNextWrite(1);
    await user.click(await screen.findByRole('button', { name: 'Mark the rest present (3)' }));
    await waitFor(() => expect(storage.spy).toHaveBeenCalledTimes(2));
    storage.refuse(quota);
    expect(await screen.findByText(/NOT saved: this tablet’s storage is full/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText('2 of 3 still to mark')).toBeInTheDocument());
    expect(tile('Ada Adams')).toHaveTextContent('Not sent yet');
    expect(tile('Ben Brown')).toHaveTextContent('Not marked');
    expect(tile('Cat Clark')).toHaveTextContent('Not marked');
    expect((await outbox()).map((r) => r.pupilId)).toEqual([PUPIL.ada]);
    storage.spy.mockRestore();
  });

  it('marks the afternoon present with a backslash', async () => {
    const timers = await setUp(LONDON.pmOpen);
    const user = show(timers);
    await user.click(await screen.findByRole('button', { name: /^Ada Adams/ }));
    await waitFor(async () => expect(await outbox()).toHaveLength(1));
    expect((await outbox())[0]).toMatchObject({ code: '\\', session: { part: 'PM' } });
  });

  it('offline: marking still works and the status bar says the marks wait on the tablet', async () => {
    const timers = await setUp();
    useSyncStatusStore.setState({ isOnline: false });
    const user = show(timers);
    expect(screen.getByText('Offline')).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: /^Ben Brown/ }));
    expect(await screen.findByText('1 mark waiting to sync')).toBeInTheDocument();
    expect(
      screen.getByText('Marks are saved on this tablet and will be sent when it is back online.'),
    ).toBeInTheDocument();
    expect(await outbox()).toHaveLength(1);
  });

  it('sync error: the server’s message is shown, and the register still works', async () => {
    const timers = await setUp();
    useSyncStatusStore.setState({
      error: {
        kind: 'refused',
        status: 403,
        reason: 'device_mismatch',
        message: 'These marks were sent for a different device.',
      },
    });
    const user = show(timers);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Sync problem: These marks were sent for a different device.',
    );
    await user.click(await screen.findByRole('button', { name: /^Ada Adams/ }));
    await waitFor(async () => expect(await outbox()).toHaveLength(1));
  });

  it('sync error: a session that has ended asks for an online sign-in', async () => {
    const timers = await setUp();
    useSyncStatusStore.setState({
      error: { kind: 'not_signed_in', message: 'You are not signed in.' },
    });
    const onSignIn = vi.fn();
    const user = show(timers, TEACHER_PROFILE, onSignIn);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Your session with the office has ended, so marks cannot be sent. Sign in online.',
    );
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(onSignIn).toHaveBeenCalledTimes(1);
  });

  it('rejected event: listed with the server’s reason, and the tile says so', async () => {
    const timers = await setUp();
    await db.entries.put(entry(PUPIL.ada, 'N'));
    await markAs(PUPIL.ada, 'V');
    await db.outbox.toCollection().modify({
      status: 'rejected',
      ackStatus: 'rejected',
      ackReason: 'Ada Adams is not on a trip on 8 September 2025.',
    });
    const user = show(timers);
    const summary = await screen.findByText('1 mark was not accepted by the office');
    await user.click(summary);
    expect(
      screen.getByText(/Ada Adams is not on a trip on 8 September 2025\./),
    ).toBeInTheDocument();
    expect(tile('Ada Adams')).toHaveTextContent('Not accepted');
    expect(await screen.findByText('1 mark not accepted')).toBeInTheDocument();
  });

  it('a refused undo: listed as an undo with the server’s reason, and the pupil keeps the mark', async () => {
    const timers = await setUp();
    await db.entries.put(entry(PUPIL.ada, '/'));
    const result = await recordMark(db, {
      pupilId: PUPIL.ada,
      session: MONDAY_AM,
      code: '/',
      actor: TEACHER,
      kind: 'withdrawn',
      seenHeadEventId: entry(PUPIL.ada, '/').headEventId,
    });
    if (!result.ok) throw new Error('undo refused on the tablet');
    const reason =
      "The mark was not undone: Mrs Patel (the office) has recorded 'M' since. Check the register and change the mark if it is wrong.";
    await db.outbox.toCollection().modify({
      status: 'rejected',
      ackStatus: 'rejected',
      ackReason: reason,
    });
    const user = show(timers);
    await user.click(await screen.findByText('1 mark was not accepted by the office'));
    expect(screen.getByText(/undo of \/ —/)).toHaveTextContent(reason);
    expect(tile('Ada Adams')).toHaveAccessibleName(/Present/);
    expect(tile('Ada Adams')).toHaveTextContent('Not accepted');
  });

  it('shows an entry the office must review', async () => {
    const timers = await setUp();
    await db.entries.put(entry(PUPIL.cat, 'L', { minutesLate: 5, needsReview: true }));
    show(timers);
    await waitFor(() => expect(tile('Cat Clark')).toHaveTextContent('Needs office review'));
    expect(tile('Cat Clark')).toHaveTextContent('5 minutes late');
  });

  it('protects a code the office entered in advance: tapping asks before replacing it', async () => {
    const timers = await setUp();
    await db.entries.put(entry(PUPIL.cat, 'M', { headRole: 'office' }));
    const user = show(timers);
    await waitFor(() => expect(tile('Cat Clark')).toHaveTextContent('Entered by the office'));
    await user.click(tile('Cat Clark'));
    const sheet = await screen.findByRole('dialog');
    await user.click(within(sheet).getByRole('button', { name: /Present/ }));
    expect(within(sheet).getByRole('alert')).toHaveTextContent(/The office entered M/);
    await user.click(within(sheet).getByRole('button', { name: 'No, keep M' }));
    expect(await outbox()).toEqual([]);
    expect(tile('Cat Clark')).toHaveTextContent('Entered by the office');
  });

  it('mark the rest present: only the unmarked, one outbox row each', async () => {
    const timers = await setUp();
    await db.entries.put(entry(PUPIL.ben, 'N'));
    const user = show(timers);
    await user.click(await screen.findByRole('button', { name: 'Mark the rest present (2)' }));
    expect(await screen.findByText('All 3 marked')).toBeInTheDocument();
    // The tiles paint at once and say "Saving…" until each row commits; "Not sent yet" is saved.
    await waitFor(() => expect(tile('Ada Adams')).toHaveTextContent('Not sent yet'));
    await waitFor(() => expect(tile('Cat Clark')).toHaveTextContent('Not sent yet'));
    const rows = await outbox();
    expect(rows.map((r) => [r.pupilId, r.code]).sort()).toEqual(
      [
        [PUPIL.ada, '/'],
        [PUPIL.cat, '/'],
      ].sort(),
    );
    expect(tile('Ben Brown')).toHaveAccessibleName(/^Ben Brown\s*N/);
    expect(screen.getByRole('button', { name: 'Mark the rest present' })).toBeDisabled();
  });

  it('mark the rest present straight after a tap, before its write has committed: the tapped pupil is marked once', async () => {
    const timers = await setUp();
    show(timers);
    const rest = await screen.findByRole('button', { name: 'Mark the rest present (3)' });
    const cat = tile('Cat Clark');
    fireEvent.pointerDown(cat, finger(100, 100));
    fireEvent.pointerUp(cat, finger(100, 100));
    // The board still counts Cat as unmarked (it hears of the tap once saved).
    fireEvent.click(rest);
    expect(await screen.findByText('All 3 marked')).toBeInTheDocument();
    await waitFor(() => expect(tile('Ada Adams')).toHaveTextContent('Not sent yet'));
    await waitFor(() => expect(tile('Ben Brown')).toHaveTextContent('Not sent yet'));
    await waitFor(() => expect(tile('Cat Clark')).toHaveTextContent('Not sent yet'));
    const rows = await outbox();
    expect(rows.map((r) => r.pupilId).sort()).toEqual([PUPIL.ada, PUPIL.ben, PUPIL.cat].sort());
  });

  it('tapping a marked pupil opens the choices; absent N is recorded from there', async () => {
    const timers = await setUp();
    await markAs(PUPIL.ada, '/');
    const user = show(timers);
    await user.click(await screen.findByRole('button', { name: /^Ada Adams/ }));
    const sheet = await screen.findByRole('dialog', { name: 'Ada Adams' });
    expect(within(sheet).getByText(/Saved on this tablet, not sent/)).toBeInTheDocument();
    await user.click(within(sheet).getByRole('button', { name: /Absent/ }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(tile('Ada Adams')).toHaveTextContent('Not sent yet'));
    await waitFor(async () => expect(await outbox()).toHaveLength(2));
    const rows = await outbox();
    expect(rows.map((r) => r.code)).toEqual(['/', 'N']);
    // The second mark is based on the first (the head the teacher saw).
    expect(rows[1]?.baseEventId).toBe(rows[0]?.eventId);
  });

  it('a long press (or the context-menu key) opens the choices of an unmarked pupil', async () => {
    const timers = await setUp();
    show(timers);
    fireEvent.contextMenu(await screen.findByRole('button', { name: /^Cat Clark/ }));
    expect(await screen.findByRole('dialog', { name: 'Cat Clark' })).toBeInTheDocument();
    expect(await outbox()).toHaveLength(0);
  });

  it('late: at 08:55 the arrival time defaults to now and the domain makes it L, 10 minutes', async () => {
    const timers = await setUp(LONDON.amPlus10);
    const user = show(timers);
    fireEvent.contextMenu(await screen.findByRole('button', { name: /^Ada Adams/ }));
    const sheet = await screen.findByRole('dialog', { name: 'Ada Adams' });
    await user.click(within(sheet).getByRole('button', { name: /Late/ }));
    expect(within(sheet).getByLabelText('Arrival time')).toHaveValue('08:55');
    expect(within(sheet).getByRole('status')).toHaveTextContent('L — 10 minutes late');
    await user.click(within(sheet).getByRole('button', { name: 'Record L — 10 minutes late' }));
    await waitFor(async () => expect(await outbox()).toHaveLength(1));
    expect((await outbox())[0]).toMatchObject({
      code: 'L',
      minutesLate: 10,
      arrivedAt: '2025-09-08T07:55:00.000Z',
    });
    await waitFor(() => expect(tile('Ada Adams')).toHaveTextContent('10 minutes late'));
  });

  it('late: an arrival at the register close is U, shown before confirming', async () => {
    // 09:30: the arrival at the close has happened (a time still to come is refused).
    const timers = await setUp(LONDON.amClosed);
    const user = show(timers);
    fireEvent.contextMenu(await screen.findByRole('button', { name: /^Ben Brown/ }));
    const sheet = await screen.findByRole('dialog', { name: 'Ben Brown' });
    await user.click(within(sheet).getByRole('button', { name: /Late/ }));
    const time = within(sheet).getByLabelText('Arrival time');
    fireEvent.change(time, { target: { value: '09:15' } });
    expect(within(sheet).getByRole('status')).toHaveTextContent(
      'U — after the register closed (30 minutes late)',
    );
    fireEvent.change(time, { target: { value: '08:40' } });
    expect(within(sheet).getByRole('status')).toHaveTextContent('/ — on time');
    fireEvent.change(time, { target: { value: '09:15' } });
    await user.click(within(sheet).getByRole('button', { name: /^Record U/ }));
    await waitFor(async () => expect(await outbox()).toHaveLength(1));
    expect((await outbox())[0]).toMatchObject({ code: 'U', minutesLate: 30 });
  });

  it('after the register has closed, a change asks for a reason and records it', async () => {
    const timers = await setUp(LONDON.amClosed);
    await db.entries.put(entry(PUPIL.ben, 'N'));
    const user = show(timers);
    await user.click(await screen.findByRole('button', { name: /^Ben Brown/ }));
    const sheet = await screen.findByRole('dialog', { name: 'Ben Brown' });
    const reason = within(sheet).getByLabelText(
      'The register closed at 09:15. Why are you changing this mark?',
    );
    await user.click(within(sheet).getByRole('button', { name: /Present/ }));
    expect(
      await within(sheet).findByText(
        "The register has closed, so give a reason for changing 'N' to '/'.",
      ),
    ).toBeInTheDocument();
    expect(reason).toHaveFocus();
    expect(await outbox()).toHaveLength(0);

    await user.type(reason, 'Was in the library');
    await user.click(within(sheet).getByRole('button', { name: /Present/ }));
    await waitFor(async () => expect(await outbox()).toHaveLength(1));
    expect((await outbox())[0]).toMatchObject({ code: '/', reason: 'Was in the library' });
  });

  it('before the close a teacher corrects their own register without a reason', async () => {
    const timers = await setUp();
    await db.entries.put(entry(PUPIL.ben, 'N'));
    const user = show(timers);
    await user.click(await screen.findByRole('button', { name: /^Ben Brown/ }));
    const sheet = await screen.findByRole('dialog', { name: 'Ben Brown' });
    expect(within(sheet).queryByRole('textbox')).not.toBeInTheDocument();
    await user.click(within(sheet).getByRole('button', { name: /Present/ }));
    await waitFor(async () => expect(await outbox()).toHaveLength(1));
    expect((await outbox())[0]).toMatchObject({ code: '/', reason: null });
  });

  it('undo after a change records the earlier mark again, as a new event with its reason', async () => {
    const timers = await setUp();
    await db.entries.put(entry(PUPIL.ben, 'N'));
    const user = show(timers);
    await user.click(await screen.findByRole('button', { name: /^Ben Brown/ }));
    const sheet = await screen.findByRole('dialog', { name: 'Ben Brown' });
    await user.click(within(sheet).getByRole('button', { name: /Present/ }));
    const toast = await screen.findByText('Ben Brown: / recorded.');
    expect(toast.closest('[role="status"]')).not.toBeNull();
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(async () => expect(await outbox()).toHaveLength(2));
    const [change, undo] = await outbox();
    expect(change).toMatchObject({ code: '/', reason: null });
    // The undo is based on the change (its head), so the history keeps both, in order.
    expect(undo).toMatchObject({ code: 'N', reason: UNDO_REASON, baseEventId: change?.eventId });
    await waitFor(() =>
      expect(tile('Ben Brown')).toHaveAccessibleName(/N — Reason not yet established/),
    );
    expect(screen.queryByRole('button', { name: 'Undo' })).not.toBeInTheDocument();
  });

  it('undo of a first mark withdraws it: a new event, and the pupil has no mark again', async () => {
    const timers = await setUp();
    const user = show(timers);
    await user.click(await screen.findByRole('button', { name: /^Cat Clark/ }));
    await screen.findByText('Cat Clark: / recorded.');
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(async () => expect(await outbox()).toHaveLength(2));
    const [mark, undo] = await outbox();
    expect(mark).toMatchObject({ code: '/' });
    expect(mark?.kind).toBeUndefined();
    // The withdrawal names the mark it takes back; nothing is deleted.
    expect(undo).toMatchObject({ kind: 'withdrawn', code: '/', baseEventId: mark?.eventId });
    await waitFor(() => expect(tile('Cat Clark')).toHaveTextContent('Not marked'));
    expect(screen.getByText('3 of 3 still to mark')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Undo' })).not.toBeInTheDocument();
    // Marked again afterwards, the new mark is based on the withdrawal.
    await user.click(tile('Cat Clark'));
    await waitFor(async () => expect(await outbox()).toHaveLength(3));
    expect((await outbox())[2]).toMatchObject({ code: '/', baseEventId: undo?.eventId });
  });

  it('the undo is offered for a short time only', async () => {
    const timers = await setUp();
    const user = show(timers);
    await user.click(await screen.findByRole('button', { name: /^Cat Clark/ }));
    await screen.findByText('Cat Clark: / recorded.');
    expect(screen.getByRole('button', { name: 'Undo' })).toBeInTheDocument();
    act(() => timers.advance(UNDO_MS));
    expect(screen.queryByRole('button', { name: 'Undo' })).not.toBeInTheDocument();
    expect((await outbox()).map((row) => row.code)).toEqual(['/']);
  });

  it('"mark the rest present" has one undo that withdraws every mark it made', async () => {
    const timers = await setUp();
    await db.entries.put(entry(PUPIL.ada, 'N'));
    const user = show(timers);
    await user.click(await screen.findByRole('button', { name: 'Mark the rest present (2)' }));
    await screen.findByText('2 pupils marked present.');
    await waitFor(() => expect(screen.getByText('All 3 marked')).toBeInTheDocument());
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(screen.getByText('2 of 3 still to mark')).toBeInTheDocument());
    const rows = await outbox();
    expect(rows.map((r) => [r.pupilId, r.kind ?? 'mark', r.code])).toEqual([
      [PUPIL.ben, 'mark', '/'],
      [PUPIL.cat, 'mark', '/'],
      [PUPIL.ben, 'withdrawn', '/'],
      [PUPIL.cat, 'withdrawn', '/'],
    ]);
    expect(tile('Ada Adams')).toHaveAccessibleName(/N — Reason not yet established/);
    expect(tile('Ben Brown')).toHaveTextContent('Not marked');
  });

  it('offers only the codes the role may enter', async () => {
    const timers = await setUp();
    const user = show(timers);
    fireEvent.contextMenu(await screen.findByRole('button', { name: /^Ada Adams/ }));
    const sheet = await screen.findByRole('dialog', { name: 'Ada Adams' });
    await user.click(within(sheet).getByText('Other codes'));
    expect(
      within(sheet).getByRole('button', { name: /Educational visit or trip/ }),
    ).toBeInTheDocument();
    expect(within(sheet).queryByRole('button', { name: /medical/i })).not.toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('another group or a past session is two taps away', async () => {
    const timers = await setUp();
    await markAs(PUPIL.dan, '/', OFFICE);
    const user = show(timers);
    await user.click(await screen.findByRole('button', { name: 'Change register' }));
    await user.click(screen.getByRole('button', { name: '3B' }));
    expect(await screen.findByRole('heading', { name: /3B/ })).toBeInTheDocument();
    expect(await screen.findByText('All 1 marked')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Change register' }));
    await user.click(screen.getByRole('button', { name: 'Friday 5 September, afternoon' }));
    expect(
      await screen.findByRole('heading', { name: /3B.*Friday 5 September, afternoon/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('You are looking at a register you chose, not the one for now.'),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Back to my register now' }));
    expect(
      await screen.findByRole('heading', { name: /3A.*Monday 8 September, morning/ }),
    ).toBeInTheDocument();
  });

  it('after a reload or an unlock lands on the register the teacher chose, that day only', async () => {
    const timers = await setUp();
    const user = show(timers);
    await user.click(await screen.findByRole('button', { name: 'Change register' }));
    await user.click(screen.getByRole('button', { name: '3B' }));
    await user.click(await screen.findByRole('button', { name: 'Change register' }));
    await user.click(screen.getByRole('button', { name: 'Friday 5 September, afternoon' }));
    const chosen = /3B.*Friday 5 September, afternoon/;
    expect(await screen.findByRole('heading', { name: chosen })).toBeInTheDocument();
    await waitFor(async () => expect(await db.meta.get('registerChoices')).toBeDefined());

    // A reload (or the lock) forgets what was in memory; the tablet remembers.
    cleanup();
    resetRegisterChoiceStore();
    show(timers);
    expect(await screen.findByRole('heading', { name: chosen })).toBeInTheDocument();

    // Someone else unlocking starts from their own class.
    cleanup();
    resetRegisterChoiceStore();
    show(timers, profile(OFFICE, NO_PIN));
    expect(await screen.findByText(/Choose a class|3A/)).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: chosen })).not.toBeInTheDocument();

    // The next morning starts from the clock again.
    cleanup();
    resetRegisterChoiceStore();
    timers.advance(24 * 60 * 60 * 1000);
    show(timers);
    expect(
      await screen.findByRole('heading', { name: /3A.*Tuesday 9 September, morning/ }),
    ).toBeInTheDocument();
  });

  it('back to the register for now is remembered too', async () => {
    const timers = await setUp();
    const user = show(timers);
    await user.click(await screen.findByRole('button', { name: 'Change register' }));
    await user.click(screen.getByRole('button', { name: '3B' }));
    expect(await screen.findByRole('heading', { name: /3B/ })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Back to my register now' }));
    await waitFor(async () => expect((await db.meta.get('registerChoices'))?.value).toEqual({}));
    cleanup();
    resetRegisterChoiceStore();
    show(timers);
    expect(
      await screen.findByRole('heading', { name: /3A.*Monday 8 September, morning/ }),
    ).toBeInTheDocument();
  });

  it('refuses a date that is not a school day', async () => {
    const timers = await setUp();
    const user = show(timers);
    await user.click(await screen.findByRole('button', { name: 'Change register' }));
    fireEvent.change(screen.getByLabelText('An earlier date'), { target: { value: '2025-09-06' } });
    await user.click(screen.getByRole('button', { name: 'Open' }));
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Saturday 6 September is not a school day.',
    );
  });

  it('at the weekend shows Friday afternoon', async () => {
    const timers = await setUp(LONDON.saturday);
    show(timers);
    expect(
      await screen.findByRole('heading', { name: /3A.*Friday 12 September, afternoon/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('· Next register: Monday 15 September, morning, 08:45'),
    ).toBeInTheDocument();
  });

  it('before the first sync says the class lists have not arrived', async () => {
    db = freshDb();
    show(new ManualTimers(LONDON.amOpen));
    expect(await screen.findByRole('heading', { name: 'No class lists yet' })).toBeInTheDocument();
  });

  it('keeps working for a session the tablet has marks for after the clock moves on', async () => {
    const timers = await setUp(LONDON.amOpen);
    await markAs(PUPIL.ada, 'L', TEACHER, { date: localDate('2025-09-08'), part: 'AM' });
    show(timers);
    expect(await screen.findByText('2 of 3 still to mark')).toBeInTheDocument();
  });
});
