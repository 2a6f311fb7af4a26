/**
 * online, a teacher signs in, takes a full register, and the office
 * server holds every mark exactly once.
 */
import { describe, expect, it } from 'vitest';
import { openTablet, type Tablet } from './support/browser';
import { HANNAH, signInAndChoosePin } from './support/flows';
import { eventually, OfficeApi } from './support/officeApi';
import { e2eSchoolDay } from './support/provided';
import {
  at,
  displayNameOf,
  largestGroup,
  pupilsOf,
  staffByEmail,
  timesOf,
} from './support/schoolDay';
import { e2eFile } from './support/e2eFile';

const day = e2eSchoolDay();
let tablet: Tablet | undefined;
const e2e = e2eFile(() => [tablet]);

describe('online', () => {
  it('takes a full register of the largest class and the server holds every mark once', async () => {
    const group = largestGroup(day);
    const pupils = pupilsOf(day, group);
    // The register of 30: the demo's Year 6 class.
    expect(pupils).toHaveLength(30);
    const times = timesOf(day, group, 'AM');
    // Five minutes before the morning register starts: the clock picks the morning's register.
    tablet = await openTablet(e2e.browser, e2e.server.origin, { time: at(day, times.start - 5) });
    const register = await signInAndChoosePin(tablet, HANNAH);
    // Hannah's own class is the Nursery; any teacher may take any class's register.
    await register.chooseGroup(group.name);
    expect(await register.title()).toMatch(/, morning$/);

    const names = await register.pupilNames();
    expect(names).toEqual(pupils.map(displayNameOf));
    expect(await register.countText()).toBe(`${pupils.length} of ${pupils.length} still to mark`);

    const started = Date.now();
    // Most pupils tapped one by one, one absent, and the rest marked present in one go.
    const tapped = names.slice(0, -4);
    for (const name of tapped) await register.tap(name);
    const absent = names.at(-4) ?? '';
    await register.markAbsent(absent);
    await register.markRestPresent();
    console.log(`register of ${names.length} taken in ${Date.now() - started} ms`);
    expect(await register.countText()).toBe(`All ${pupils.length} marked`);
    for (const name of names) await register.waitForCode(name, name === absent ? 'N' : '/');
    await register.waitForWaiting(0);
    await register.waitUntilSent(absent);
    expect(await register.statusOf(absent)).toBe('');

    const office = await OfficeApi.signIn(e2e.server.origin);
    const events = await eventually(
      () => office.eventsOn(day.date),
      (found) => found.length >= pupils.length,
    );
    expect(events).toHaveLength(pupils.length);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(pupils.length);
    expect(new Set(events.map((e) => e.pupilId))).toEqual(new Set(pupils.map((p) => p.id)));
    const absentId = pupils.find((p) => displayNameOf(p) === absent)?.id;
    for (const event of events) {
      expect(event).toMatchObject({
        session: { date: day.date, part: 'AM' },
        code: event.pupilId === absentId ? 'N' : '/',
        status: 'applied',
        baseEventId: null,
        actor: { staffId: staffByEmail(day, HANNAH.email).id, role: 'teacher' },
      });
    }
    // The office's view of one pupil: one entry, one event, no amendment.
    const history = await office.entriesOf(absentId ?? '', day.date);
    expect(history.entries).toHaveLength(1);
    expect(history.entries[0]).toMatchObject({ code: 'N', needsReview: false, amendments: [] });
    expect(history.entries[0]?.events).toHaveLength(1);
  });
});
