import { describe, expect, it } from 'vitest';
import { CODES_2006, CODES_2024, type CodeCategory } from '../codes/attendanceCodes';
import { localDate } from '../time/localDate';
import { rollCall, whereaboutsOfCode, type RollCallInput, type Whereabouts } from './rollCall';

const SESSION = { date: localDate('2025-03-04'), part: 'AM' as const };
const OLD_SESSION = { date: localDate('2023-03-07'), part: 'AM' as const };
const AT = '2025-03-04T10:30:00.000Z';

function input(overrides: Partial<RollCallInput> = {}): RollCallInput {
  return {
    session: SESSION,
    at: AT,
    pupils: [
      { id: 'p1', name: 'Adams, Ada', groupId: 'g1', groupName: 'Foxes' },
      { id: 'p2', name: 'Brown, Ben', groupId: 'g1', groupName: 'Foxes' },
      { id: 'p3', name: 'Cole, Cai', groupId: 'g2', groupName: 'Owls' },
    ],
    entries: [],
    signOuts: [],
    ...overrides,
  };
}

function lineOf(result: ReturnType<typeof rollCall>, pupilId: string) {
  const line = result.groups.flatMap((g) => g.lines).find((l) => l.pupilId === pupilId);
  if (line === undefined) throw new Error(`no line for ${pupilId}`);
  return line;
}

// What each category means for where the pupil is; N and U are decided by their own meaning.
const EXPECTED: Readonly<Record<CodeCategory, Whereabouts>> = {
  PRESENT: 'on_site',
  AEA: 'off_site',
  AUTH: 'off_site',
  UNAUTH: 'off_site',
  NOT_POSSIBLE: 'off_site',
  NOT_ABSENT_BUT_POSSIBLE: 'off_site',
};

