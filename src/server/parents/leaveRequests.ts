/**
 * Leave of absence requested by parents (docs/parents.md, "Leave requests"). A parent asks on the
 * parent page for one of their own children, with an optional evidence file recognised by its
 * content; the request waits with status `requested`. The person the school names in its leave
 * settings (the attendance lead by default) sees the pupil's attendance and the school rules the
 * request breaks, and grants or refuses it with a reason. The decision letter is kept as its PDF.
 *
 * A grant enters `C` for the leave's sessions in advance through the register's one write path
 * (register/serverEvents.ts), by the decider, with a reason naming the leave; an `N` already there
 * becomes `C`, other marks are left alone. A refusal changes nothing in the register: when the
 * dates come, the office records each `N` in those sessions as `G` from the leave queue
 * (`recordRefusedAbsences`), so a pupil who came in keeps their present mark.
 */
import { randomUUID } from 'node:crypto';
import {
  brokenLeaveRules,
  daysBetween,
  DEFAULT_LEAVE_RULES,
  leaveDecisionLetter,
  leaveSessions,
  localDate,
  longDate,
  toSchoolWallClock,
  type BrokenLeaveRule,
  type LeaveDecider,
  type LeaveRules,
  type MarkActor,
  type SchoolConfig,
  type SessionPart,
  type SessionRef,
  mayEnter,
} from '../../domain/index';
import {
  LEAVE_EVIDENCE_MAX_BYTES,
  leaveRulesSchema,
  MAX_LEAVE_DAYS,
  type LeaveEvidenceType,
  type LeaveRequest,
  type LeaveStatus,
  type ParentLeave,
} from '../../shared/api/leaveSchemas';
import type { AppDeps } from '../appDeps';
import type { Database, Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { letterPdf } from '../mail/letterPdf';
import { appendServerEvents, type ServerEventInput } from '../register/serverEvents';
import { pupilYearGroupOn } from '../school/pupilYearGroup';
import { loadSchoolRow, schoolConfigOf } from '../school/schoolRules';
import type { ParentChild } from './parentAccess';
import { attendanceOf } from './parentAttendance';

// ── The school's rules ─────────────────────────────────────────────────────────────────────────

export async function readLeaveRules(db: Queryable, schoolId: string): Promise<LeaveRules> {
  const { rows } = await db.query<{ rules: unknown }>(
    'SELECT rules FROM leave_settings WHERE school_id = $1',
    [schoolId],
  );
  return rows[0] === undefined ? DEFAULT_LEAVE_RULES : leaveRulesSchema.parse(rows[0].rules);
}

export async function saveLeaveRules(
  db: Queryable,
  input: { schoolId: string; rules: LeaveRules; staffId: string; now: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO leave_settings (school_id, rules, updated_by, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (school_id) DO UPDATE SET rules = $2, updated_by = $3, updated_at = $4`,
    [input.schoolId, JSON.stringify(input.rules), input.staffId, input.now],
  );
}

// ── The evidence file ──────────────────────────────────────────────────────────────────────────

const EXTENSIONS: Readonly<Record<LeaveEvidenceType, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
};

/** The file's type by its first bytes (its "magic number"), or null when it is none we keep. */
export function evidenceTypeOf(bytes: Uint8Array): LeaveEvidenceType | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'; // %PDF-
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  return null;
}

interface Evidence {
  readonly name: string;
  readonly type: LeaveEvidenceType;
  readonly bytes: Buffer;
}

/** The evidence file checked: at most 5 MB, a PDF, JPEG or PNG by content, its name agreeing. */
export function checkEvidence(file: { fileName: string; data: string }): Evidence {
  const bytes = Buffer.from(file.data, 'base64');
  if (bytes.length > LEAVE_EVIDENCE_MAX_BYTES) {
    throw new ApiError('payload_too_large', {
      message: `The evidence file is larger than ${LEAVE_EVIDENCE_MAX_BYTES / 1024 / 1024} MB. Send a smaller photo or scan.`,
    });
  }
  const type = evidenceTypeOf(bytes);
  const extension = /\.([A-Za-z0-9]+)$/.exec(file.fileName)?.[1]?.toLowerCase() ?? '';
  if (type === null || !EXTENSIONS[type].includes(extension)) {
    throw new ApiError('invalid_request', {
      message:
        'The evidence file must be a PDF, JPEG or PNG (checked by its content, not only its name). Save it as one of those and try again.',
    });
  }
  return { name: file.fileName, type, bytes };
}

// ── Reading ────────────────────────────────────────────────────────────────────────────────────

interface LeaveRow {
  id: string;
  school_id: string;
  pupil_id: string;
  pupil_name: string;
  contact_id: string;
  contact_name: string;
  contact_email: string | null;
  relationship: string;
  from_date: string;
  from_part: SessionPart;
  to_date: string;
  to_part: SessionPart;
  reason: string;
  evidence_name: string | null;
  evidence_type: LeaveEvidenceType | null;
  created_at: Date;
  status: LeaveStatus;
  decided_by_name: string | null;
  decided_by_role: LeaveDecider | null;
  decided_at: Date | null;
  decision_reason: string | null;
  rules_broken: BrokenLeaveRule[] | null;
  has_letter: boolean;
  emailed_to: string | null;
  emailed_at: Date | null;
  email_outcome: string | null;
  entries_changed: number | null;
}

const LEAVE_SELECT = `
  SELECT r.id, r.school_id, r.pupil_id,
         coalesce(p.preferred_forename, p.legal_forename) || ' ' || coalesce(p.preferred_surname, p.legal_surname) AS pupil_name,
         r.contact_id, c.full_name AS contact_name, c.email AS contact_email, c.relationship,
         to_char(r.from_date, 'YYYY-MM-DD') AS from_date, r.from_part,
         to_char(r.to_date, 'YYYY-MM-DD') AS to_date, r.to_part, r.reason,
         r.evidence_name, r.evidence_type, r.created_at, r.status, r.decided_by_name, r.decided_by_role,
         r.decided_at, r.decision_reason, r.rules_broken, r.letter_pdf IS NOT NULL AS has_letter,
         r.emailed_to, r.emailed_at, r.email_outcome, r.entries_changed
    FROM leave_request r JOIN pupil p ON p.id = r.pupil_id JOIN pupil_contact c ON c.id = r.contact_id`;

const fromOf = (r: LeaveRow): SessionRef => ({ date: localDate(r.from_date), part: r.from_part });
const toOf = (r: LeaveRow): SessionRef => ({ date: localDate(r.to_date), part: r.to_part });

function toParentLeave(r: LeaveRow): ParentLeave {
  return {
    id: r.id,
    pupilId: r.pupil_id,
    pupilName: r.pupil_name,
    from: fromOf(r),
    to: toOf(r),
    reason: r.reason,
    evidenceName: r.evidence_name,
    at: r.created_at.toISOString(),
    status: r.status,
    decisionReason: r.decision_reason,
    hasLetter: r.has_letter,
  };
}

async function schoolNow(db: Queryable, schoolId: string, now: Date) {
  const school = schoolConfigOf(await loadSchoolRow(db, schoolId), now);
  return { school, today: toSchoolWallClock(now, school.timeZone).date };
}

/** What the decider sees about a request: attendance, the sessions and the rules it breaks. */
async function judged(
  db: Queryable,
  r: LeaveRow,
  ctx: { school: SchoolConfig; rules: LeaveRules; now: Date },
): Promise<LeaveRequest> {
  const counts = await attendanceOf(db, { schoolId: r.school_id, pupilId: r.pupil_id }, ctx.now);
  const attended = (c: { sessionsPossible: number; sessionsMissed: number }) => ({
    attended: c.sessionsPossible - c.sessionsMissed,
    possible: c.sessionsPossible,
  });
  const year = attended(counts.year);
  const sessions = leaveSessions(
    ctx.school,
    fromOf(r),
    toOf(r),
    await pupilYearGroupOn(db, r.pupil_id, localDate(r.from_date)),
  );
  const requestedOn = toSchoolWallClock(r.created_at, ctx.school.timeZone).date;
  return {
    ...toParentLeave(r),
    requestedBy: { name: r.contact_name, relationship: r.relationship },
    evidenceType: r.evidence_type,
    sessions: sessions.length,
    attendance: { term: counts.term === null ? null : attended(counts.term), year },
    rulesBroken:
      r.rules_broken ??
      brokenLeaveRules(ctx.school, ctx.rules, {
        requestedOn,
        from: localDate(r.from_date),
        to: localDate(r.to_date),
        attendance: year,
      }),
    decidedBy:
      r.decided_by_name === null || r.decided_by_role === null
        ? null
        : { name: r.decided_by_name, role: r.decided_by_role },
    decidedAt: r.decided_at?.toISOString() ?? null,
    emailed:
      r.email_outcome === null || r.emailed_at === null
        ? null
        : { to: r.emailed_to, at: r.emailed_at.toISOString(), outcome: r.email_outcome },
    entriesChanged: r.entries_changed,
  };
}

export async function leaveQueue(
  db: Queryable,
  schoolId: string,
  status: LeaveStatus,
  now: Date,
): Promise<LeaveRequest[]> {
  const { rows } = await db.query<LeaveRow>(
    `${LEAVE_SELECT} WHERE r.school_id = $1 AND r.status = $2 ORDER BY r.from_date, r.created_at LIMIT 200`,
    [schoolId, status],
  );
  const { school } = await schoolNow(db, schoolId, now);
  const rules = await readLeaveRules(db, schoolId);
  const out: LeaveRequest[] = [];
  for (const row of rows) out.push(await judged(db, row, { school, rules, now }));
  return out;
}

async function oneRequest(db: Queryable, schoolId: string, id: string): Promise<LeaveRow> {
  const { rows } = await db.query<LeaveRow>(
    `${LEAVE_SELECT} WHERE r.id = $1 AND r.school_id = $2`,
    [id, schoolId],
  );
  const row = rows[0];
  if (row === undefined) {
    throw new ApiError('not_found', {
      message: 'There is no such leave request at this school. Reload the list.',
    });
  }
  return row;
}

export async function evidenceOf(
  db: Queryable,
  schoolId: string,
  id: string,
): Promise<{ fileName: string; mediaType: LeaveEvidenceType; data: string }> {
  const { rows } = await db.query<{ name: string; type: LeaveEvidenceType; bytes: Buffer }>(
    `SELECT evidence_name AS name, evidence_type AS type, evidence AS bytes FROM leave_request
      WHERE id = $1 AND school_id = $2 AND evidence IS NOT NULL`,
    [id, schoolId],
  );
  const row = rows[0];
  if (row === undefined) {
    throw new ApiError('not_found', { message: 'This leave request has no evidence file.' });
  }
  return { fileName: row.name, mediaType: row.type, data: row.bytes.toString('base64') };
}

/** The decision letter's PDF, for the office (any request of the school) or its parent. */
export async function letterOf(
  db: Queryable,
  where: { schoolId: string } | { contactIds: readonly string[] },
  id: string,
): Promise<{ fileName: string; body: Uint8Array<ArrayBuffer> }> {
  const { rows } = await db.query<{ pdf: Buffer; from_date: string }>(
    'schoolId' in where
      ? `SELECT letter_pdf AS pdf, to_char(from_date, 'YYYY-MM-DD') AS from_date FROM leave_request
          WHERE id = $1 AND school_id = $2 AND letter_pdf IS NOT NULL`
      : `SELECT letter_pdf AS pdf, to_char(from_date, 'YYYY-MM-DD') AS from_date FROM leave_request
          WHERE id = $1 AND contact_id = ANY($2::uuid[]) AND letter_pdf IS NOT NULL`,
    [id, 'schoolId' in where ? where.schoolId : where.contactIds],
  );
  const row = rows[0];
  if (row === undefined) {
    throw new ApiError('not_found', {
      message: 'There is no decision letter for this request yet. The school has not decided it.',
    });
  }
  return { fileName: `leave-decision-${row.from_date}.pdf`, body: new Uint8Array(row.pdf) };
}

// ── The parent's request ───────────────────────────────────────────────────────────────────────

export async function createLeaveRequest(
  db: Queryable,
  input: {
    children: readonly ParentChild[];
    now: Date;
    request: {
      pupilId: string;
      from: SessionRef;
      to: SessionRef;
      reason: string;
      evidence: { fileName: string; data: string } | null;
    };
  },
): Promise<ParentLeave> {
  const { request } = input;
  // Another family's child and an unknown pupil get the same answer: nothing says the pupil exists.
  const child = input.children.find((c) => c.pupilId === request.pupilId);
  if (child === undefined) {
    throw new ApiError('not_found', {
      message: 'This is not one of your children. Choose a child from your list.',
    });
  }
  const refuse = (message: string): never => {
    throw new ApiError('invalid_request', { message });
  };
  const { school, today } = await schoolNow(db, child.schoolId, input.now);
  const { from, to } = request;
  if (to.date < from.date || (to.date === from.date && from.part === 'PM' && to.part === 'AM'))
    refuse('The last session of leave is before the first. Check the dates.');
  if (from.date < today)
    refuse('Leave is asked for in advance: the first day is in the past. Check the dates.');
  if (daysBetween(from.date, to.date) >= MAX_LEAVE_DAYS) {
    refuse(
      `One request can cover at most ${MAX_LEAVE_DAYS} days. For a longer absence, please talk to the school.`,
    );
  }
  const yearGroup = await pupilYearGroupOn(db, child.pupilId, from.date);
  if (leaveSessions(school, from, to, yearGroup).length === 0)
    refuse('The school is not open on any of these days, so no leave is needed. Check the dates.');
  const evidence = request.evidence === null ? null : checkEvidence(request.evidence);
  const id = randomUUID();
  await db.query(
    `INSERT INTO leave_request (id, school_id, pupil_id, contact_id, from_date, from_part, to_date, to_part,
            reason, evidence_name, evidence_type, evidence, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      id,
      child.schoolId,
      child.pupilId,
      child.contactId,
      from.date,
      from.part,
      to.date,
      to.part,
      request.reason,
      evidence?.name ?? null,
      evidence?.type ?? null,
      evidence?.bytes ?? null,
      input.now,
    ],
  );
  return toParentLeave(await oneRequest(db, child.schoolId, id));
}

export async function leavesOfParent(
  db: Queryable,
  children: readonly ParentChild[],
): Promise<ParentLeave[]> {
  const { rows } = await db.query<LeaveRow>(
    `${LEAVE_SELECT} WHERE r.contact_id = ANY($1::uuid[]) ORDER BY r.created_at DESC LIMIT 50`,
    [children.map((c) => c.contactId)],
  );
  return rows.map(toParentLeave);
}

// ── The decision ───────────────────────────────────────────────────────────────────────────────

const TITLES: Readonly<Record<LeaveDecider, string>> = {
  attendance_lead: 'Attendance lead',
  admin: 'On behalf of the head teacher',
};

/** The school's decider role if this person holds it, else null. */
export function deciderRole(roles: readonly string[], rules: LeaveRules): LeaveDecider | null {
  return roles.includes(rules.decidedBy) ? rules.decidedBy : null;
}

function markEvent(
  r: LeaveRow,
  session: SessionRef,
  entry: { head_event_id: string } | undefined,
  mark: { code: string; reason: string; actor: MarkActor; now: Date },
): ServerEventInput {
  return {
    eventId: randomUUID(),
    pupilId: r.pupil_id,
    session,
    code: mark.code,
    minutesLate: null,
    arrivedAt: null,
    reason: mark.reason.slice(0, 500),
    baseEventId: entry?.head_event_id ?? null,
    actor: mark.actor,
    deviceId: null,
    recordedAt: mark.now.toISOString(),
  };
}

async function entriesOf(tx: Queryable, r: LeaveRow) {
  const { rows } = await tx.query<{
    session_date: string;
    session_part: SessionPart;
    code: string;
    head_event_id: string;
  }>(
    `SELECT to_char(session_date, 'YYYY-MM-DD') AS session_date, session_part, code, head_event_id
       FROM register_entry WHERE school_id = $1 AND pupil_id = $2 AND session_date BETWEEN $3 AND $4`,
    [r.school_id, r.pupil_id, r.from_date, r.to_date],
  );
  return new Map(rows.map((e) => [`${e.session_date}:${e.session_part}`, e]));
}

async function lockRequest(tx: Queryable, schoolId: string, id: string): Promise<LeaveRow> {
  await tx.query('SELECT 1 FROM leave_request WHERE id = $1 AND school_id = $2 FOR UPDATE', [
    id,
    schoolId,
  ]);
  return oneRequest(tx, schoolId, id);
}

function checkCode(school: SchoolConfig, actor: MarkActor, code: string): void {
  if (!mayEnter(school, actor.role, code)) {
    throw new ApiError('invalid_request', {
      message: `Your role may not enter '${code}' at ${school.name}. Ask an administrator to allow it in the school's settings.`,
    });
  }
}

export interface LeaveDecisionInput {
  readonly schoolId: string;
  readonly id: string;
  readonly decider: { staffId: string; name: string; role: LeaveDecider };
  readonly decision: 'grant' | 'refuse';
  readonly reason: string;
  readonly now: Date;
}

/**
 * Decides a request in one transaction (the marks, the letter and the decision commit together),
 * then emails the letter to the requesting parent when a mail server is set up, recording how
 * that went. A failed email leaves the decision standing: the office sees the outcome.
 */
export async function decideLeaveRequest(
  deps: Pick<AppDeps, 'db' | 'mailer' | 'logger'>,
  input: LeaveDecisionInput,
): Promise<LeaveRequest> {
  const { db } = deps;
  const actor: MarkActor = {
    staffId: input.decider.staffId,
    name: input.decider.name,
    role: input.decider.role,
  };
  const decided = await db.transaction(async (tx) => {
    const row = await lockRequest(tx, input.schoolId, input.id);
    if (row.status !== 'requested') {
      throw new ApiError('changed_since', {
        message: `This request has been ${row.status} already. Reload the list.`,
      });
    }
    const { school, today } = await schoolNow(tx, input.schoolId, input.now);
    const rules = await readLeaveRules(tx, input.schoolId);
    const seen = await judged(tx, row, { school, rules, now: input.now });
    const granted = input.decision === 'grant';
    let changed = 0;
    if (granted) {
      checkCode(school, actor, 'C');
      const entries = await entriesOf(tx, row);
      const reason = `Leave granted by ${actor.name} on ${longDate(today)}, asked for by ${row.contact_name} (${row.relationship.toLowerCase()}) on the parent page: ${input.reason}`;
      const yearGroup = await pupilYearGroupOn(tx, row.pupil_id, localDate(row.from_date));
      const events = leaveSessions(school, fromOf(row), toOf(row), yearGroup)
        .map((s) => ({ s, entry: entries.get(`${s.date}:${s.part}`) }))
        .filter(({ entry }) => entry === undefined || entry.code === 'N')
        .map(({ s, entry }) =>
          markEvent(row, s, entry, { code: 'C', reason, actor, now: input.now }),
        );
      const appended = await appendServerEvents(tx, {
        schoolId: input.schoolId,
        now: input.now,
        events,
      });
      changed = appended.filter((e) => e.status === 'applied').length;
    }
    const letter = leaveDecisionLetter({
      parentName: row.contact_name,
      pupilName: row.pupil_name,
      requestedOn: toSchoolWallClock(row.created_at, school.timeZone).date,
      from: fromOf(row),
      to: toOf(row),
      decision: granted ? 'granted' : 'refused',
      reason: input.reason,
      sessions: seen.sessions,
      deciderName: actor.name,
      deciderTitle: TITLES[input.decider.role],
    });
    const pdf = await letterPdf({
      schoolName: school.name,
      date: longDate(today),
      letter,
      title: letter.subject,
    });
    await tx.query(
      `UPDATE leave_request SET status = $2, decided_by = $3, decided_by_name = $4, decided_by_role = $5,
              decided_at = $6, decision_reason = $7, rules_broken = $8, letter_subject = $9, letter_pdf = $10,
              entries_changed = $11
        WHERE id = $1`,
      [
        input.id,
        granted ? 'granted' : 'refused',
        actor.staffId,
        actor.name,
        actor.role,
        input.now,
        input.reason,
        JSON.stringify(seen.rulesBroken),
        letter.subject,
        Buffer.from(pdf),
        changed,
      ],
    );
    return { row, letter, pdf };
  });

  const { row, letter, pdf } = decided;
  let outcome: string;
  if (deps.mailer === null) outcome = 'not sent: no mail server is set up (SMTP_HOST)';
  else if (row.contact_email === null) outcome = 'not sent: the parent has no email address';
  else {
    try {
      await deps.mailer.send({
        to: row.contact_email,
        subject: letter.subject,
        text: [
          `Dear ${row.contact_name},`,
          '',
          `The school has decided your request for leave of absence for ${row.pupil_name}. The letter is attached as a PDF; you can also download it from the parent page.`,
        ].join('\n'),
        attachments: [
          {
            fileName: `leave-decision-${row.from_date}.pdf`,
            content: pdf,
            contentType: 'application/pdf',
          },
        ],
      });
      outcome = 'sent';
    } catch (err) {
      outcome = `failed: ${(err as Error).message}`;
      deps.logger.error('a leave decision letter could not be emailed', { request: row.id });
    }
  }
  await db.query(
    'UPDATE leave_request SET emailed_to = $2, emailed_at = $3, email_outcome = $4 WHERE id = $1',
    [row.id, outcome === 'sent' ? row.contact_email : null, input.now, outcome],
  );
  const { school } = await schoolNow(db, input.schoolId, input.now);
  return judged(db, await oneRequest(db, input.schoolId, row.id), {
    school,
    rules: await readLeaveRules(db, input.schoolId),
    now: input.now,
  });
}

/**
 * Refused leave, once its dates have come: each `N` in its sessions becomes `G` (a holiday not
 * authorised by the school) through the one write path, by the office person who asked, with a
 * reason naming the refusal. Present marks, other codes and sessions still to come are left
 * alone; asking again after more sessions have passed records those too.
 */
export async function recordRefusedAbsences(
  db: Database,
  input: { schoolId: string; id: string; actor: MarkActor; now: Date },
): Promise<LeaveRequest> {
  await db.transaction(async (tx) => {
    const row = await lockRequest(tx, input.schoolId, input.id);
    if (row.status !== 'refused') {
      throw new ApiError('changed_since', {
        message: `Only refused leave is recorded as G; this request is ${row.status}.`,
      });
    }
    const { school } = await schoolNow(tx, input.schoolId, input.now);
    checkCode(school, input.actor, 'G');
    const entries = await entriesOf(tx, row);
    const decidedOn =
      row.decided_at === null
        ? ''
        : ` on ${longDate(toSchoolWallClock(row.decided_at, school.timeZone).date)}`;
    const reason = `Absent during leave refused by ${row.decided_by_name ?? 'the school'}${decidedOn}: ${row.decision_reason ?? ''}`;
    const yearGroup = await pupilYearGroupOn(tx, row.pupil_id, localDate(row.from_date));
    const events = leaveSessions(school, fromOf(row), toOf(row), yearGroup)
      .map((s) => ({ s, entry: entries.get(`${s.date}:${s.part}`) }))
      .filter(({ entry }) => entry?.code === 'N')
      .map(({ s, entry }) =>
        markEvent(row, s, entry, { code: 'G', reason, actor: input.actor, now: input.now }),
      );
    const appended = await appendServerEvents(tx, {
      schoolId: input.schoolId,
      now: input.now,
      events,
    });
    const changed = appended.filter((e) => e.status === 'applied').length;
    await tx.query(
      'UPDATE leave_request SET entries_changed = coalesce(entries_changed, 0) + $2 WHERE id = $1',
      [input.id, changed],
    );
  });
  const { school } = await schoolNow(db, input.schoolId, input.now);
  return judged(db, await oneRequest(db, input.schoolId, input.id), {
    school,
    rules: await readLeaveRules(db, input.schoolId),
    now: input.now,
  });
}
