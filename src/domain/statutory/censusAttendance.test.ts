import { describe, expect, it } from 'vitest';
import type { StatEntry } from '../stats/statEntry';
import { localDate } from '../time/localDate';
import {
  buildCensusModule,
  censusExclusionOf,
  censusFigures,
  type CensusPupil,
} from './censusAttendance';
import { censusCollection } from './censusPeriods';

const spring = censusCollection('spring', 2025);
const autumn = censusCollection('autumn', 2025);

const pupil = (patch: Partial<CensusPupil> = {}): CensusPupil => ({
  id: 'p1',
  upn: 'A123456789012',
  legalSurname: 'Lovelace',
  legalForename: 'Ada',
  dateOfBirth: localDate('2016-05-01'),
  onRollFrom: localDate('2021-09-01'),
  onRollTo: null,
  ...patch,
});

const e = (date: string, part: 'AM' | 'PM', code: string, pupilId = 'p1'): StatEntry => ({
  pupilId,
  date: localDate(date),
  part,
  code,
});

describe('one pupil’s census figures', () => {
  it('counts possible sessions, authorised and unauthorised absence and each reason', () => {
    const entries = [
      e('2025-09-08', 'AM', '/'),
      e('2025-09-08', 'PM', '\\'),
      e('2025-09-09', 'AM', 'I'),
      e('2025-09-09', 'PM', 'I'),
      e('2025-09-10', 'AM', 'O'),
      e('2025-09-10', 'PM', 'L'),
      e('2025-09-11', 'AM', 'V'),
      e('2025-09-11', 'PM', '#'),
      e('2025-09-12', 'AM', 'N'),
      e('2025-09-12', 'PM', 'M'),
      e('2026-01-05', 'AM', 'G'),
    ];
    const [term] = spring.periods;
    if (term === undefined) throw new Error('the spring census collects one period');
    expect(censusFigures(entries, term)).toEqual({
      part: 'termly',
      possible: 9,
      authorised: 3,
      unauthorised: 2,
      reasons: [
        { code: 'I', sessions: 2 },
        { code: 'M', sessions: 1 },
        { code: 'N', sessions: 1 },
        { code: 'O', sessions: 1 },
      ],
      noReasonYet: 1,
    });
  });

  it('splits the autumn census into the summer term’s two halves', () => {
    const entries = [
      e('2025-05-23', 'AM', 'I'),
      e('2025-05-27', 'AM', 'G'),
      e('2025-05-27', 'PM', '/'),
    ];
    const [first, second] = autumn.periods.map((p) => censusFigures(entries, p));
    expect(first).toMatchObject({ possible: 1, authorised: 1, unauthorised: 0 });
    expect(second).toMatchObject({ possible: 2, authorised: 0, unauthorised: 1 });
  });
});

describe('who the census collects attendance for (aged 5 to 15 on the age date)', () => {
  it.each([
    ['2020-09-01', 'under-5'],
    ['2020-08-31', null],
    ['2010-09-01', null],
    ['2009-08-31', 'over-15'],
    ['2009-09-01', null],
  ] as const)('born %s: %s', (dob, expected) => {
    expect(censusExclusionOf({ dateOfBirth: localDate(dob) }, spring)).toBe(expected);
  });
});

describe('the module and its checks', () => {
  const build = (pupils: CensusPupil[], entries: StatEntry[], openSessions = [200]) =>
    buildCensusModule({
      collection: spring,
      pupils,
      entriesByPupil: new Map([['p1', entries]]),
      openSessions,
    });

  it('keeps pupils on roll during the term, marks leavers and leaves out the wrong ages', () => {
    const m = build(
      [
        pupil(),
        pupil({ id: 'left', onRollTo: localDate('2025-10-31') }),
        pupil({ id: 'before', onRollTo: localDate('2025-07-20') }),
        pupil({ id: 'young', dateOfBirth: localDate('2021-01-01') }),
      ],
      [e('2025-09-08', 'AM', '/')],
    );
    expect(m.pupils.map((p) => [p.pupil.id, p.onRollOnCensusDay])).toEqual([
      ['left', false],
      ['p1', true],
    ]);
    expect(m.excluded.map((x) => [x.pupil.id, x.reason])).toEqual([['young', 'under-5']]);
  });

  it.each([
    ['no UPN', pupil({ upn: null }), [e('2025-09-08', 'AM', '/')], [200], 'TM-C1', 'error'],
    ['a bad UPN', pupil({ upn: 'a12' }), [e('2025-09-08', 'AM', '/')], [200], 'TM-C1', 'error'],
    [
      'more possible sessions than the school was open',
      pupil(),
      [e('2025-09-08', 'AM', '/'), e('2025-09-08', 'PM', '/')],
      [1],
      'TM-C5',
      'error',
    ],
    ['an N still open', pupil(), [e('2025-09-08', 'AM', 'N')], [200], 'TM-C6', 'query'],
    ['no possible session', pupil(), [e('2025-09-08', 'AM', '#')], [200], 'TM-C7', 'query'],
  ] as const)('%s', (_what, p, entries, open, rule, severity) => {
    const m = build([p], [...entries], [...open]);
    expect(m.issues.map((i) => [i.rule, i.severity])).toEqual([[rule, severity]]);
    expect(m.issues[0]?.message).toContain('Ada Lovelace');
  });

  it('finds nothing wrong in a clean term', () => {
    expect(
      build([pupil()], [e('2025-09-08', 'AM', '/'), e('2025-09-08', 'PM', 'I')]).issues,
    ).toEqual([]);
  });
});
