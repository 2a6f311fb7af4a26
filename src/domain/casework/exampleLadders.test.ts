import { describe, expect, it } from 'vitest';
import { openSessionsBetween } from '../calendar/schoolCalendar';
import { testSchool } from '../calendar/testSchool.fixture';
import type { StatEntry } from '../stats/statEntry';
import { localDate } from '../time/localDate';
import type { LocalDate } from '../time/localDate';
import { DAYS_ABSENT_LADDER, RATE_LADDER, STAGES_LADDER, TARGET_LADDER } from './exampleLadders';
import type { Ladder, LadderHistoryItem } from './ladder';
import { parseLadder, proposeActions, pupilSignals } from './ladder';

const school = testSchool();

/** The pupil's register from `from` to `to`: `/` unless `codeOn` says otherwise. */
function register(
  from: string,
  to: string,
  codeOn: (date: LocalDate, part: 'AM' | 'PM') => string | undefined,
): StatEntry[] {
  return openSessionsBetween(school, localDate(from), localDate(to)).map((s) => ({
    pupilId: 'p1',
    date: s.date,
    part: s.part,
    code: codeOn(s.date, s.part) ?? '/',
  }));
}

/**
 * Walks the pupil through the ladder day by day: each school day the alerts are read, the ladder
 * proposes, and the attendance lead accepts every proposal (recording it done that day, with the
 * attendance then). Returns what was proposed and done, as "date stage".
 */
function walk(ladder: Ladder, entries: readonly StatEntry[], from: string, to: string): string[] {
  const history: LadderHistoryItem[] = [];
  const log: string[] = [];
  const days = [...new Set(entries.map((e) => e.date))].filter(
    (d) => d >= localDate(from) && d <= localDate(to),
  );
  for (const day of days.sort()) {
    const signals = pupilSignals(entries, school, day, localDate('2024-09-02'));
    // A person decides each proposal; accepting one may make the next proposable (a letter that
    // follows a call), so the lead looks again until nothing new is proposed.
    for (;;) {
      const proposals = proposeActions(ladder, signals, history);
      if (proposals.length === 0) break;
      for (const p of proposals) {
        log.push(`${day} ${p.stageId}`);
        history.push({
          stageId: p.stageId,
          doneOn: day,
          attendedThen: signals.attended,
          possibleThen: signals.possible,
        });
      }
    }
  }
  return log;
}

function ladderOf(input: unknown): Ladder {
  const parsed = parseLadder(input);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.value;
}

describe('the example ladders, walked through', () => {
  it('days of absence: call on day 1, letter on day 3, referral on day 5, meeting on day 10, reintegration on return', () => {
    // Unexplained (`N`) for the two weeks from Monday 16 September, back on the 30th.
    const entries = register('2024-09-02', '2024-10-04', (d) =>
      d >= '2024-09-16' && d <= '2024-09-27' ? 'N' : undefined,
    );
    expect(walk(ladderOf(DAYS_ABSENT_LADDER), entries, '2024-09-02', '2024-10-04')).toEqual([
      '2024-09-16 first-day-call',
      '2024-09-18 day-3-letter',
      '2024-09-20 day-5-referral',
      '2024-09-27 day-10-meeting',
      '2024-09-30 reintegration-plan',
    ]);
  });

  it('rate: letter at 93 %, support meeting when no better in 4 weeks, review and formal meetings below 90 %', () => {
    const absent = [
      '2024-09-30',
      '2024-10-07',
      '2024-10-14',
      '2024-10-21',
      '2024-11-11',
      '2024-11-18',
    ];
    const entries = register('2024-09-02', '2024-12-20', (d) =>
      absent.includes(d) ? 'I' : undefined,
    );
    expect(walk(ladderOf(RATE_LADDER), entries, '2024-09-02', '2024-12-20')).toEqual([
      '2024-10-07 letter-93', // 48 of 52 sessions: 92.3 %
      '2024-10-21 review-meeting', // 64 of 72: 88.9 %
      '2024-11-04 support-meeting', // four weeks after the letter, 90.2 %: no better
      '2024-11-18 formal-meeting', // four weeks after the review meeting, still below it
    ]);
  });

  it('stages: stage letters, call, interview, notice to improve and penalty notice; lateness beside them', () => {
    const entries = register('2024-09-02', '2024-12-20', (d) => {
      const weekday = new Date(`${d}T12:00:00Z`).getUTCDay();
      if (d >= '2024-09-16' && weekday === 1) return 'O';
      if (d >= '2024-09-17' && weekday === 2) return 'L';
      return undefined;
    });
    const log = walk(ladderOf(STAGES_LADDER), entries, '2024-09-02', '2024-12-20');
    expect(log).toEqual([
      '2024-09-16 stage-1-letter',
      '2024-09-24 lateness-letter', // the 4th late (two Tuesdays, both sessions)
      '2024-10-01 lateness-meeting', // 6 lates within 12 school weeks
      '2024-10-14 stage-2-call',
      '2024-10-14 stage-2-letter', // follows the call once it is done
      '2024-11-11 stage-3-interview',
      '2024-11-11 stage-3-letter',
      '2024-11-11 notice-to-improve', // the penalty threshold (10 × O) was met on 14 October
      '2024-12-09 penalty-notice', // four weeks on, no better
    ]);
    // The contracts are manual: never proposed, added by a person when right.
    expect(log.join()).not.toMatch(/contract/);
  });

  it('target: letter below 96 %, meeting with the lead, attendance contract', () => {
    const absent = [
      '2024-09-16',
      '2024-09-30',
      '2024-10-14',
      '2024-10-21',
      '2024-10-22',
      '2024-10-23',
    ];
    const entries = register('2024-09-02', '2024-12-20', (d) =>
      absent.includes(d) ? 'I' : undefined,
    );
    expect(walk(ladderOf(TARGET_LADDER), entries, '2024-09-02', '2024-12-20')).toEqual([
      '2024-09-16 letter-96', // 20 of 22: 90.9 %
      '2024-09-30 lead-meeting', // two weeks on, 90.5 %: no better
      '2024-11-04 attendance-contract', // four weeks after the meeting, 85.4 %
    ]);
  });
});

