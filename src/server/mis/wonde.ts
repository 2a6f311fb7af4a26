/**
 * The first MIS adapter: Wonde's School Data Sync API, which reads from and writes back to the
 * MIS a school uses (SIMS, Arbor, Bromcom and others), as published (docs/mis.md has the sources):
 *
 * - every request goes to `https://api.wonde.com/v1.0/…` with `Authorization: Bearer <token>`;
 * - `POST /v1.0/schools/{school}/attendance/session` with a JSON body
 *   `{ "attendance": [{ "student_id", "date", "session": "AM"|"PM", "attendance_code_id",
 *   "comment"?, "minutes_late"? }] }` writes a session register back and answers
 *   `{ "writeback_id": "…" }`; 422 with the errors when the body does not validate;
 * - `GET /v1.0/schools/{school}/students?include=education_details` lists pupils (their UPN in
 *   `education_details.data.upn`), `GET /v1.0/attendance-codes` the codes and their ids, and
 *   `GET /v1.0/schools/{school}/attendance/session` the marks; lists come a page at a time with
 *   `meta.pagination.next` the address of the next page (null on the last);
 * - 401 for a token Wonde does not know, 403 when the school has not approved access, 404 for a
 *   school or path it does not know, 429 when requests come too fast.
 *
 * Wonde has no idempotency key for writeback, so the caller never sends a batch again after an
 * answer it did not get: it reads the marks back first (misWorker.ts).
 */
import { z } from 'zod';
import type { SessionPart } from '../../domain/index';
import {
  MisError,
  type MisMarkRead,
  type MisMarkResult,
  type MisMarkToWrite,
  type MisWriter,
} from './misWriter';

export interface WondeSettings {
  readonly baseUrl: string;
  readonly token: string;
  /** Wonde's id of the school (A followed by digits). */
  readonly schoolId: string;
  /** How long to wait for an answer; a write not answered in time may still have been taken. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 20_000;
// Wonde serves up to 200 rows a page on its list endpoints.
const PER_PAGE = 200;

const pageSchema = z.object({
  data: z.array(z.unknown()),
  meta: z
    .object({
      pagination: z.object({ next: z.string().nullable().optional() }).optional(),
    })
    .optional(),
});

const codeSchema = z.object({ id: z.string(), code: z.string() });

const studentSchema = z.object({
  id: z.string(),
  education_details: z
    .object({ data: z.object({ upn: z.string().nullable().optional() }).nullable().optional() })
    .nullable()
    .optional(),
});

// Wonde writes dates as { date: '2026-11-02 00:00:00.000000', timezone_type, timezone } objects.
const wondeDateSchema = z
  .union([z.string(), z.object({ date: z.string() })])
  .transform((d) => (typeof d === 'string' ? d : d.date).slice(0, 10));

const attendanceSchema = z.object({
  student: z.string(),
  date: wondeDateSchema,
  session: z.enum(['AM', 'PM']),
  attendance_code: z.string(),
  comment: z.string().nullable().optional(),
  minutes_late: z.number().int().nullable().optional(),
});

const writebackSchema = z.object({ writeback_id: z.union([z.string(), z.number()]) });

/** A refusal in plain words, by HTTP status. */
function refusal(status: number, what: string): string {
  if (status === 401) return 'Wonde did not accept the API token (WONDE_TOKEN); check it in Wonde';
  if (status === 403)
    return 'Wonde says the school has not approved Tickmark’s access; ask the school to approve it in Wonde';
  if (status === 404) return 'Wonde does not know this school (WONDE_SCHOOLS); check its Wonde id';
  if (status === 429)
    return 'Wonde asked Tickmark to slow down (too many requests); it tries again later';
  if (status >= 500) return `Wonde had a problem (HTTP ${status}) ${what}; it tries again later`;
  return `Wonde refused ${what} (HTTP ${status})`;
}

/** Whether a failed fetch may have reached Wonde: only a refused or unresolved connection did not. */
function neverSent(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } }).cause;
  return (
    cause?.code === 'ECONNREFUSED' || cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN'
  );
}

