/**
 * A local HTTP server that follows Wonde's published School Data Sync API for what Tickmark uses
 * (docs/mis.md has the sources and says what this proves and what it does not):
 *
 * - `Authorization: Bearer <token>` on every request, else 401; an unknown school is 404;
 * - `GET /v1.0/attendance-codes`, `GET /v1.0/schools/{id}/students?include=education_details`
 *   and `GET /v1.0/schools/{id}/attendance/session?start_date&end_date`: `{ data, meta:
 *   { pagination: { next, previous, more, per_page, current_page } } }`, `next` the full address
 *   of the next page or null;
 * - `POST /v1.0/schools/{id}/attendance/session` with `{ attendance: [{ student_id, date,
 *   session, attendance_code_id, comment?, minutes_late? }] }`: 422 `{ errors }` when a row does
 *   not validate (nothing stored), else stores every row (a later row for the same pupil and
 *   session replaces the mark, as writing a register again does) and answers
 *   `{ writeback_id }`.
 *
 * Faults a test can switch on: answer every POST with a status (500) without storing; store and
 * then answer too late; store and then drop the connection with no answer; refuse reads.
 * `applied` counts how many times each session's mark was written, to prove none twice.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInStudent {
  readonly id: string;
  readonly upn: string;
}

export interface StoredMark {
  readonly student: string;
  readonly date: string;
  readonly session: 'AM' | 'PM';
  readonly attendance_code: string;
  readonly comment: string | null;
  readonly minutes_late: number | null;
}

/** The DfE 2024 codes Tickmark uses, with Wonde-style ids. */
export const STAND_IN_CODES = [
  '/',
  '\\',
  'L',
  'U',
  'N',
  'O',
  'I',
  'M',
  'C',
  'C1',
  'C2',
  'E',
  'G',
  'R',
  'S',
  'T',
  'J1',
  'P',
  'V',
  'W',
  'K',
  'B',
  'D',
  'Q',
  'X',
  'Y1',
  'Y2',
  'Z',
  '#',
].map((code, i) => ({ id: `A${String(1000000 + i)}`, code }));

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startWondeStandIn(account: {
  token: string;
  schoolId: string;
  students: readonly StandInStudent[];
  /** Rows a page on list endpoints (small, so tests cross pages). */
  perPage?: number;
}) {
  const perPage = account.perPage ?? 3;
  const marks = new Map<string, StoredMark>();
  /** How many times each `student|date|session` was written. */
  const applied = new Map<string, number>();
  const posts: unknown[] = [];
  const state: {
    /** Answer every POST with this status, storing nothing. */
    failWith: number | null;
    /** Store the marks, then answer only after this long (longer than the client waits). */
    answerAfterMs: number | null;
    /** Store the marks, then close the connection with no answer. */
    dropAfterStoring: boolean;
    /** Answer every GET of marks with this status. */
    failReadsWith: number | null;
  } = { failWith: null, answerAfterMs: null, dropAfterStoring: false, failReadsWith: null };
  const codeIds = new Set(STAND_IN_CODES.map((c) => c.id));
  const studentIds = new Set(account.students.map((s) => s.id));
  let port = 0;

  const page = (res: ServerResponse, url: URL, rows: readonly unknown[]) => {
    const current = Math.max(1, Number(url.searchParams.get('page') ?? '1'));
    const slice = rows.slice((current - 1) * perPage, current * perPage);
    const more = current * perPage < rows.length;
    const next = new URL(url.toString());
    next.searchParams.set('page', String(current + 1));
    json(res, 200, {
      data: slice,
      meta: {
        pagination: {
          next: more ? next.toString() : null,
          previous: null,
          more,
          per_page: perPage,
          current_page: current,
        },
      },
    });
  };
  const json = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    void (async () => {
      const text = await readBody(req);
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      if (req.headers.authorization !== `Bearer ${account.token}`)
        return json(res, 401, { error: 'Unauthenticated.' });
      if (req.method === 'GET' && url.pathname === '/v1.0/attendance-codes')
        return page(res, url, STAND_IN_CODES);
      const m = /^\/v1\.0\/schools\/([^/]+)\/(students|attendance\/session)$/.exec(url.pathname);
      if (m === null) return json(res, 404, { error: 'Not found' });
      if (m[1] !== account.schoolId) return json(res, 404, { error: 'School not found' });
      if (req.method === 'GET' && m[2] === 'students') {
        return page(
          res,
          url,
          account.students.map((s) => ({
            id: s.id,
            upi: randomUUID(),
            mis_id: s.id.slice(1),
            ...(url.searchParams.get('include')?.includes('education_details')
              ? { education_details: { data: { upn: s.upn } } }
              : {}),
          })),
        );
      }
      if (req.method === 'GET') {
        if (state.failReadsWith !== null) return json(res, state.failReadsWith, {});
        const from = url.searchParams.get('start_date') ?? '0000-00-00';
        const to = url.searchParams.get('end_date') ?? '9999-99-99';
        const rows = [...marks.values()]
          .filter((r) => r.date >= from && r.date <= to)
          .map((r) => ({
            id: `A${randomUUID().replace(/\D/g, '').slice(0, 9)}`,
            ...r,
            date: {
              date: `${r.date} 00:00:00.000000`,
              timezone_type: 3,
              timezone: 'Europe/London',
            },
          }));
        return page(res, url, rows);
      }
      if (req.method !== 'POST') return json(res, 405, {});
      if (state.failWith !== null) return json(res, state.failWith, { error: 'Server Error' });
      let body: { attendance?: unknown };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        return json(res, 400, { error: 'Invalid JSON' });
      }
      const rows = body.attendance;
      if (!Array.isArray(rows) || rows.length === 0)
        return json(res, 422, { errors: { attendance: ['The attendance field is required.'] } });
      const errors: Record<string, string[]> = {};
      rows.forEach((r: Record<string, unknown>, i) => {
        if (typeof r.student_id !== 'string' || !studentIds.has(r.student_id))
          errors[`attendance.${i}.student_id`] = ['The selected student id is invalid.'];
        if (typeof r.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(r.date))
          errors[`attendance.${i}.date`] = ['The date is not a valid date.'];
        if (r.session !== 'AM' && r.session !== 'PM')
          errors[`attendance.${i}.session`] = ['The selected session is invalid.'];
        if (typeof r.attendance_code_id !== 'string' || !codeIds.has(r.attendance_code_id))
          errors[`attendance.${i}.attendance_code_id`] = [
            'The selected attendance code id is invalid.',
          ];
        if (r.minutes_late !== undefined && !Number.isInteger(r.minutes_late))
          errors[`attendance.${i}.minutes_late`] = ['The minutes late must be an integer.'];
      });
      if (Object.keys(errors).length > 0) return json(res, 422, { errors });
      posts.push(body);
      for (const r of rows as Record<string, unknown>[]) {
        const key = `${String(r.student_id)}|${String(r.date)}|${String(r.session)}`;
        marks.set(key, {
          student: String(r.student_id),
          date: String(r.date),
          session: r.session as 'AM' | 'PM',
          attendance_code: String(r.attendance_code_id),
          comment: typeof r.comment === 'string' ? r.comment : null,
          minutes_late: typeof r.minutes_late === 'number' ? r.minutes_late : null,
        });
        applied.set(key, (applied.get(key) ?? 0) + 1);
      }
      if (state.dropAfterStoring) {
        req.socket.destroy();
        return;
      }
      if (state.answerAfterMs !== null) {
        const wait = state.answerAfterMs;
        setTimeout(() => json(res, 200, { writeback_id: randomUUID() }), wait).unref();
        return;
      }
      return json(res, 200, { writeback_id: randomUUID() });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    marks,
    applied,
    posts,
    state,
    codeOf: (id: string) => STAND_IN_CODES.find((c) => c.id === id)?.code,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
