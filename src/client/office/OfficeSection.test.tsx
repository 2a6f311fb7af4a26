import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { localDate, type SessionRef } from '../../domain/index';
import { LONDON, offlineFetch, putRoster } from '../ui/screens.fixture';
import type { AppDb } from '../db/appDb';
import type { SectionProps } from '../ui/sectionProps';
import {
  freshDb,
  GROUP_ID,
  ManualTimers,
  OTHER_GROUP_ID,
  MONDAY_AM,
  OFFICE,
  PUPIL,
  sequentialIds,
  TEACHER,
} from '../testSupport.fixture';
import { UNDO_REASON } from '../marks/undoMark';
import { UNDO_MS } from '../ui/UndoToast';
import { REASON_REQUIRED } from './AmendForm';
import { OfficeSection } from './OfficeSection';
import { fakeOfficeServer, officeProfile, putEntry } from './officeTest.fixture';

const HEAD = '00000000-0000-4000-8000-0000000f0001';
const HEAD_2 = '00000000-0000-4000-8000-0000000f0002';
const FRIDAY_AM = { date: localDate('2025-09-05'), part: 'AM' } as const;
const FRIDAY_PM = { date: localDate('2025-09-05'), part: 'PM' } as const;
const TEACHER_ACTOR = { staffId: TEACHER.staffId, name: TEACHER.name, role: 'teacher' } as const;
const OFFICE_ACTOR = { staffId: OFFICE.staffId, name: OFFICE.name, role: 'office' } as const;

let db: AppDb;
afterEach(() => {
  cleanup();
  db.close();
});

async function open(options: { at: number; answers?: Record<string, unknown> }) {
  db = freshDb();
  await putRoster(db);
  const timers = new ManualTimers(options.at);
  const server = fakeOfficeServer(options.answers ?? {});
  let syncRequests = 0;
  const props: SectionProps = {
    db,
    staff: await officeProfile(),
    clock: timers.clock,
    timers,
    fetch: server.fetch,
    newEventId: sequentialIds(),
    requestSync: () => (syncRequests += 1),
  };
  const view = render(<OfficeSection {...props} />);
  const user = userEvent.setup();
  return { user, timers, server, props, view, syncRequests: () => syncRequests };
}

async function openTab(user: ReturnType<typeof userEvent.setup>, name: string) {
  await user.click(await screen.findByRole('tab', { name }));
}

async function choosePupil(user: ReturnType<typeof userEvent.setup>, label: RegExp, name: string) {
  await user.type(await screen.findByLabelText(label), name.split(' ')[0] ?? name);
  await user.click(await screen.findByRole('button', { name: new RegExp(`^${name}`) }));
}

