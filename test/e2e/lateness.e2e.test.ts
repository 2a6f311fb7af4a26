/**
 * With the tablet's clock at the register's start + 10 minutes, a late
 * arrival is `L` with 10 minutes, shown on the tablet and stored so on the server; at the moment
 * the register closes it is `U`; an arrival time typed ahead of the clock is refused with a plain
 * message and records nothing. The clock is Playwright's: no test waits for real minutes.
 */
import { describe, expect, it } from 'vitest';
import { formatWallTime, type WallTime } from '../../src/domain';
import { openTablet, setTabletTime, type Tablet } from './support/browser';
import { HANNAH, signInAndChoosePin } from './support/flows';
import { eventually, OfficeApi } from './support/officeApi';
import { e2eSchoolDay } from './support/provided';
import { at, displayNameOf, groupOf, timesOf, uniquelyNamed } from './support/schoolDay';
import { e2eFile } from './support/e2eFile';

const day = e2eSchoolDay();
let tablet: Tablet | undefined;
let ahead: Tablet | undefined;
const e2e = e2eFile(() => [tablet, ahead]);

describe('lateness', () => {
  it('gives L with the minutes after the start, and U from the moment the register closes', async () => {
    const nursery = groupOf(day, 'N2');
    const times = timesOf(day, nursery, 'AM');
    const [early, late] = uniquelyNamed(day, nursery);
    if (early === undefined || late === undefined)
      throw new Error('The Nursery has too few pupils.');
    const lateMinutes = times.registerCloses - times.start;

    tablet = await openTablet(e2e.browser, e2e.server.origin, { time: at(day, times.start - 10) });
    const register = await signInAndChoosePin(tablet, HANNAH);
    await register.waitUntilShown(nursery.name);

    // Ten minutes after the register starts, a child arrives.
    const tenPast = at(day, times.start + 10);
    await setTabletTime(tablet, tenPast);
    expect(await register.startLate(displayNameOf(early))).toBe('L — 10 minutes late');
    expect(await register.arrivalTime()).toBe(formatWallTime((times.start + 10) as WallTime));
    await register.recordLate();
    await register.waitForCode(displayNameOf(early), 'L');
    expect(await register.statusOf(displayNameOf(early))).toMatch(/^10 minutes late/);

    // At the minute the register closes, another: unauthorised late, U.
    const closing = at(day, times.registerCloses);
    await setTabletTime(tablet, closing);
    expect(await register.startLate(displayNameOf(late))).toBe(
      `U — after the register closed (${lateMinutes} minutes late)`,
    );
    expect(await register.arrivalTime()).toBe(formatWallTime(times.registerCloses));
    await register.recordLate();
    await register.waitForCode(displayNameOf(late), 'U');
    expect(await register.statusOf(displayNameOf(late))).toMatch(
      new RegExp(`^${lateMinutes} minutes late`),
    );
    await register.waitForWaiting(0);

    const office = await OfficeApi.signIn(e2e.server.origin);
    const events = await eventually(
      () => office.eventsOn(day.date),
      (found) => found.length >= 2,
    );
    expect(
      events
        .map((e) => ({
          pupilId: e.pupilId,
          code: e.code,
          minutesLate: e.minutesLate,
          arrivedAt: e.arrivedAt,
          status: e.status,
        }))
        .sort((a, b) => a.code.localeCompare(b.code)),
    ).toEqual([
      {
        pupilId: early.id,
        code: 'L',
        minutesLate: 10,
        arrivedAt: tenPast.toISOString(),
        status: 'applied',
      },
      {
        pupilId: late.id,
        code: 'U',
        minutesLate: lateMinutes,
        arrivedAt: closing.toISOString(),
        status: 'applied',
      },
    ]);
  });

  it('refuses an arrival time later than the tablet’s clock, in plain words, and records nothing', async () => {
    const nursery = groupOf(day, 'N2');
    const times = timesOf(day, nursery, 'AM');
    const pupil = uniquelyNamed(day, nursery)[2];
    if (pupil === undefined) throw new Error('The Nursery has too few pupils.');
    const name = displayNameOf(pupil);

    ahead = await openTablet(e2e.browser, e2e.server.origin, { time: at(day, times.start + 10) });
    const register = await signInAndChoosePin(ahead, HANNAH);
    await register.waitUntilShown(nursery.name);

    // Ten minutes after the start, the teacher types an arrival twenty minutes from now.
    const typed = formatWallTime((times.start + 30) as WallTime);
    const now = formatWallTime((times.start + 10) as WallTime);
    expect(await register.startLate(name, typed)).toMatch(
      new RegExp(
        `^An arrival at ${typed} has not happened yet \\(it is ${now} on [^)]+\\)\\. Enter the time the pupil arrived\\.$`,
      ),
    );
    expect(await register.canRecordLate()).toBe(false);

    await register.closeSheet();
    expect(await register.codeOf(name)).toBe('');
    expect(await register.waitingText()).toBe('All marks sent');
  });
});
