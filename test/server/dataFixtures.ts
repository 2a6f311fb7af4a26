/**
 * Builders for the data (import/export) tests: a database with the data tables, pupil, staff and
 * marks CSV files of any size, and an admin's import driven through the API as the admin screen
 * drives it (upload in chunks, preview, confirm, poll until the job ends).
 */
import { expect } from 'vitest';
import {
  parseSchoolConfig,
  presentCode,
  sessionsBetween,
  type LocalDate,
  type SchoolConfig,
} from '../../src/domain';
import { IMPORT_CHUNK_CHARS } from '../../src/shared/api/dataSchemas';
import {
  importJobResponseSchema,
  type ImportJob,
  type ImportKind,
} from '../../src/shared/api/dataSchemas';
import { routePath } from '../../src/shared/api/routes';
import type { Queryable } from '../../src/server/db/database';
import type { TestClient } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import * as dataApi from '../../src/shared/api/endpoints/dataEndpoints';

/** A fresh, migrated test database (migration 0007 adds the import tables). */
export async function openDataDatabase(): Promise<TestDatabase> {
  return openTestDatabase();
}

/** A UPN of the right shape for pupil `n` (the check letter is not computed). */
export function upnOf(n: number): string {
  return `T${String(n).padStart(11, '0')}A`;
}

export const PUPIL_HEADER =
  'UPN,Legal Forename,Legal Surname,Preferred Forename,Preferred Surname,Date of Birth,Year Group,Registration Group,Admission Date,Leaving Date,SEND,FSM,Looked After,Social Worker';

export interface PupilSpec {
  readonly n: number;
  readonly group?: string;
  readonly yearGroup?: string;
  readonly forename?: string;
  readonly admission?: string;
  readonly leaving?: string;
}

export function pupilLine(spec: PupilSpec): string {
  const year = spec.yearGroup ?? String((spec.n % 6) + 1);
  const group = spec.group ?? `${year}${'ABC'[spec.n % 3] ?? 'A'}`;
  return [
    upnOf(spec.n),
    spec.forename ?? `Pupil${spec.n}`,
    `Surname${spec.n}`,
    spec.n % 5 === 0 ? `Pip${spec.n}` : '',
    '',
    `${String((spec.n % 28) + 1).padStart(2, '0')}/0${(spec.n % 9) + 1}/2016`,
    `Year ${year}`,
    group,
    spec.admission ?? '01/09/2023',
    spec.leaving ?? '',
    spec.n % 7 === 0 ? 'Y' : 'N',
    spec.n % 4 === 0 ? 'Yes' : 'No',
    spec.n % 11 === 0 ? 'Y' : '',
    spec.n % 13 === 0 ? 'Y' : '',
  ].join(',');
}

/** A pupils file of pupils 1…count (or the given specs). */
export function pupilCsv(pupils: number | readonly PupilSpec[]): string {
  const specs =
    typeof pupils === 'number' ? Array.from({ length: pupils }, (_, i) => ({ n: i + 1 })) : pupils;
  return `${PUPIL_HEADER}\n${specs.map(pupilLine).join('\n')}\n`;
}

/** Codes the generated history uses, with how often (out of 100). */
function codeFor(
  pupil: number,
  index: number,
  part: 'AM' | 'PM',
): { code: string; minutes: number | null } {
  const roll = (pupil * 7919 + index * 104729) % 100;
  if (roll < 80) return { code: presentCode(part), minutes: null };
  if (roll < 86) return { code: 'L', minutes: (roll % 20) + 1 };
  if (roll < 92) return { code: 'I', minutes: null };
  if (roll < 95) return { code: 'O', minutes: null };
  if (roll < 97) return { code: 'M', minutes: null };
  if (roll < 98) return { code: 'U', minutes: 35 };
  return { code: 'C', minutes: null };
}