describe('proposals: triggers propose, a person decides', () => {
  const ladder = ladderOf(TARGET_LADDER);
  const entries = register('2024-09-02', '2024-09-30', (d) =>
    d === '2024-09-16' || d === '2024-09-30' ? 'I' : undefined,
  );
  const signals = pupilSignals(entries, school, localDate('2024-09-30'));

  it('keeps proposing a stage nobody has decided on, with its reason and due day', () => {
    const proposals = proposeActions(ladder, signals, []);
    expect(proposals).toEqual([
      {
        stageId: 'letter-96',
        stageName: 'Letter: attendance below 96 %',
        kind: 'letter',
        letter: 'below-target',
        reason: 'Attendance is 90.5 %, below 96 %.',
        dueOn: '2024-09-30',
        reviewInDays: null,
      },
    ]);
    expect(proposeActions(ladder, signals, [])).toEqual(proposals);
  });

  it('proposes a stage once: declined (in the case, never done) it is not proposed again and its followers wait', () => {
    const declined = [
      { stageId: 'letter-96', doneOn: null, attendedThen: null, possibleThen: null },
    ];
    expect(proposeActions(ladder, signals, declined)).toEqual([]);
  });

  it('measures "not improved" in whole numbers: the same rate is no better', () => {
    const letter = {
      stageId: 'letter-96',
      doneOn: localDate('2024-09-16'),
      attendedThen: signals.attended,
      possibleThen: signals.possible,
    };
    const done = [letter];
    expect(proposeActions(ladder, signals, done).map((p) => p.stageId)).toEqual(['lead-meeting']);
    const better = [{ ...letter, attendedThen: signals.attended - 1 }];
    expect(proposeActions(ladder, signals, better)).toEqual([]);
  });
});

describe('parseLadder', () => {
  const stage = {
    id: 's1',
    name: 'One',
    trigger: { kind: 'persistent' },
    action: { kind: 'call' },
  };
  it.each<[string, unknown, RegExp]>([
    ['two stages with one id', { name: 'L', stages: [stage, stage] }, /Two stages are called "s1"/],
    [
      'after a stage below',
      { name: 'L', stages: [{ ...stage, after: 's2' }] },
      /not an earlier stage/,
    ],
    [
      'not_improved without after',
      { name: 'L', stages: [{ ...stage, trigger: { kind: 'not_improved', weeks: 4 } }] },
      /needs "after"/,
    ],
    [
      'a letter without its template',
      { name: 'L', stages: [{ ...stage, action: { kind: 'letter' } }] },
      /names its letter template/,
    ],
    [
      'a rate over 100',
      { name: 'L', stages: [{ ...stage, trigger: { kind: 'attendance_below', percent: 120 } }] },
      /stages\.0\.trigger\.percent/,
    ],
    ['no stage', { name: 'L', stages: [] }, /stages/],
  ])('refuses %s', (_why, input, message) => {
    const parsed = parseLadder(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.join('\n')).toMatch(message);
  });

  it('accepts each example', () => {
    for (const example of [DAYS_ABSENT_LADDER, RATE_LADDER, STAGES_LADDER, TARGET_LADDER]) {
      expect(parseLadder(example).ok).toBe(true);
    }
  });
});
