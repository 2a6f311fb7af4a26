/**
 * The census's attendance module on a term of the demo school's data: its figures equal the
 * reports' for the same pupils and days (the school summary's totals and the absence list's
 * per-pupil rows), and the XML download carries the same numbers in the census's structure.
 */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedDemoIfEmpty } from '../../src/server/demo/seedDemo';
import { DEMO_PASSWORD } from '../../src/server/demo/demoSchool';
import {
  absenceListResponseSchema,
  summaryResponseSchema,
} from '../../src/shared/api/reportSchemas';
import { censusResponseSchema, type CensusResponse } from '../../src/shared/api/statutorySchemas';
import { createTestApp, ManualClock, TEST_PASSWORD_PARAMS, TestClient } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 300_000 });

/**
 * The evening of Friday 19 December 2025, the demo's last day of the autumn term, with 17 weeks of
 * marks: the whole term, which the 2025/26 spring census collects.
 */
const NOW = '2025-12-19T18:00:00.000Z';
const TERM = { from: '2025-08-01', to: '2025-12-31' };

let t: TestDatabase;
let lead: TestClient;
let office: TestClient;
let census: CensusResponse;

async function getJson(client: TestClient, path: string): Promise<unknown> {
  const res = await client.get(path);
  const json: unknown = await res.json();
  expect(res.status, JSON.stringify(json).slice(0, 500)).toBe(200);
  return json;
}

beforeAll(async () => {
  t = await openTestDatabase();
  const seeded = await seedDemoIfEmpty(t.db, new Date(NOW), TEST_PASSWORD_PARAMS, { weeks: 17 });
  expect(seeded.seeded).toBe(true);
  const { app } = createTestApp(t.db, { clock: new ManualClock(NOW) });
  lead = new TestClient(app);
  await lead.signIn({ email: 'lead@oakfield.example', password: DEMO_PASSWORD });
  office = new TestClient(app);
  await office.signIn({ email: 'office@oakfield.example', password: DEMO_PASSWORD });
  census = censusResponseSchema.parse(
    await getJson(office, '/api/statutory/census?term=spring&year=2025'),
  );
});
afterAll(() => t.close());

describe('the spring census on the demo school’s autumn term', () => {
  it('collects the autumn term for pupils aged 5 to 15, leaving the nursery out', () => {
    expect(census).toMatchObject({
      title: '2025/26 spring census (autumn term 2025)',
      censusDay: '2026-01-15',
      ageDate: '2025-08-31',
      periods: [{ part: 'termly', from: TERM.from, to: TERM.to }],
    });
    expect(census.pupils.length).toBeGreaterThan(150);
    expect(census.excluded.length).toBeGreaterThan(0);
    expect(census.excluded.every((x) => x.reason.startsWith('Under 5'))).toBe(true);
    expect(census.totals[0]?.possible).toBeGreaterThan(20_000);
  });

  it('has totals equal to the school summary’s for the same days', async () => {
    const summary = summaryResponseSchema.parse(
      await getJson(lead, `/api/reports/summary?scope=school&from=${TERM.from}&to=${TERM.to}`),
    );
    const { possible, authorised, unauthorised } = summary.totals;
    expect(census.totals).toEqual([{ part: 'termly', possible, authorised, unauthorised }]);
  });

  it('gives each pupil the absence list’s figures for the same days', async () => {
    const absence = absenceListResponseSchema.parse(
      await getJson(lead, `/api/reports/absence?from=${TERM.from}&to=${TERM.to}&level=all`),
    );
    const fromReports = Object.fromEntries(
      absence.rows.map((r) => [r.pupil.id, [r.possible, r.authorised, r.unauthorised]]),
    );
    const fromCensus = Object.fromEntries(
      census.pupils
        .filter((p) => (p.periods[0]?.possible ?? 0) > 0)
        .map((p) => {
          const f = p.periods[0];
          return [p.pupilId, [f?.possible, f?.authorised, f?.unauthorised]];
        }),
    );
    expect(Object.keys(fromCensus).length).toBe(absence.rows.length);
    expect(fromCensus).toEqual(fromReports);
    for (const p of census.pupils) {
      const f = p.periods[0];
      expect(f?.reasons.reduce((n, r) => n + r.sessions, 0)).toBe(
        (f?.authorised ?? 0) + (f?.unauthorised ?? 0),
      );
    }
  });

  it('downloads the module as XML carrying the same figures', async () => {
    const res = await office.get('/api/statutory/census.xml?term=spring&year=2025');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/xml');
    expect(res.headers.get('content-disposition')).toContain('census-attendance-2025-spring.xml');
    const text = await res.text();
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const xml = new XMLParser({
      isArray: (name) => ['PupilOnRoll', 'PupilNoLongerOnRoll', 'SessionDetail'].includes(name),
      parseTagValue: false,
    }).parse(text) as {
      Message: {
        Header: { CollectionDetails: { Term: string; Year: string; ReferenceDate: string } };
        Pupils: {
          PupilsOnRoll: { PupilOnRoll: XmlPupil[] };
          PupilsNoLongerOnRoll?: { PupilNoLongerOnRoll: XmlPupil[] };
        };
      };
    };
    expect(xml.Message.Header.CollectionDetails).toMatchObject({
      Term: 'SPR',
      Year: '2026',
      ReferenceDate: '2026-01-15',
    });
    const pupils = [
      ...xml.Message.Pupils.PupilsOnRoll.PupilOnRoll,
      ...(xml.Message.Pupils.PupilsNoLongerOnRoll?.PupilNoLongerOnRoll ?? []),
    ];
    expect(pupils).toHaveLength(census.pupils.length);
    let possible = 0;
    let absence = 0;
    for (const p of pupils) {
      const a = p.Attendance.TermlyAttendance;
      possible += Number(a.SessionsPossible);
      absence +=
        a.SessionDetails === undefined
          ? Number(a.SessionsAuthorised) + Number(a.SessionsUnauthorised)
          : a.SessionDetails.SessionDetail.reduce((n, d) => n + Number(d.AbsenceSessions), 0);
    }
    const totals = census.totals[0];
    expect(possible).toBe(totals?.possible);
    expect(absence).toBe((totals?.authorised ?? 0) + (totals?.unauthorised ?? 0));
    const upns = new Set(census.pupils.map((p) => p.upn));
    expect(pupils.every((p) => upns.has(p.PupilIdentifiers.UPN))).toBe(true);
  });

  it('lists each check’s finding against a pupil of the module', () => {
    const ids = new Set(census.pupils.map((p) => p.pupilId));
    for (const issue of census.issues) {
      expect(issue.rule).toMatch(/^TM-C\d$/);
      if (issue.pupilId !== null) expect(ids.has(issue.pupilId)).toBe(true);
    }
    expect(census.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});

interface XmlPupil {
  PupilIdentifiers: { UPN: string };
  Attendance: {
    TermlyAttendance: {
      SessionsPossible: string;
      SessionsAuthorised?: string;
      SessionsUnauthorised?: string;
      SessionDetails?: { SessionDetail: { AttendanceReason: string; AbsenceSessions: string }[] };
    };
  };
}
