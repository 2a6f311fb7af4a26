/**
 * Every CSV the server writes has its header row, even when the list is empty: a school with one
 * pupil and no marks downloads each report list, the day's absentees and the marks export, and
 * each file is its header row alone (the summary, which always has its totals, starts with its
 * header too). A file that says what it would hold is what a spreadsheet or a script expects;
 * an empty file looks like a failed download.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MARKS_EXPORT_HEADER } from '../../src/shared/api/dataSchemas';
import { ABSENTEE_CSV_HEADINGS } from '../../src/shared/api/officeSchemas';
import * as reportApi from '../../src/shared/api/endpoints/reportEndpoints';
import type { Endpoint } from '../../src/shared/api/endpoint';
import { writeCsv } from '../../src/shared/csv';
import { createTestApp, TestClient } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { createSyncSchool, morningClock, type SyncSchool } from './syncFixtures';
import * as dataApi from '../../src/shared/api/endpoints/dataEndpoints';
import * as officeApi from '../../src/shared/api/endpoints/officeEndpoints';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let t: TestDatabase;
let school: SyncSchool;
let lead: TestClient;
let office: TestClient;
const DAY = '2025-07-22';
const YEAR = `period=custom&from=2024-09-01&to=${DAY}&asOf=${DAY}`;

async function signedIn(role: 'lead' | 'office'): Promise<TestClient> {
  const { app } = createTestApp(t.db, { clock: morningClock(`${DAY}T09:00:00Z`) });
  const client = new TestClient(app);
  await client.signIn(school.member(role), { schoolId: school.id });
  return client;
}

beforeAll(async () => {
  t = await openTestDatabase();
  school = await createSyncSchool(t.db, {
    groups: [{ name: 'Year 3 — Foxes', yearGroup: '3', pupils: 1 }],
  });
  lead = await signedIn('lead');
  office = await signedIn('office');
}, 120_000);

afterAll(() => t.close());

/** The file's lines, without the byte order mark some exports start with. */
async function csvLines(client: TestClient, url: string): Promise<string[]> {
  const res = await client.get(url);
  const body = await res.text();
  expect(res.status, `${url}: ${body}`).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  return body
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((line) => line !== '');
}

describe('every CSV the server writes has its header row when the list is empty', () => {
  const pupilId = () => school.groups[0]?.pupilIds[0] ?? '';
  const csvReports = reportApi.REPORT_ENDPOINTS.filter((e) => 'csv' in e.response);
  const reportUrl = (endpoint: Endpoint): string =>
    `${endpoint.path.replace(':pupilId', pupilId())}?${
      endpoint === reportApi.summary ? 'scope=school&' : ''
    }${YEAR}&format=csv`;

  it.each(csvReports.filter((e) => e !== reportApi.summary).map((e) => [e.name, e] as const))(
    'the %s report',
    async (_name, endpoint) => {
      const lines = await csvLines(lead, reportUrl(endpoint));
      expect(lines).toHaveLength(1);
      expect(lines[0]?.startsWith('Pupil,Group,Year,')).toBe(true);
    },
  );

  it('the summary (its totals are rows even with no marks)', async () => {
    const lines = await csvLines(lead, reportUrl(reportApi.summary));
    expect(lines[0]?.startsWith('Table,Row,Possible sessions,')).toBe(true);
  });

  it('the day’s absentees (a Sunday: no register, so nobody absent)', async () => {
    const lines = await csvLines(office, `${officeApi.absenteesCsv.path}?date=2025-07-20`);
    expect(lines).toEqual([writeCsv(ABSENTEE_CSV_HEADINGS, [])]);
  });

  it('the marks export', async () => {
    const lines = await csvLines(lead, `${dataApi.exportMarksCsv.path}?from=${DAY}&to=${DAY}`);
    expect(lines).toEqual([writeCsv(MARKS_EXPORT_HEADER, [])]);
  });
});