/** Marks for `pupils` pupils (1…n) on every session (`#` on closures) from `from` to `to`, as CSV rows. */
export function marksCsv(
  config: SchoolConfig,
  pupils: number,
  from: LocalDate,
  to: LocalDate,
): { csv: string; rows: number } {
  const sessions = sessionsBetween(config, from, to);
  const lines = ['UPN,Date,Session,Code,Minutes late'];
  for (let p = 1; p <= pupils; p += 1) {
    sessions.forEach((s, i) => {
      const { code, minutes } = s.closed ? { code: '#', minutes: null } : codeFor(p, i, s.part);
      lines.push(`${upnOf(p)},${s.date},${s.part},"${code}",${minutes ?? ''}`);
    });
  }
  return { csv: `${lines.join('\n')}\n`, rows: lines.length - 1 };
}

export function parsedConfig(raw: unknown): SchoolConfig {
  const parsed = parseSchoolConfig(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

async function jobOf(res: Response): Promise<ImportJob> {
  const body: unknown = await res.json();
  if (res.status >= 300) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return importJobResponseSchema.parse(body).import;
}

/** Uploads `csv` as the admin screen does: the first chunk with the request, the rest one by one. */
export async function uploadImport(
  client: TestClient,
  kind: ImportKind,
  csv: string,
  extra: { effectiveDate?: string; wholeRoll?: boolean } = {},
): Promise<ImportJob> {
  const first = csv.slice(0, IMPORT_CHUNK_CHARS);
  let job = await jobOf(
    await client.post(dataApi.listImports.path, {
      kind,
      fileName: `${kind}.csv`,
      csv: first,
      ...extra,
    }),
  );
  let index = 1;
  for (let at = IMPORT_CHUNK_CHARS; at < csv.length; at += IMPORT_CHUNK_CHARS, index += 1) {
    const res = await client.request(
      'POST',
      `${routePath(dataApi.appendImportChunk.path, { id: job.id })}?index=${index}`,
      undefined,
      { rawBody: csv.slice(at, at + IMPORT_CHUNK_CHARS), headers: { 'content-type': 'text/csv' } },
    );
    expect(res.status).toBe(200);
  }
  job = await jobOf(await client.post(routePath(dataApi.previewImport.path, { id: job.id })));
  return job;
}

/** Confirms and waits for the job to end, collecting the progress it reported on the way. */
export async function confirmImport(
  client: TestClient,
  id: string,
  skipBadRows = false,
  confirmLeavers?: number,
): Promise<{ job: ImportJob; progress: number[] }> {
  const res = await client.post(routePath(dataApi.confirmImport.path, { id }), {
    skipBadRows,
    confirmLeavers,
  });
  const started = await jobOf(res);
  expect(res.status).toBe(202);
  expect(started.state).toBe('running');
  const progress: number[] = [];
  for (;;) {
    const job = await jobOf(await client.get(routePath(dataApi.getImport.path, { id })));
    if (job.state !== 'running') return { job, progress };
    progress.push(job.rowsDone);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Uploads, previews and confirms; fails the test unless the job ends `done`. */
export async function importFile(
  client: TestClient,
  kind: ImportKind,
  csv: string,
  extra: { effectiveDate?: string; wholeRoll?: boolean; confirmLeavers?: number } = {},
): Promise<ImportJob> {
  const { confirmLeavers, ...upload } = extra;
  const previewed = await uploadImport(client, kind, csv, upload);
  const { job } = await confirmImport(client, previewed.id, false, confirmLeavers);
  if (job.state !== 'done')
    throw new Error(`import ${kind} ended ${job.state}: ${job.error ?? ''}`);
  return job;
}

export interface EntryRow {
  upn: string;
  date: string;
  part: string;
  code: string;
  minutes: number | null;
}

export async function entriesOf(db: Queryable, schoolId: string): Promise<EntryRow[]> {
  const { rows } = await db.query<{
    upn: string;
    session_date: string;
    session_part: string;
    code: string;
    minutes_late: number | null;
  }>(
    `SELECT p.upn, e.session_date, e.session_part, e.code, e.minutes_late FROM register_entry e JOIN pupil p ON p.id = e.pupil_id
      WHERE e.school_id = $1 ORDER BY p.upn, e.session_date, e.session_part`,
    [schoolId],
  );
  return rows.map((r) => ({
    upn: r.upn,
    date: r.session_date,
    part: r.session_part,
    code: r.code,
    minutes: r.minutes_late,
  }));
}
