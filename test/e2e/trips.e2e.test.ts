/**
 * the office creates a 2-day residential for 20 pupils through its trips
 * screen; the leader's phone goes offline, marks all 4 sessions with 2 exceptions (one pupil did
 * not come, one went home ill), is closed and reopened, and comes back online: the server holds
 * exactly the expected entries, each made by the leader, and the office's chase list shows the
 * pupil who did not come.
 *
 * The trip is the two most recent open school days ending on the run's school day (the server
 * refuses a teacher's marks for days after its own today, so the trip cannot lie ahead).
 */
import { describe, expect, it } from 'vitest';
import {
  addDays,
  localDate,
  openSessionsBetween,
  type LocalDate,
  type SessionRef,
} from '../../src/domain';
import { formatSession } from '../../src/client/ui/format';
import { chaseResponseSchema } from '../../src/shared/api/officeSchemas';
import { ROUTES } from '../../src/shared/api/routes';
import { Browser as HttpBrowser, expectStatus } from '../process/httpClient';
import { PinPage } from './pages/PinPage';
import { RegisterPage } from './pages/RegisterPage';
import { SignInPage } from './pages/SignInPage';
import { TripPage } from './pages/TripPage';
import { openTablet, waitForServiceWorker, type Tablet } from './support/browser';
import { HANNAH, signInAndChoosePin } from './support/flows';
import { eventually, OFFICE_EMAIL, OfficeApi } from './support/officeApi';
import { e2eSchoolDay } from './support/provided';
import {
  at,
  DEMO_PASSWORD,
  displayNameOf,
  groupOf,
  pupilsOf,
  staffByEmail,
  timesOf,
} from './support/schoolDay';
import * as officeEndpoints from '../../src/shared/api/endpoints/officeEndpoints';
import { e2eFile } from './support/e2eFile';

const day = e2eSchoolDay();
const TRIP_NAME = 'Year 6 residential';
const OFFICE_PIN = '4826';
let office: Tablet | undefined;
let leader: Tablet | undefined;
let reopened: Tablet | undefined;
const e2e = e2eFile(() => [office, leader, reopened]);

/** The open school day before the run's school day. */
function previousSchoolDay(): LocalDate {
  const sessions = openSessionsBetween(day.config, addDays(day.date, -21), addDays(day.date, -1));
  const full = [...new Set(sessions.map((s) => s.date))].filter(
    (date) => sessions.filter((s) => s.date === date).length === 2,
  );
  const found = full.at(-1);
  if (found === undefined) throw new Error('No open school day before the run’s school day.');
  return found;
}

