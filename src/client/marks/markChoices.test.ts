import { describe, expect, it } from 'vitest';
import { localDate, parseSchoolConfig, type SchoolConfig } from '../../domain/index';
import { SCHOOL_CONFIG } from '../ui/screens.fixture';
import { markProblems, readArrival, type ProposedMark } from './markChoices';

function school(patch: Record<string, unknown> = {}): SchoolConfig {
  const parsed = parseSchoolConfig({ ...SCHOOL_CONFIG, ...patch });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

const GROUP = { id: '00000000-0000-4000-8000-00000000b001', yearGroup: '3' as const };
const AM = { date: localDate('2025-09-08'), part: 'AM' as const };
const PM = { date: localDate('2025-09-08'), part: 'PM' as const };
/** The end of that school day: every arrival in the table has happened. */
const EVENING = Date.parse('2025-09-08T17:00:00Z');

describe('readArrival', () => {
  it.each([
    ['08:40', AM, '/ — on time', null],
    ['08:45', AM, '/ — on time', null],
    ['08:46', AM, 'L — 1 minute late', '2025-09-08T07:46:00.000Z'],
    ['08:55', AM, 'L — 10 minutes late', '2025-09-08T07:55:00.000Z'],
    ['09:14', AM, 'L — 29 minutes late', '2025-09-08T08:14:00.000Z'],
    ['09:15', AM, 'U — after the register closed (30 minutes late)', '2025-09-08T08:15:00.000Z'],
    ['10:30', AM, 'U — after the register closed (105 minutes late)', '2025-09-08T09:30:00.000Z'],
    ['13:00', PM, '\\ — on time', null],
    ['13:10', PM, 'L — 10 minutes late', '2025-09-08T12:10:00.000Z'],
  ])('%s for %j → %s', (time, session, summary, arrivedAt) => {
    const reading = readArrival(school(), GROUP, session, time, EVENING);
    expect(reading).toMatchObject({ ok: true, summary });
    if (reading.ok && arrivedAt !== null) expect(reading.arrivedAt).toBe(arrivedAt);
  });

  it.each([
    ['', 'Enter the arrival time as HH:MM, e.g. 08:55.'],
    ['25:00', 'Enter the arrival time as HH:MM, e.g. 08:55.'],
  ])('refuses %j', (time, message) => {
    expect(readArrival(school(), GROUP, AM, time, EVENING)).toEqual({ ok: false, message });
  });

  it('needs a known year group to find the times', () => {
    expect(readArrival(school(), null, AM, '08:55', EVENING).ok).toBe(false);
  });

  it('refuses an arrival time that has not happened yet (typed 09:25 at 08:46)', () => {
    const now = Date.parse('2025-09-08T07:46:00Z');
    expect(readArrival(school(), GROUP, AM, '09:25', now)).toEqual({
      ok: false,
      message:
        'An arrival at 09:25 has not happened yet (it is 08:46 on 8 September 2025). Enter the time the pupil arrived.',
    });
    // Within the two-minute clock tolerance it is accepted.
    expect(readArrival(school(), GROUP, AM, '08:48', now)).toMatchObject({ ok: true });
  });
});

describe('markProblems', () => {
  const actor = {
    staffId: '00000000-0000-4000-8000-00000000a001',
    name: 'Ms Teacher',
    role: 'teacher' as const,
  };
  const present: ProposedMark = { code: '/', minutesLate: null, arrivedAt: null, reason: null };
  const base = {
    school: school(),
    actor,
    pupilId: '00000000-0000-4000-8000-00000000c001',
    session: AM,
    mark: present,
  };
  const headN = {
    code: 'N',
    minutesLate: null,
    headEventId: '00000000-0000-4000-8000-0000000f0001',
    headRole: 'teacher' as const,
  };
  const none = { code: null, minutesLate: null, headEventId: null, headRole: null };

  it.each([
    ['a first mark, register open', none, false, present, []],
    ['a first mark after the close', none, true, present, []],
    ['a change while open', headN, false, present, []],
    ['a change after the close without a reason', headN, true, present, ['reason_required']],
    [
      'a change after the close with a reason',
      headN,
      true,
      { ...present, reason: 'Came in late' },
      [],
    ],
    [
      'a reason of spaces is no reason',
      headN,
      true,
      { ...present, reason: '   ' },
      ['reason_required'],
    ],
    ['the same code again needs no reason', { ...headN, code: '/' }, true, present, []],
    [
      'a code the role may not enter',
      none,
      false,
      { ...present, code: 'M' },
      ['code_not_allowed_for_role'],
    ],
  ])('%s', (_why, shown, registerClosed, mark, codes) => {
    const found = markProblems({ ...base, shown, registerClosed, mark });
    expect(found.map((p) => p.code)).toEqual(codes);
  });
});