export function createWondeWriter(settings: WondeSettings): MisWriter {
  const base = settings.baseUrl.replace(/\/$/, '');
  const school = `${base}/v1.0/schools/${encodeURIComponent(settings.schoolId)}`;
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let codes: { byCode: Map<string, string>; byId: Map<string, string> } | null = null;
  let students: { byUpn: Map<string, string>; byId: Map<string, string> } | null = null;

  const request = (url: string, init?: { method: 'POST'; body: unknown }): Promise<Response> =>
    fetch(url, {
      method: init?.method ?? 'GET',
      headers: {
        authorization: `Bearer ${settings.token}`,
        accept: 'application/json',
        ...(init === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });

  /** Every row of a list, following `meta.pagination.next`. @throws MisError (refused) */
  async function readAll(firstUrl: string, what: string): Promise<unknown[]> {
    const rows: unknown[] = [];
    let url: string | null = firstUrl;
    for (let page = 0; url !== null; page += 1) {
      if (page > 10_000) throw new MisError(`Wonde's list of ${what} does not end`, 'refused');
      // A next page elsewhere than Wonde would take the token with it: refuse it.
      if (!url.startsWith(`${base}/`))
        throw new MisError(`Wonde pointed the list of ${what} at another address`, 'refused');
      let response: Response;
      try {
        response = await request(url);
      } catch (err) {
        throw new MisError(
          `Wonde could not be reached to read ${what} (${(err as Error).name === 'TimeoutError' ? 'no answer in time' : (err as Error).message})`,
          'refused',
          { cause: err },
        );
      }
      if (response.status !== 200)
        throw new MisError(refusal(response.status, `reading ${what}`), 'refused');
      const parsed = pageSchema.safeParse(await response.json().catch(() => null));
      if (!parsed.success)
        throw new MisError(
          `Wonde answered the list of ${what} in a way Tickmark does not understand`,
          'refused',
        );
      rows.push(...parsed.data.data);
      url = parsed.data.meta?.pagination?.next ?? null;
    }
    return rows;
  }

  async function loadCodes() {
    const rows = await readAll(
      `${base}/v1.0/attendance-codes?per_page=${PER_PAGE}`,
      'attendance codes',
    );
    const byCode = new Map<string, string>();
    const byId = new Map<string, string>();
    for (const row of rows) {
      const c = codeSchema.safeParse(row);
      if (!c.success) continue;
      byCode.set(c.data.code, c.data.id);
      byId.set(c.data.id, c.data.code);
    }
    codes = { byCode, byId };
    return codes;
  }

  async function loadStudents() {
    const rows = await readAll(
      `${school}/students?include=education_details&per_page=${PER_PAGE}`,
      'pupils',
    );
    const byUpn = new Map<string, string>();
    const byId = new Map<string, string>();
    for (const row of rows) {
      const s = studentSchema.safeParse(row);
      const upn = s.success ? s.data.education_details?.data?.upn : null;
      if (!s.success || upn === null || upn === undefined || upn === '') continue;
      byUpn.set(upn.toUpperCase(), s.data.id);
      byId.set(s.data.id, upn.toUpperCase());
    }
    students = { byUpn, byId };
    return students;
  }

  return {
    describe: `Wonde at ${base} (school ${settings.schoolId})`,

    async writeMarks(marks) {
      const results: MisMarkResult[] = [];
      // The lists are read once and read again when a mark names something not in them (a
      // pupil who joined, a code the school just turned on).
      let codeList = codes ?? (await loadCodes());
      let studentList = students ?? (await loadStudents());
      if (marks.some((m) => !codeList.byCode.has(m.code))) codeList = await loadCodes();
      if (marks.some((m) => m.upn !== null && !studentList.byUpn.has(m.upn.toUpperCase())))
        studentList = await loadStudents();
      const sending: { mark: MisMarkToWrite; row: Record<string, unknown> }[] = [];
      for (const mark of marks) {
        const studentId =
          mark.upn === null ? undefined : studentList.byUpn.get(mark.upn.toUpperCase());
        const codeId = codeList.byCode.get(mark.code);
        if (mark.upn === null) {
          results.push({
            key: mark.key,
            written: false,
            error:
              'the pupil has no UPN in Tickmark, so the MIS cannot match them; add it on the pupil’s details',
          });
        } else if (studentId === undefined) {
          results.push({
            key: mark.key,
            written: false,
            error: 'the MIS has no pupil with this UPN; check the UPN in both',
          });
        } else if (codeId === undefined) {
          results.push({
            key: mark.key,
            written: false,
            error: `the MIS has no attendance code ${mark.code}`,
          });
        } else {
          sending.push({
            mark,
            row: {
              student_id: studentId,
              date: mark.date,
              session: mark.session,
              attendance_code_id: codeId,
              ...(mark.comment === null || mark.comment === '' ? {} : { comment: mark.comment }),
              ...(mark.minutesLate === null ? {} : { minutes_late: mark.minutesLate }),
            },
          });
        }
      }
      if (sending.length === 0) return results;
      let response: Response;
      try {
        response = await request(`${school}/attendance/session`, {
          method: 'POST',
          body: { attendance: sending.map((s) => s.row) },
        });
      } catch (err) {
        if (neverSent(err))
          throw new MisError(`Wonde could not be reached (${(err as Error).message})`, 'refused', {
            cause: err,
          });
        throw new MisError(
          (err as Error).name === 'TimeoutError'
            ? 'Wonde did not answer in time; the marks may have been taken, so they are checked before being sent again'
            : 'the connection to Wonde broke before its answer; the marks may have been taken, so they are checked before being sent again',
          'unknown',
          { cause: err },
        );
      }
      if (response.status >= 500)
        throw new MisError(
          `${refusal(response.status, 'writing the marks')}; they are checked before being sent again`,
          'unknown',
        );
      if (response.status === 422) {
        const detail = await response.text().catch(() => '');
        throw new MisError(
          `Wonde refused the marks as invalid: ${detail.slice(0, 300)}`,
          'refused',
        );
      }
      if (response.status !== 200 && response.status !== 201)
        throw new MisError(refusal(response.status, 'the marks'), 'refused');
      const parsed = writebackSchema.safeParse(await response.json().catch(() => null));
      if (!parsed.success)
        throw new MisError(
          'Wonde answered in a way Tickmark does not understand; the marks are checked before being sent again',
          'unknown',
        );
      const ack = String(parsed.data.writeback_id);
      for (const s of sending) results.push({ key: s.mark.key, written: true, ack });
      return results;
    },

    async readMarks(range) {
      const codeList = codes ?? (await loadCodes());
      const studentList = await loadStudents();
      const query = new URLSearchParams({
        start_date: range.from,
        end_date: range.to,
        per_page: String(PER_PAGE),
      });
      const rows = await readAll(`${school}/attendance/session?${query.toString()}`, 'marks');
      const marks: MisMarkRead[] = [];
      for (const row of rows) {
        const a = attendanceSchema.safeParse(row);
        if (!a.success) continue;
        const upn = studentList.byId.get(a.data.student);
        const code = codeList.byId.get(a.data.attendance_code);
        if (upn === undefined || code === undefined) continue;
        if (a.data.date < range.from || a.data.date > range.to) continue;
        marks.push({
          upn,
          date: a.data.date,
          session: a.data.session as SessionPart,
          code,
          minutesLate: a.data.minutes_late ?? null,
          comment: a.data.comment ?? null,
        });
      }
      return marks;
    },
  };
}