describe('a residential trip, marked offline', () => {
  it('reaches the office exactly as the leader marked it, and the absentee is chased', async () => {
    const owls = groupOf(day, '6');
    const everyone = pupilsOf(day, owls);
    const onTrip = everyone.slice(0, 20);
    const leftBehind = everyone.slice(20);
    const [absent, ill] = onTrip as [(typeof onTrip)[number], (typeof onTrip)[number]];
    const first = previousSchoolDay();
    const sessions: SessionRef[] = [
      { date: first, part: 'AM' },
      { date: first, part: 'PM' },
      { date: day.date, part: 'AM' },
      { date: day.date, part: 'PM' },
    ];
    const labels = sessions.map(formatSession);
    const hannah = staffByEmail(day, HANNAH.email);

    // The office creates the trip on its own desk, online.
    office = await openTablet(e2e.browser, e2e.server.origin, {
      time: at(day, timesOf(day, owls, 'AM').start),
    });
    await new SignInPage(office.page).signIn(OFFICE_EMAIL, DEMO_PASSWORD);
    await new PinPage(office.page).choosePin(OFFICE_PIN);
    const officeTrips = new TripPage(office.page);
    await officeTrips.open();
    const created = await officeTrips.createTrip({
      name: TRIP_NAME,
      leader: HANNAH.name,
      group: owls.name,
      leaveOff: leftBehind.map(displayNameOf),
      from: { date: first, part: 'Morning' },
      to: { date: day.date, part: 'Afternoon' },
    });
    // Day 1's registers were taken before the trip was made: the trip's code outranks a teacher's
    // mark, and an office amendment already there stands (flagged for review).
    expect(created).toMatch(
      /^Trip “Year 6 residential” created: 20 pupils, 4 sessions\. \d+ register entries now show V\./,
    );

    // The leader's phone: one online visit (sign-in, the trip fetched), in the afternoon of day 2.
    const afternoon = at(day, timesOf(day, groupOf(day, 'N2'), 'PM').start + 30);
    leader = await openTablet(e2e.browser, e2e.server.origin, { time: afternoon });
    await waitForServiceWorker(leader.page);
    const register = await signInAndChoosePin(leader, HANNAH);
    await register.waitForWaiting(0);
    let trips = new TripPage(leader.page);
    await trips.open();
    await trips.waitForTrip(TRIP_NAME);
    await trips.waitForHeadCount('20 of 20 with the group now');
    await trips.checkPhoneLayout();

    // No signal at the outdoor centre.
    await leader.context.setOffline(true);
    await register.waitForOnline(false);

    await trips.chooseSession(labels[0] ?? '');
    await trips.exception(displayNameOf(absent), 'Did not come');
    await trips.waitForHeadCount('19 of 20');
    await trips.confirmEveryone();

    await trips.chooseSession(labels[1] ?? '');
    await trips.exception(displayNameOf(ill), 'Went home ill');
    await trips.waitForHeadCount('18 of 20');
    await trips.confirmEveryone();
    expect(await trips.codeOf(displayNameOf(absent))).toBe('N');

    await trips.chooseSession(labels[2] ?? '');
    await trips.confirmEveryone();
    expect(await trips.codeOf(displayNameOf(ill))).toBe('I');

    await trips.chooseSession(labels[3] ?? '');
    await trips.confirmEveryone();
    await register.waitForWaiting(80);

    // The phone is put away: the page is closed, then opened again, still with no signal.
    const context = leader.context;
    await leader.page.close();
    const page = await context.newPage();
    reopened = { context, page, log: leader.log };
    page.on('console', (message) => leader?.log.push(`[${message.type()}] ${message.text()}`));
    await page.goto('/');
    await new PinPage(page).unlock(HANNAH.name, HANNAH.pin);
    const again = new RegisterPage(page);
    await again.waitUntilShown();
    await again.waitForOnline(false);
    await again.waitForWaiting(80);
    trips = new TripPage(page);
    await trips.open();
    await trips.waitForTrip(TRIP_NAME);
    await trips.chooseSession(labels[3] ?? '');
    await trips.waitForHeadCount('18 of 20');
    expect(await trips.codeOf(displayNameOf(absent))).toBe('N');
    expect(await trips.statusOf(displayNameOf(ill))).toBe('Went home ill. Not sent yet');

    // Back on the coach with a signal: everything is sent, once.
    await context.setOffline(false);
    await again.waitForOnline(true);
    await again.waitForWaiting(0, 60_000);

    const officeApi = await OfficeApi.signIn(e2e.server.origin);
    const byLeader = async () =>
      [...(await officeApi.eventsOn(first)), ...(await officeApi.eventsOn(day.date))].filter(
        (e) => e.tripId !== undefined && e.actor.staffId === hannah.id,
      );
    const events = await eventually(byLeader, (found) => found.length >= 80);
    expect(events).toHaveLength(80);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(80);
    expect(events.every((e) => e.status === 'applied' && e.actor.role === 'teacher')).toBe(true);

    const expected = (pupilId: string, index: number): string =>
      pupilId === absent.id ? 'N' : pupilId === ill.id && index >= 2 ? 'I' : 'V';
    for (const pupil of onTrip) {
      for (const date of [first, day.date]) {
        const { entries } = await officeApi.entriesOf(pupil.id, date);
        for (const part of ['AM', 'PM'] as const) {
          const index = sessions.findIndex((s) => s.date === date && s.part === part);
          const entry = entries.find((e) => e.session.part === part);
          // The entry's head: the last event that applied (a V confirming the office's V is the
          // head without being an amendment, as the value did not change).
          const head = entry?.events
            .filter((e) => e.status === 'applied')
            .sort((a, b) => a.serverSeq - b.serverSeq)
            .at(-1);
          expect({
            pupil: displayNameOf(pupil),
            session: labels[index],
            code: entry?.code,
            by: head?.by.staffId,
          }).toEqual({
            pupil: displayNameOf(pupil),
            session: labels[index],
            code: expected(pupil.id, index),
            by: hannah.id,
          });
        }
      }
    }

    // The office's chase list shows the pupil who did not come, for every session of the trip.
    const desk = new HttpBrowser();
    expectStatus(
      await desk.post(e2e.server.origin, ROUTES.signIn, {
        email: OFFICE_EMAIL,
        password: DEMO_PASSWORD,
      }),
      200,
      'office sign-in',
    );
    const chase = chaseResponseSchema.parse(
      expectStatus(
        await desk.get(e2e.server.origin, officeEndpoints.chase.path),
        200,
        'chase list',
      ),
    );
    const onTripSessions = (item: (typeof chase.items)[number]) =>
      sessions.some((s) => s.date === item.session.date && s.part === item.session.part);
    const chased = chase.items.filter((item) => item.pupilId === absent.id && onTripSessions(item));
    expect(
      chased.map((item) =>
        formatSession({ date: localDate(item.session.date), part: item.session.part }),
      ),
    ).toEqual(labels);
    expect(chase.items.some((item) => item.pupilId === ill.id && onTripSessions(item))).toBe(false);
  });
});