describe('whereaboutsOfCode', () => {
  it.each(CODES_2024.filter((c) => c.code !== 'N' && c.code !== 'U'))(
    'puts 2024 code $code ($category) where its category says',
    ({ code, category }) => {
      expect(whereaboutsOfCode(code, SESSION).whereabouts).toBe(EXPECTED[category]);
    },
  );

  it.each(CODES_2006.filter((c) => c.code !== 'N' && c.code !== 'U'))(
    'puts 2006 code $code ($category) where its category says, for an old session',
    ({ code, category }) => {
      expect(whereaboutsOfCode(code, OLD_SESSION).whereabouts).toBe(EXPECTED[category]);
    },
  );

  it('covers every category of both code sets', () => {
    const seen = new Set([...CODES_2024, ...CODES_2006].map((c) => c.category));
    expect([...seen].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('counts present and late pupils on site', () => {
    expect(whereaboutsOfCode('/', SESSION)).toEqual({ whereabouts: 'on_site', basis: 'present' });
    expect(whereaboutsOfCode('\\', SESSION)).toEqual({ whereabouts: 'on_site', basis: 'present' });
    expect(whereaboutsOfCode('L', SESSION)).toEqual({ whereabouts: 'on_site', basis: 'present' });
  });

  it('counts U on site: the pupil arrived after the register closed', () => {
    expect(whereaboutsOfCode('U', SESSION)).toEqual({
      whereabouts: 'on_site',
      basis: 'arrived_after_close',
    });
  });

  it('puts educational activity off site with its own basis', () => {
    for (const code of ['B', 'K', 'P', 'V', 'W']) {
      expect(whereaboutsOfCode(code, SESSION)).toEqual({
        whereabouts: 'off_site',
        basis: 'educational_activity',
      });
    }
  });

  it('tells absence from not required', () => {
    expect(whereaboutsOfCode('I', SESSION).basis).toBe('absent');
    expect(whereaboutsOfCode('G', SESSION).basis).toBe('absent');
    expect(whereaboutsOfCode('#', SESSION).basis).toBe('not_required');
    expect(whereaboutsOfCode('Y4', SESSION).basis).toBe('not_required');
    expect(whereaboutsOfCode('X-COVID', OLD_SESSION).basis).toBe('not_required');
  });

  it('leaves N, no mark and an unknown code to be checked by eye', () => {
    expect(whereaboutsOfCode('N', SESSION)).toEqual({
      whereabouts: 'unknown',
      basis: 'reason_not_established',
    });
    expect(whereaboutsOfCode(null, SESSION)).toEqual({ whereabouts: 'unknown', basis: 'no_mark' });
    expect(whereaboutsOfCode('QQ', SESSION)).toEqual({
      whereabouts: 'unknown',
      basis: 'unrecognised_code',
    });
    // H was withdrawn in 2024: for a new session it is not a code the rules know.
    expect(whereaboutsOfCode('H', SESSION).whereabouts).toBe('unknown');
  });
});

describe('rollCall', () => {
  it('groups pupils in the order given and counts each group and the whole school', () => {
    const result = rollCall(
      input({
        entries: [
          { pupilId: 'p1', code: '/' },
          { pupilId: 'p2', code: 'I' },
        ],
      }),
    );
    expect(result.groups.map((g) => g.groupName)).toEqual(['Foxes', 'Owls']);
    expect(result.groups[0]?.lines.map((l) => l.pupilId)).toEqual(['p1', 'p2']);
    expect(result.groups[0]?.counts).toEqual({ onSite: 1, offSite: 1, signedOut: 0, unknown: 0 });
    expect(result.groups[1]?.counts).toEqual({ onSite: 0, offSite: 0, signedOut: 0, unknown: 1 });
    expect(result.totals).toEqual({ onSite: 1, offSite: 1, signedOut: 0, unknown: 1 });
  });

  it('takes a pupil who signed out and has not come back off the count', () => {
    const result = rollCall(
      input({
        entries: [{ pupilId: 'p1', code: 'L', arrivedAt: '2025-03-04T09:00:00.000Z' }],
        signOuts: [{ pupilId: 'p1', at: '2025-03-04T10:00:00.000Z', returnedAt: null }],
      }),
    );
    const line = lineOf(result, 'p1');
    expect(line).toMatchObject({
      whereabouts: 'signed_out',
      basis: 'signed_out',
      code: 'L',
      arrivedAt: '2025-03-04T09:00:00.000Z',
      signedOutAt: '2025-03-04T10:00:00.000Z',
    });
    expect(result.totals.signedOut).toBe(1);
    expect(result.totals.onSite).toBe(0);
  });

  it('counts a pupil who came back on site again', () => {
    const result = rollCall(
      input({
        entries: [{ pupilId: 'p1', code: '/' }],
        signOuts: [
          {
            pupilId: 'p1',
            at: '2025-03-04T09:30:00.000Z',
            returnedAt: '2025-03-04T10:15:00.000Z',
          },
        ],
      }),
    );
    expect(lineOf(result, 'p1')).toMatchObject({ whereabouts: 'on_site', signedOutAt: null });
  });

  it('judges a sign-out at the roll call moment: not yet left, or back only later', () => {
    const later = { pupilId: 'p1', at: '2025-03-04T11:00:00.000Z', returnedAt: null };
    const backLater = {
      pupilId: 'p2',
      at: '2025-03-04T10:00:00.000Z',
      returnedAt: '2025-03-04T11:00:00.000Z',
    };
    const result = rollCall(
      input({
        entries: [
          { pupilId: 'p1', code: '/' },
          { pupilId: 'p2', code: '/' },
        ],
        signOuts: [later, backLater],
      }),
    );
    expect(lineOf(result, 'p1').whereabouts).toBe('on_site');
    expect(lineOf(result, 'p2').whereabouts).toBe('signed_out');
  });

  it('takes a signed-out pupil with N or no mark off the list to check: they were seen leaving', () => {
    const result = rollCall(
      input({
        entries: [{ pupilId: 'p1', code: 'N' }],
        signOuts: [
          { pupilId: 'p1', at: '2025-03-04T10:00:00.000Z', returnedAt: null },
          { pupilId: 'p3', at: '2025-03-04T10:00:00.000Z', returnedAt: null },
        ],
      }),
    );
    expect(lineOf(result, 'p1').whereabouts).toBe('signed_out');
    expect(lineOf(result, 'p3').whereabouts).toBe('signed_out');
    expect(lineOf(result, 'p2').whereabouts).toBe('unknown');
  });

  it('keeps a pupil the register puts off site off site, signed out or not', () => {
    const result = rollCall(
      input({
        entries: [{ pupilId: 'p1', code: 'M' }],
        signOuts: [{ pupilId: 'p1', at: '2025-03-04T10:00:00.000Z', returnedAt: null }],
      }),
    );
    expect(lineOf(result, 'p1')).toMatchObject({
      whereabouts: 'off_site',
      basis: 'absent',
      signedOutAt: null,
    });
  });

  it('refuses a roll call time that is not an instant', () => {
    expect(() => rollCall(input({ at: 'ten past ten' }))).toThrow(RangeError);
  });
});
