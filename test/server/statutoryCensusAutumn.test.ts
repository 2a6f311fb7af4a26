/**
 * The autumn census on a small school: the summer term's two halves returned apart, a leaver under
 * "no longer on roll", and the pre-submission checks on real rows (no UPN, no possible session).
 */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localDate } from '../../src/domain/index';
import { censusResponseSchema, type CensusResponse } from '../../src/shared/api/statutorySchemas';
import { createTestApp, TestClient } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { insertEntries } from './reportsFixtures';
import { createSyncSchool, morningClock, type SyncSchool } from './syncFixtures';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let t: TestDatabase;
let school: SyncSchool;
let lead: TestClient;

beforeAll(async () => {
  t = await openTestDatabase();
  school = await createSyncSchool(t.db, {
    groups: [{ name: 'Year 3', yearGroup: '3', pupils: 3 }],
  });
  const { app } = createTestApp(t.db, { clock: morningClock('2025-10-06T09:00:00Z') });
  lead = new TestClient(app);
  await lead.signIn(school.member('lead'));
  await t.db.query(`UPDATE pupil SET upn = 'A123456789012' WHERE id = $1`, [school.pupil(0)]);
  await t.db.query(
    `UPDATE pupil SET upn = 'B123456789012', on_roll_to = '2025-06-30' WHERE id = $1`,
    [school.pupil(1)],
  );
  const entry = (i: number, date: string, part: 'AM' | 'PM', code: string) => ({
    pupilId: school.pupil(i),
    date: localDate(date),
    part,
    code,
  });
  await insertEntries(t.db, school.id, school.member('office').id, [
    entry(0, '2025-05-12', 'AM', 'I'),
    entry(0, '2025-05-12', 'PM', '/'),
    entry(0, '2025-06-09', 'AM', 'O'),
    entry(0, '2025-06-09', 'PM', '/'),
    entry(1, '2025-06-10', 'AM', '/'),
    entry(1, '2025-06-10', 'PM', 'N'),
  ]);
});
afterAll(() => t.close());

describe('the autumn census', () => {
  it('returns the summer term’s halves apart, with the checks on each pupil', async () => {
    const res = await lead.get('/api/statutory/census?term=autumn&year=2025');
    const census: CensusResponse = censusResponseSchema.parse(await res.json());
    expect(census.periods.map((p) => [p.part, p.from, p.to])).toEqual([
      ['termly', '2025-04-21', '2025-05-25'],
      ['summerHalfTerm2', '2025-05-26', '2025-07-31'],
    ]);
    const ada = census.pupils.find((p) => p.pupilId === school.pupil(0));
    expect(ada?.periods).toEqual([
      {
        part: 'termly',
        possible: 2,
        authorised: 1,
        unauthorised: 0,
        reasons: [{ code: 'I', sessions: 1 }],
        noReasonYet: 0,
      },
      {
        part: 'summerHalfTerm2',
        possible: 2,
        authorised: 0,
        unauthorised: 1,
        reasons: [{ code: 'O', sessions: 1 }],
        noReasonYet: 0,
      },
    ]);
    expect(census.pupils.find((p) => p.pupilId === school.pupil(1))?.onRollOnCensusDay).toBe(false);
    const rules = (pupilId: string) =>
      census.issues
        .filter((i) => i.pupilId === pupilId)
        .map((i) => i.rule)
        .sort();
    expect(rules(school.pupil(0))).toEqual([]);
    expect(rules(school.pupil(1))).toEqual(['TM-C6']);
    expect(rules(school.pupil(2))).toEqual(['TM-C1', 'TM-C7']);
  });

  it('writes the leaver under pupils no longer on roll, and the second half apart', async () => {
    const res = await lead.get('/api/statutory/census.xml?term=autumn&year=2025');
    expect(res.status).toBe(200);
    const xml = new XMLParser({
      isArray: (name) => ['PupilOnRoll', 'PupilNoLongerOnRoll', 'SessionDetail'].includes(name),
      parseTagValue: false,
    }).parse(await res.text()) as {
      Message: {
        Header: { CollectionDetails: { Term: string; Year: string } };
        Pupils: {
          PupilsOnRoll: {
            PupilOnRoll: {
              PupilIdentifiers: { UPN: string };
              Attendance: Record<string, unknown>;
            }[];
          };
          PupilsNoLongerOnRoll: {
            PupilNoLongerOnRoll: {
              PupilIdentifiers: { UPN: string };
              PupilStatus: { LeavingDate: string };
            }[];
          };
        };
      };
    };
    expect(xml.Message.Header.CollectionDetails).toMatchObject({ Term: 'AUT', Year: '2025' });
    expect(
      xml.Message.Pupils.PupilsNoLongerOnRoll.PupilNoLongerOnRoll.map((p) => [
        p.PupilIdentifiers.UPN,
        p.PupilStatus.LeavingDate,
      ]),
    ).toEqual([['B123456789012', '2025-06-30']]);
    const ada = xml.Message.Pupils.PupilsOnRoll.PupilOnRoll.find(
      (p) => p.PupilIdentifiers.UPN === 'A123456789012',
    );
    expect(ada?.Attendance).toEqual({
      TermlyAttendance: {
        SessionsPossible: '2',
        SessionDetails: { SessionDetail: [{ AttendanceReason: 'I', AbsenceSessions: '1' }] },
      },
      SummerHalfTerm2Attendance: {
        SessionsPossible: '2',
        SessionDetails: { SessionDetail: [{ AttendanceReason: 'O', AbsenceSessions: '1' }] },
      },
    });
  });
});