describe('the late book', { timeout: 20_000 }, () => {
  it('signs a pupil in as L one minute before the register closes, and as U at the close', async () => {
    // 09:14 BST on Monday 8 September; the morning register closes at 09:15.
    const { user, timers, syncRequests } = await open({ at: Date.parse('2025-09-08T08:14:00Z') });
    await putEntry(db, PUPIL.ada, MONDAY_AM, 'N', { headEventId: HEAD });
    await openTab(user, 'Late book');

    await choosePupil(user, /Pupil arriving/, 'Ada Adams');
    expect(screen.getByLabelText('Arrival time')).toHaveValue('09:14');
    await screen.findByText('Now: N');
    expect(screen.getByText('L — 29 minutes late')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sign in: L' }));
    // The line saying what was recorded, and the undo toast over it.
    expect(await screen.findAllByText(/^Ada Adams: L — 29 minutes late/)).toHaveLength(2);

    timers.advance(60_000);
    await choosePupil(user, /Pupil arriving/, 'Ben Brown');
    expect(screen.getByLabelText('Arrival time')).toHaveValue('09:15');
    await screen.findByText('Now: not marked');
    expect(screen.getByText('U — after the register closed (30 minutes late)')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sign in: U' }));
    await screen.findAllByText(/^Ben Brown: U/);
    // Ben had no mark: the undo withdraws the U, a new event, and says so.
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByText(/^Ben Brown: sign-in undone \(no mark again\)/);

    const rows = await db.outbox.orderBy('localSeq').toArray();
    expect(rows).toEqual([
      expect.objectContaining({
        pupilId: PUPIL.ada,
        session: MONDAY_AM,
        code: 'L',
        minutesLate: 29,
        arrivedAt: '2025-09-08T08:14:00.000Z',
        baseEventId: HEAD,
        actorRole: 'office',
        reason: 'Signed in at the office at 09:14 by Mrs Office.',
      }),
      expect.objectContaining({
        pupilId: PUPIL.ben,
        code: 'U',
        minutesLate: 30,
        arrivedAt: '2025-09-08T08:15:00.000Z',
        baseEventId: null,
        reason: 'Signed in at the office at 09:15 by Mrs Office.',
      }),
      expect.objectContaining({ pupilId: PUPIL.ben, code: 'U', kind: 'withdrawn' }),
    ]);
    expect(rows[2]?.baseEventId).toBe(rows[1]?.eventId);
    expect(syncRequests()).toBe(3);
  });

  it('decides again from an edited arrival time', async () => {
    const { user } = await open({ at: Date.parse('2025-09-08T08:14:00Z') });
    await openTab(user, 'Late book');
    await choosePupil(user, /Pupil arriving/, 'Cat Clark');
    fireEvent.change(screen.getByLabelText('Arrival time'), { target: { value: '08:50' } });
    expect(screen.getByText('L — 5 minutes late')).toBeInTheDocument();
  });
});

const chaseItem = (
  session: SessionRef,
  headEventId: string,
  runIndex: number,
  estimate = false,
) => ({
  pupilId: PUPIL.ada,
  pupilName: 'Ada Adams',
  sortName: 'Adams, Ada',
  groupId: GROUP_ID,
  groupName: '3A',
  session,
  headEventId,
  schoolDaysOutstanding: 2,
  deadline: '2025-09-12',
  estimate,
  overdue: false,
  runId: 'ada-run',
  runIndex,
  runLength: 2,
  contact: null,
});

/** The chase list with Ada's run of two N sessions on Friday; her card. */
async function openAdasRun() {
  const opened = await open({
    at: LONDON.amPlus10,
    answers: {
      'GET /api/office/chase': {
        today: '2025-09-08',
        nResolveSchoolDays: 5,
        items: [chaseItem(FRIDAY_AM, HEAD, 0), chaseItem(FRIDAY_PM, HEAD_2, 1)],
      },
    },
  });
  await openTab(opened.user, 'Chase list');
  const card = await screen.findByRole('article', { name: 'Ada Adams' }, { timeout: 5000 });
  return { ...opened, card };
}

describe('the chase list', { timeout: 40_000 }, () => {
  it('records a reason in two taps, as an outbox amendment of each N in the run', async () => {
    const { user, syncRequests, card } = await openAdasRun();
    expect(within(card).getByText('Not reached')).toBeInTheDocument();
    expect(within(card).getByText(/2 school days outstanding/)).toBeInTheDocument();
    expect(within(card).queryByText(/an estimate/)).toBeNull();

    // Each code button says what it means in plain words, from the code table.
    const codes = within(within(card).getByRole('group', { name: 'Reason for Ada Adams' }))
      .getAllByRole('button')
      .map((button) => button.textContent);
    expect(codes).toEqual([
      'I Illness',
      'M Leave for a medical or dental appointment',
      'C Leave for exceptional circumstances',
      'R Religious observance',
      'G Holiday not agreed, or longer than agreed',
      'E Suspended or permanently excluded, no alternative provision',
      'T Parent travelling for occupational purposes',
      'O Absent in other or unknown circumstances',
    ]);
    expect(within(card).getByRole('button', { name: 'I Illness' })).not.toHaveAttribute('title');
    await user.click(within(card).getByRole('button', { name: 'I Illness' }));
    expect(within(card).getByLabelText('Reason')).toHaveValue('Parent phoned 08:55');
    await user.click(within(card).getByRole('button', { name: 'Save' }));
    await within(card).findAllByText(/Recorded I for 2 sessions/);

    const rows = await db.outbox.orderBy('localSeq').toArray();
    expect(rows.map((r) => [r.session, r.code, r.baseEventId, r.reason, r.actorRole])).toEqual([
      [FRIDAY_AM, 'I', HEAD, 'Parent phoned 08:55', 'office'],
      [FRIDAY_PM, 'I', HEAD_2, 'Parent phoned 08:55', 'office'],
    ]);
    expect(syncRequests()).toBe(1);
  });

  it('offers an undo after a save, which records each N again as a new amendment', async () => {
    const { user, timers, card } = await openAdasRun();
    await user.click(within(card).getByRole('button', { name: 'I Illness' }));
    await user.click(within(card).getByRole('button', { name: 'Save' }));
    // The line under the card, and the toast over it with the same words and Undo.
    expect(
      await within(card).findAllByText(/^Recorded I for 2 sessions/, {}, { timeout: 5000 }),
    ).toHaveLength(2);
    await user.click(within(card).getByRole('button', { name: 'Undo' }));
    await within(card).findByRole('button', { name: 'I Illness' }, { timeout: 10_000 });

    const rows = await db.outbox.orderBy('localSeq').toArray();
    const [amAmend, pmAmend, amUndo, pmUndo] = rows;
    expect(rows.map((r) => [r.session, r.code, r.reason])).toEqual([
      [FRIDAY_AM, 'I', 'Parent phoned 08:55'],
      [FRIDAY_PM, 'I', 'Parent phoned 08:55'],
      [FRIDAY_AM, 'N', UNDO_REASON],
      [FRIDAY_PM, 'N', UNDO_REASON],
    ]);
    // Each undo is based on the amendment it undoes.
    expect([amUndo?.baseEventId, pmUndo?.baseEventId]).toEqual([
      amAmend?.eventId,
      pmAmend?.eventId,
    ]);

    // Saved again, the undo is offered for a while only.
    await user.click(
      within(card).getByRole('button', { name: 'M Leave for a medical or dental appointment' }),
    );
    await user.click(within(card).getByRole('button', { name: 'Save' }));
    await within(card).findByRole('button', { name: 'Undo' }, { timeout: 10_000 });
    act(() => timers.advance(UNDO_MS));
    await waitFor(() => expect(within(card).queryByRole('button', { name: 'Undo' })).toBeNull(), {
      timeout: 5000,
    });
    expect(within(card).getAllByText(/^Recorded M for 2 sessions/)).toHaveLength(1);
  });

  it('filters by class and by overdue, and says how many it shows', async () => {
    const dan = {
      ...chaseItem(FRIDAY_AM, HEAD_2, 0),
      pupilId: PUPIL.dan,
      pupilName: 'Dan Dawes',
      sortName: 'Dawes, Dan',
      groupId: OTHER_GROUP_ID,
      groupName: '3B',
      runId: 'dan-run',
      runLength: 1,
      schoolDaysOutstanding: 6,
      overdue: true,
    };
    const { user } = await open({
      at: LONDON.amPlus10,
      answers: {
        'GET /api/office/chase': {
          today: '2025-09-08',
          nResolveSchoolDays: 5,
          items: [dan, chaseItem(FRIDAY_AM, HEAD, 0)],
        },
      },
    });
    await openTab(user, 'Chase list');
    await screen.findByRole('article', { name: 'Ada Adams' });
    expect(screen.getByText('Showing all 2.')).toBeInTheDocument();
    expect(screen.getByText(/1 overdue/)).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Class'), '3A');
    expect(screen.getByRole('article', { name: 'Ada Adams' })).toBeInTheDocument();
    expect(screen.queryByRole('article', { name: 'Dan Dawes' })).toBeNull();
    expect(screen.getByText('Showing 1 of 2.')).toBeInTheDocument();

    await user.click(screen.getByLabelText(/Only overdue/));
    expect(screen.queryByRole('article')).toBeNull();
    expect(screen.getByText(/No absence to chase matches these filters/)).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Class'), 'Every class');
    expect(screen.getAllByRole('article')).toHaveLength(1);
    expect(screen.getByRole('article', { name: 'Dan Dawes' })).toBeInTheDocument();
    expect(screen.getByText('Showing 1 of 2.')).toBeInTheDocument();
  });

  it('logs a first-day contact with the office server', async () => {
    const contact = {
      id: '00000000-0000-4000-8000-0000000c0001',
      pupilId: PUPIL.ada,
      pupilName: 'Ada Adams',
      session: FRIDAY_AM,
      method: 'no_answer',
      note: null,
      by: OFFICE_ACTOR,
      at: '2025-09-08T07:56:00.000Z',
    };
    const { user, server } = await open({
      at: LONDON.amPlus10,
      answers: {
        'GET /api/office/chase': {
          today: '2025-09-08',
          nResolveSchoolDays: 5,
          items: [chaseItem(FRIDAY_AM, HEAD, 0, true)],
        },
        'POST /api/office/contacts': { contact },
      },
    });
    await openTab(user, 'Chase list');
    const card = await screen.findByRole('article', { name: 'Ada Adams' });
    // Counted past the configured terms, the list says its days are an estimate.
    expect(within(card).getByText(/These school days are an estimate/)).toHaveTextContent(
      'the term dates for them are not entered yet',
    );
    await user.click(within(card).getByText('Log first-day contact'));
    await user.click(within(card).getByRole('button', { name: 'No answer' }));
    await within(card).findByText('No answer logged.');
    expect(server.calls.find((c) => c.method === 'POST')?.body).toMatchObject({
      pupilId: PUPIL.ada,
      session: FRIDAY_AM,
      method: 'no_answer',
    });
  });
});

const entriesAnswer = {
  pupil: { id: PUPIL.ada, displayName: 'Ada Adams' },
  from: '2025-08-25',
  to: '2025-09-08',
  entries: [
    {
      session: MONDAY_AM,
      code: 'N',
      minutesLate: null,
      needsReview: false,
      original: {
        code: 'N',
        minutesLate: null,
        by: TEACHER_ACTOR,
        enteredAt: '2025-09-08T07:50:00.000Z',
        deviceId: null,
        recordedAt: '2025-09-08T07:50:00.000Z',
      },
      amendments: [],
      events: [
        {
          serverSeq: 7,
          eventId: HEAD,
          code: 'N',
          minutesLate: null,
          reason: null,
          status: 'applied',
          statusDetail: null,
          by: TEACHER_ACTOR,
          deviceId: null,
          deviceName: null,
          recordedAt: '2025-09-08T07:50:00.000Z',
          receivedAt: '2025-09-08T07:51:00.000Z',
        },
      ],
    },
  ],
};

describe('the pupil record', { timeout: 20_000 }, () => {
  it('shows the history and refuses an amendment without a reason', async () => {
    const { user } = await open({
      at: LONDON.amClosed,
      answers: { [`GET /api/pupils/${PUPIL.ada}/entries`]: entriesAnswer },
    });
    await openTab(user, 'Pupil record');
    await choosePupil(user, /Find a pupil/, 'Ada Adams');
    // Found by its day's heading first: a role query over the whole tab is slow under load.
    await screen.findByRole('heading', { level: 4, name: 'Monday 8 September' }, { timeout: 5000 });
    const entry = screen.getByRole('group', { name: 'Monday 8 September, morning' });
    await user.click(within(entry).getByText('Morning'));
    expect(within(entry).getByText('Ms Teacher (Teacher)')).toBeInTheDocument();

    await user.click(within(entry).getByRole('button', { name: 'Amend' }));
    await user.selectOptions(within(entry).getByLabelText('New code'), 'I');
    await user.click(within(entry).getByRole('button', { name: 'Save amendment' }));
    expect(within(entry).getByRole('alert')).toHaveTextContent(REASON_REQUIRED);
    expect(await db.outbox.count()).toBe(0);

    await user.type(within(entry).getByLabelText(/Reason for the change/), '   ');
    await user.click(within(entry).getByRole('button', { name: 'Save amendment' }));
    expect(await db.outbox.count()).toBe(0);

    await user.type(within(entry).getByLabelText(/Reason for the change/), 'Parent emailed');
    await user.click(within(entry).getByRole('button', { name: 'Save amendment' }));
    // The line saying what was saved, and the undo toast over it.
    expect(await screen.findAllByText(/I saved on this device/)).toHaveLength(2);
    expect(await db.outbox.toArray()).toEqual([
      expect.objectContaining({ code: 'I', reason: 'Parent emailed', baseEventId: HEAD }),
    ]);

    // Undo: a new amendment back to N, based on the one it undoes.
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByText(/^Ada Adams, .*: I undone \(N again\)/);
    const [amend, undo] = await db.outbox.orderBy('localSeq').toArray();
    expect(undo).toEqual(
      expect.objectContaining({ code: 'N', reason: UNDO_REASON, baseEventId: amend?.eventId }),
    );
    expect(await db.outbox.count()).toBe(2);
  });

  it('offers an undo after recording a mark for a session, which withdraws a first mark', async () => {
    const { user } = await open({
      at: LONDON.amClosed,
      answers: { [`GET /api/pupils/${PUPIL.ada}/entries`]: entriesAnswer },
    });
    await openTab(user, 'Pupil record');
    await choosePupil(user, /Find a pupil/, 'Ada Adams');
    await user.click(await screen.findByText('Record or change a mark for a session'));
    const form = await screen.findByRole('form', { name: /^Amend Ada Adams/ }, { timeout: 5000 });
    expect(form).toHaveTextContent('now not marked');
    await user.selectOptions(within(form).getByLabelText('New code'), 'I');
    await user.type(within(form).getByLabelText(/Reason for the change/), 'Parent phoned');
    await user.click(within(form).getByRole('button', { name: 'Save mark' }));
    expect(await screen.findAllByText(/I saved on this device/)).toHaveLength(2);

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByText(/I undone \(no mark again\)/);
    const [mark, undo] = await db.outbox.orderBy('localSeq').toArray();
    expect(mark).toEqual(expect.objectContaining({ code: 'I', reason: 'Parent phoned' }));
    // Ada had no mark: the undo withdraws the I (a new event, based on it).
    expect(undo).toEqual(
      expect.objectContaining({ code: 'I', kind: 'withdrawn', baseEventId: mark?.eventId }),
    );
    expect(await db.outbox.count()).toBe(2);
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it('shows a withdrawn mark as an undo, and a session its undo left with no mark', async () => {
    const WITHDRAWAL = '00000000-0000-4000-8000-0000000f0003';
    const [monday] = entriesAnswer.entries;
    if (monday === undefined) throw new Error('no entry');
    const event = monday.events[0] as (typeof monday.events)[number];
    const withdrawal = {
      withdrawn: { code: 'L', minutesLate: 5 },
      markedAt: '2025-09-05T08:00:00.000Z',
      withdrawnAt: '2025-09-05T08:00:04.000Z',
      by: OFFICE_ACTOR,
      deviceId: null,
      recordedAt: '2025-09-05T08:00:04.000Z',
      afterMs: 4000,
    };
    const { user } = await open({
      at: LONDON.amClosed,
      answers: {
        [`GET /api/pupils/${PUPIL.ada}/entries`]: {
          ...entriesAnswer,
          cleared: [
            {
              session: FRIDAY_AM,
              withdrawals: [withdrawal],
              events: [
                { ...event, eventId: HEAD_2, code: 'L', minutesLate: 5, by: OFFICE_ACTOR },
                {
                  ...event,
                  serverSeq: 8,
                  eventId: WITHDRAWAL,
                  kind: 'withdrawn',
                  code: 'L',
                  minutesLate: 5,
                  by: OFFICE_ACTOR,
                },
              ],
            },
          ],
        },
      },
    });
    await openTab(user, 'Pupil record');
    await choosePupil(user, /Find a pupil/, 'Ada Adams');
    await screen.findByRole('heading', { level: 4, name: 'Friday 5 September' }, { timeout: 5000 });
    const friday = screen.getByRole('group', { name: 'Friday 5 September, morning' });
    expect(within(friday).getByText('No mark')).toBeInTheDocument();
    expect(within(friday).getByText('L withdrawn (undo) by Mrs Office')).toBeInTheDocument();
    await user.click(within(friday).getByText('Morning'));
    const rows = within(friday).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]?.textContent)).toEqual([
      'L (5 min)',
      'L (5 min) withdrawn (undo)',
    ]);
    expect(within(friday).getByText(/4 seconds after it was made/)).toBeInTheDocument();
  });

  it('shows the summary at the top and the sessions newest first, with device names', async () => {
    const DEVICE = '00000000-0000-4000-8000-0000000de001';
    const UNNAMED = '00000000-0000-4000-8000-0000000de002';
    const [monday] = entriesAnswer.entries;
    if (monday === undefined) throw new Error('no entry');
    const event = monday.events[0] as (typeof monday.events)[number];
    const entryOn = (
      session: SessionRef,
      code: string,
      deviceId: string,
      deviceName: string | null,
    ) => ({
      ...monday,
      session,
      code,
      original: { ...monday.original, code, deviceId },
      events: [{ ...event, eventId: crypto.randomUUID(), code, deviceId, deviceName }],
    });
    const period = {
      from: '2025-09-01',
      to: '2025-09-08',
      possible: 10,
      attended: 9,
      attendancePercent: 90,
      unexplained: 1,
      lates: 2,
    };
    const { user } = await open({
      at: LONDON.amClosed,
      answers: {
        [`GET /api/pupils/${PUPIL.ada}/entries`]: {
          ...entriesAnswer,
          // Oldest first, as the server sends them.
          entries: [
            entryOn(FRIDAY_AM, '/', DEVICE, 'Class 3 tablet'),
            entryOn(FRIDAY_PM, 'I', UNNAMED, null),
            entryOn(MONDAY_AM, 'N', DEVICE, 'Class 3 tablet'),
          ],
        },
        [`GET /api/office/pupils/${PUPIL.ada}/summary`]: {
          pupilId: PUPIL.ada,
          today: '2025-09-08',
          term: { ...period, name: 'Autumn 1' },
          year: { ...period, name: 'This year', possible: 12, attendancePercent: 91.66666 },
        },
      },
    });
    await openTab(user, 'Pupil record');
    await choosePupil(user, /Find a pupil/, 'Ada Adams');

    const summary = await screen.findByRole(
      'table',
      { name: 'Attendance so far' },
      { timeout: 5000 },
    );
    const rows = within(summary)
      .getAllByRole('row')
      .slice(1)
      .map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      );
    expect(rows).toEqual([
      ['90 %', '10', '1', '2'],
      ['91.7 %', '12', '1', '2'],
    ]);
    expect(within(summary).getByRole('rowheader', { name: /^Autumn 1/ })).toBeInTheDocument();

    await screen.findByRole('heading', { level: 4, name: 'Monday 8 September' }, { timeout: 5000 });
    const sessions = screen.getAllByRole('group', { name: /, (morning|afternoon)$/ });
    expect(sessions.map((g) => g.getAttribute('aria-label'))).toEqual([
      'Monday 8 September, morning',
      'Friday 5 September, afternoon',
      'Friday 5 September, morning',
    ]);
    expect(screen.getAllByRole('heading', { level: 4 }).map((h) => h.textContent)).toEqual([
      'Monday 8 September',
      'Friday 5 September',
    ]);
    const [monday1, fridayPm] = sessions;
    expect(
      within(monday1 as HTMLElement).getByText(/Ms Teacher, Class 3 tablet/),
    ).toBeInTheDocument();
    await user.click(within(fridayPm as HTMLElement).getByText('Afternoon'));
    expect(
      within(fridayPm as HTMLElement).getByRole('cell', { name: 'Unnamed device (00000000)' }),
    ).toBeInTheDocument();
  });

  it('pre-enters a code for every open session in a date range', async () => {
    const { user } = await open({
      at: LONDON.amClosed,
      answers: { [`GET /api/pupils/${PUPIL.ada}/entries`]: { ...entriesAnswer, entries: [] } },
    });
    await openTab(user, 'Pupil record');
    await choosePupil(user, /Find a pupil/, 'Ada Adams');
    await user.click(await screen.findByText('Pre-enter a code for future sessions'));
    const form = screen.getByRole('form', { name: 'Pre-enter a code' });
    await user.selectOptions(within(form).getByLabelText('Code'), 'M');
    // Friday 12 to Monday 15 September: the weekend has no sessions.
    fireEvent.change(within(form).getByLabelText('First day'), { target: { value: '2025-09-12' } });
    fireEvent.change(within(form).getByLabelText('Last day'), { target: { value: '2025-09-15' } });
    await user.click(within(form).getByRole('button', { name: 'Mornings only' }));
    expect(within(form).getByRole('status')).toHaveTextContent(
      /^2 sessions: Fri 12 Sept? AM to Mon 15 Sept? AM\.$/,
    );
    await user.click(within(form).getByRole('button', { name: 'Enter M for 2 sessions' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Give a reason');
    expect(await db.outbox.count()).toBe(0);

    await user.type(within(form).getByLabelText(/Reason/), 'Hospital appointment');
    await user.click(within(form).getByRole('button', { name: 'Enter M for 2 sessions' }));
    expect(await screen.findAllByText(/M entered for 2 sessions/)).toHaveLength(2);
    const rows = await db.outbox.orderBy('localSeq').toArray();
    expect(rows.map((r) => [r.pupilId, r.sessionKey, r.code, r.reason])).toEqual([
      [PUPIL.ada, '2025-09-12:AM', 'M', 'Hospital appointment'],
      [PUPIL.ada, '2025-09-15:AM', 'M', 'Hospital appointment'],
    ]);

    // Undo: neither session had a mark, so each M is withdrawn by a new event based on it.
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByText(/^Pre-entered M undone for 2 sessions/);
    const undone = (await db.outbox.orderBy('localSeq').toArray()).slice(2);
    expect(undone.map((r) => [r.sessionKey, r.code, r.kind, r.baseEventId])).toEqual([
      ['2025-09-12:AM', 'M', 'withdrawn', rows[0]?.eventId],
      ['2025-09-15:AM', 'M', 'withdrawn', rows[1]?.eventId],
    ]);
  });
});

describe('the conflicts queue', { timeout: 20_000 }, () => {
  it('names the device each side came from, or says it has no name', async () => {
    const side = (eventId: string, code: string, deviceId: string, deviceName: string | null) => ({
      eventId,
      code,
      minutesLate: null,
      reason: null,
      by: TEACHER_ACTOR,
      deviceId,
      deviceName,
      recordedAt: '2025-09-08T07:50:00.000Z',
      receivedAt: '2025-09-08T07:51:00.000Z',
    });
    const { user } = await open({
      at: LONDON.amClosed,
      answers: {
        'GET /api/office/conflicts': {
          conflicts: [
            {
              eventId: HEAD_2,
              serverSeq: 9,
              status: 'conflict',
              flagged: false,
              detail: 'Someone else marked this pupil differently.',
              pupilId: PUPIL.ada,
              pupilName: 'Ada Adams',
              groupId: GROUP_ID,
              groupName: '3A',
              session: MONDAY_AM,
              mark: side(HEAD_2, 'N', '00000000-0000-4000-8000-0000000de001', 'Class 3 tablet'),
              other: side(HEAD, '/', '00000000-0000-4000-8000-0000000de002', null),
              headEventId: HEAD,
              currentCode: '/',
            },
          ],
        },
      },
    });
    await openTab(user, 'Conflicts');
    await screen.findByText('Class 3 tablet', {}, { timeout: 5000 });
    expect(screen.getByText('Unnamed device (00000000)')).toBeInTheDocument();
  });

  it('offers an undo after an amendment, which records the current mark again', async () => {
    const side = (eventId: string, code: string) => ({
      eventId,
      code,
      minutesLate: null,
      reason: null,
      by: TEACHER_ACTOR,
      deviceId: null,
      deviceName: null,
      recordedAt: '2025-09-08T07:50:00.000Z',
      receivedAt: '2025-09-08T07:51:00.000Z',
    });
    const { user, server } = await open({
      at: LONDON.amClosed,
      answers: {
        'GET /api/office/conflicts': {
          conflicts: [
            {
              eventId: HEAD_2,
              serverSeq: 9,
              status: 'conflict',
              flagged: false,
              detail: null,
              pupilId: PUPIL.ada,
              pupilName: 'Ada Adams',
              groupId: GROUP_ID,
              groupName: '3A',
              session: MONDAY_AM,
              mark: side(HEAD_2, 'N'),
              other: side(HEAD, '/'),
              headEventId: HEAD,
              currentCode: '/',
            },
          ],
        },
        [`POST /api/office/conflicts/${HEAD_2}/resolve`]: {
          resolution: {
            eventId: HEAD_2,
            choice: 'amended',
            note: 'Parent phoned',
            by: OFFICE_ACTOR,
            at: '2025-09-08T08:30:00.000Z',
          },
          alreadyResolved: false,
        },
      },
    });
    await openTab(user, 'Conflicts');
    await user.click(await screen.findByRole('button', { name: 'Amend…' }, { timeout: 5000 }));
    const form = screen.getByRole('form', { name: /^Amend Ada Adams/ });
    await user.selectOptions(within(form).getByLabelText('New code'), 'I');
    await user.type(within(form).getByLabelText(/Reason for the change/), 'Parent phoned');
    await user.click(within(form).getByRole('button', { name: 'Save amendment' }));
    expect(await screen.findAllByText(/^Ada Adams, .*: I saved on this device/)).toHaveLength(2);
    await waitFor(() =>
      expect(server.calls.some((c) => c.path.endsWith(`${HEAD_2}/resolve`))).toBe(true),
    );

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByText(/I undone \(\/ again\)/);
    const [amend, undo] = await db.outbox.orderBy('localSeq').toArray();
    expect(amend).toEqual(
      expect.objectContaining({ code: 'I', reason: 'Parent phoned', baseEventId: HEAD }),
    );
    expect(undo).toEqual(
      expect.objectContaining({ code: '/', reason: UNDO_REASON, baseEventId: amend?.eventId }),
    );
  });
});

describe('the fire roll call', { timeout: 20_000 }, () => {
  const signOutOfBen = {
    id: '00000000-0000-4000-8000-0000000c0002',
    pupilId: PUPIL.ben,
    pupilName: 'Ben Brown',
    groupId: GROUP_ID,
    groupName: '3A',
    date: '2025-09-08',
    at: '2025-09-08T08:20:00.000Z',
    reason: 'Dentist',
    collectedBy: 'Mother',
    recordedBy: OFFICE_ACTOR,
    recordedAt: '2025-09-08T08:20:00.000Z',
    returnedAt: null,
    returnRecordedBy: null,
  };

  it('keeps the ticks through a re-render, lists who is missing, and records the drill', async () => {
    const drill = {
      id: '00000000-0000-4000-8000-0000000d0009',
      session: MONDAY_AM,
      startedAt: '2025-09-08T08:30:00.000Z',
      endedAt: '2025-09-08T08:30:00.000Z',
      accountedFor: [],
      missing: [],
      notes: null,
      recordedBy: OFFICE_ACTOR,
      recordedAt: '2025-09-08T08:30:00.000Z',
    };
    const answers = {
      'GET /api/office/sign-outs': { signOuts: [signOutOfBen] },
      'POST /api/office/fire-drills': { drill },
    };
    const { user, props, server } = await open({ at: LONDON.amClosed, answers });
    await putEntry(db, PUPIL.ada, MONDAY_AM, '/', { headEventId: HEAD });
    await putEntry(db, PUPIL.ben, MONDAY_AM, 'L', { headEventId: HEAD_2, minutesLate: 5 });
    await putEntry(db, PUPIL.cat, MONDAY_AM, 'M', {
      headEventId: '00000000-0000-4000-8000-0000000f0003',
    });
    await putEntry(db, PUPIL.dan, MONDAY_AM, 'U', {
      headEventId: '00000000-0000-4000-8000-0000000f0004',
    });
    await openTab(user, 'Fire roll call');

    const ada = await screen.findByRole('checkbox', { name: /Ada Adams/ });
    expect(screen.getByRole('checkbox', { name: /Dan Dawes.*U/ })).toBeInTheDocument();
    // Ben signed out at 09:20 and Cat has an appointment: neither is expected at the assembly point.
    await screen.findByText(/Ben Brown \(L: Signed out at 09:20\)/);
    expect(screen.queryByRole('checkbox', { name: /Ben Brown/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox', { name: /Cat Clark/ })).not.toBeInTheDocument();
    expect(screen.getByText('2 still to account for.')).toBeInTheDocument();

    await user.click(ada);
    await waitFor(() => expect(ada).toBeChecked());
    expect(await screen.findByText('1 still to account for.')).toBeInTheDocument();

    // The tablet reloads (or the office tab is left and opened again): the tick is still there.
    cleanup();
    render(<OfficeSection {...props} />);
    await openTab(user, 'Fire roll call');
    await waitFor(() => expect(screen.getByRole('checkbox', { name: /Ada Adams/ })).toBeChecked());
    expect(screen.getByRole('list', { name: 'Missing' })).toHaveTextContent('Dan Dawes');

    await user.click(screen.getByRole('checkbox', { name: /Dan Dawes/ }));
    expect(await screen.findByText('Everyone accounted for: 2 ticked off.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Finish drill' }));
    await screen.findByText('The drill has been recorded.');
    const posted = server.calls.find(
      (c) => c.method === 'POST' && c.path === '/api/office/fire-drills',
    );
    expect(posted?.body).toMatchObject({
      session: MONDAY_AM,
      accountedFor: [PUPIL.ada, PUPIL.dan],
      missing: [],
    });
    expect(screen.getByRole('checkbox', { name: /Ada Adams/ })).not.toBeChecked();
  });
});

const counts = (patch: Record<string, number>) => ({
  onRoll: 3,
  present: 0,
  late: 0,
  lateAfterClose: 0,
  absent: 0,
  reasonNotEstablished: 0,
  offSiteEducation: 0,
  notRequired: 0,
  unmarked: 0,
  ...patch,
});

describe('today', { timeout: 20_000 }, () => {
  it('shows each register, and the device’s last copy with its time when offline', async () => {
    const today = {
      date: '2025-09-08',
      part: 'AM',
      serverTime: '2025-09-08T08:30:00.000Z',
      groups: [
        {
          groupId: GROUP_ID,
          groupName: '3A',
          yearGroup: '3',
          status: 'taken',
          registerCloses: '09:15',
          registerClosed: true,
          counts: counts({ present: 2, absent: 1, reasonNotEstablished: 1 }),
          takenBy: [TEACHER_ACTOR],
          lastSyncedAt: '2025-09-08T07:52:00.000Z',
        },
        {
          groupId: '00000000-0000-4000-8000-00000000b002',
          groupName: '3B',
          yearGroup: '3',
          status: 'not_taken',
          registerCloses: '09:15',
          registerClosed: true,
          counts: counts({ onRoll: 1, unmarked: 1 }),
          takenBy: [],
          lastSyncedAt: null,
        },
      ],
      totals: counts({ onRoll: 4, present: 2, absent: 1, reasonNotEstablished: 1, unmarked: 1 }),
    };
    const { props } = await open({
      at: LONDON.amClosed,
      answers: { 'GET /api/office/today': today },
    });
    const row3a = await screen.findByRole('row', { name: /^3A/ });
    expect(row3a).toHaveTextContent('Taken');
    expect(row3a).toHaveTextContent('Ms Teacher (Teacher)');
    expect(row3a).toHaveTextContent('08:52');
    expect(screen.getByRole('row', { name: /^3B/ })).toHaveTextContent(
      'Not taken — the register closed at 09:15',
    );

    cleanup();
    render(<OfficeSection {...props} fetch={offlineFetch} />);
    expect(
      await screen.findByText('You are offline; this list is from Monday 8 September 09:30.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('row', { name: /^3A/ })).toHaveTextContent('Taken');
  });

  it('says a list needs a connection when the device has no copy', async () => {
    db = freshDb();
    await putRoster(db);
    const timers = new ManualTimers(LONDON.amClosed);
    render(
      <OfficeSection
        db={db}
        staff={await officeProfile()}
        clock={timers.clock}
        timers={timers}
        fetch={offlineFetch}
      />,
    );
    expect(await screen.findByText(/needs a connection/)).toBeInTheDocument();
  });
});
