/**
 * Letters of case actions (migration 0021_case_letters): the school's templates over the built-in
 * ones, the merge fields filled from the register, the PDF stored with the action, and what was
 * made for whom and when. A letter is addressed by name to the contacts with parental
 * responsibility the school may write to ("Parent or Carer of" the child when it holds none), and
 * may then be emailed to them with its PDF (migration 0025): each email is recorded with its outcome.
 */
import { randomUUID } from 'node:crypto';
import {
  computeStats,
  DEFAULT_LETTER_TEMPLATES,
  longDate,
  lookupCode,
  parseLetterTemplate,
  renderLetter,
  timeMissed,
  type LetterFields,
  type LetterTemplate,
  type LocalDate,
} from '../../domain/index';
import type { CaseLetter, LetterDelivery } from '../../shared/api/caseworkSchemas';
import type { Database, Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { loadAction, loadPupilEntries, schoolYearStart, type CaseworkContext } from './caseService';
import type { LettersByAction } from './caseStore';
import { letterPdf } from '../mail/letterPdf';
import { MailError, type Mailer } from '../mail/mailer';
import { addressee, loadCaseParents, type CaseParent } from './caseContacts';

/** The built-in templates with the school's own in their place (and any extra of its own). */
export async function loadTemplates(db: Queryable, schoolId: string): Promise<LetterTemplate[]> {
  const { rows } = await db.query<{ id: string; name: string; subject: string; body: string }>(
    'SELECT id, name, subject, body FROM letter_template WHERE school_id = $1 ORDER BY id',
    [schoolId],
  );
  const own = rows.map((r) => {
    const parsed = parseLetterTemplate(r);
    if (!parsed.ok) throw new Error(`stored letter template ${r.id}: ${parsed.errors.join('; ')}`);
    return parsed.value;
  });
  const ids = new Set(own.map((t) => t.id));
  return [...DEFAULT_LETTER_TEMPLATES.filter((t) => !ids.has(t.id)), ...own];
}

export async function saveTemplate(
  db: Queryable,
  ctx: Pick<CaseworkContext, 'schoolId' | 'staffId' | 'now'>,
  template: LetterTemplate,
): Promise<void> {
  await db.query(
    `INSERT INTO letter_template (school_id, id, name, subject, body, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (school_id, id) DO UPDATE
       SET name = $3, subject = $4, body = $5, updated_by = $6, updated_at = $7`,
    [
      ctx.schoolId,
      template.id,
      template.name,
      template.subject,
      template.body,
      ctx.staffId,
      ctx.now,
    ],
  );
}

export async function loadLetters(
  db: Queryable,
  schoolId: string,
  actionIds: readonly string[],
): Promise<LettersByAction> {
  const byAction = new Map<string, CaseLetter[]>();
  if (actionIds.length === 0) return byAction;
  const { rows } = await db.query<{
    id: string;
    action_id: string;
    file_name: string;
    template_id: string;
    sent_to: string;
    how: CaseLetter['how'];
    made_at: Date;
    made_by: string;
    made_by_name: string;
  }>(
    `SELECT l.id, l.action_id, a.file_name, l.template_id, l.sent_to, l.how, l.made_at,
            l.made_by, s.name AS made_by_name
       FROM case_letter l
       JOIN case_attachment a ON a.id = l.attachment_id
       JOIN staff s ON s.id = l.made_by
      WHERE l.school_id = $1 AND l.action_id = ANY($2::uuid[])
      ORDER BY l.made_at, l.id`,
    [schoolId, [...actionIds]],
  );
  for (const r of rows) {
    const list = byAction.get(r.action_id) ?? [];
    list.push({
      id: r.id,
      fileName: r.file_name,
      template: r.template_id,
      sentTo: r.sent_to,
      how: r.how,
      madeAt: r.made_at.toISOString(),
      madeBy: { id: r.made_by, name: r.made_by_name },
      deliveries: [],
    });
    byAction.set(r.action_id, list);
  }
  const deliveries = await loadDeliveries(
    db,
    schoolId,
    rows.map((r) => r.id),
  );
  for (const [actionId, list] of byAction) {
    byAction.set(
      actionId,
      list.map((l) => ({ ...l, deliveries: deliveries.get(l.id) ?? [] })),
    );
  }
  return byAction;
}

async function loadDeliveries(
  db: Queryable,
  schoolId: string,
  letterIds: readonly string[],
): Promise<Map<string, LetterDelivery[]>> {
  const byLetter = new Map<string, LetterDelivery[]>();
  if (letterIds.length === 0) return byLetter;
  const { rows } = await db.query<{
    letter_id: string;
    contact_id: string;
    contact_name: string;
    email: string | null;
    outcome: LetterDelivery['outcome'];
    detail: string | null;
    sent_at: Date;
    sent_by: string;
    sent_by_name: string;
  }>(
    `SELECT d.letter_id, d.contact_id, d.contact_name, d.email, d.outcome, d.detail, d.sent_at,
            d.sent_by, s.name AS sent_by_name
       FROM case_letter_delivery d
       JOIN staff s ON s.id = d.sent_by
       JOIN pupil_contact c ON c.id = d.contact_id
      WHERE d.school_id = $1 AND d.letter_id = ANY($2::uuid[])
      ORDER BY d.sent_at, c.priority, d.id`,
    [schoolId, [...letterIds]],
  );
  for (const r of rows) {
    const list = byLetter.get(r.letter_id) ?? [];
    list.push({
      contact: { id: r.contact_id, name: r.contact_name },
      email: r.email,
      outcome: r.outcome,
      detail: r.detail,
      at: r.sent_at.toISOString(),
      by: { id: r.sent_by, name: r.sent_by_name },
    });
    byLetter.set(r.letter_id, list);
  }
  return byLetter;
}

interface LetterPupil {
  readonly displayName: string;
  readonly firstName: string;
  readonly groupName: string;
}

async function loadLetterPupil(
  db: Queryable,
  schoolId: string,
  pupilId: string,
  day: LocalDate,
): Promise<LetterPupil> {
  const { rows } = await db.query<{ forename: string; surname: string; group_name: string | null }>(
    `SELECT coalesce(p.preferred_forename, p.legal_forename) AS forename,
            coalesce(p.preferred_surname, p.legal_surname) AS surname,
            (SELECT g.name FROM group_membership m JOIN school_group g ON g.id = m.group_id
              WHERE m.pupil_id = p.id AND m.from_date <= $3 AND (m.to_date IS NULL OR m.to_date >= $3)
              ORDER BY m.from_date DESC LIMIT 1) AS group_name
       FROM pupil p WHERE p.school_id = $1 AND p.id = $2`,
    [schoolId, pupilId, day],
  );
  const row = rows[0];
  if (row === undefined) throw new Error(`pupil ${pupilId} of a case action is missing`);
  return {
    displayName: `${row.forename} ${row.surname}`,
    firstName: row.forename,
    groupName: row.group_name ?? 'no class',
  };
}

/** The merge fields for a pupil on `today`, over the school year so far. */
export async function letterFields(
  db: Queryable,
  ctx: CaseworkContext & { readonly staffName: string },
  pupilId: string,
): Promise<LetterFields> {
  const pupil = await loadLetterPupil(db, ctx.schoolId, pupilId, ctx.today);
  const from = schoolYearStart(ctx.today);
  const entries = (await loadPupilEntries(db, ctx.schoolId, [pupilId], ctx.today)).get(pupilId);
  const stats = computeStats(entries ?? [], { from, to: ctx.today });
  const missed = timeMissed(stats, ctx.school.schoolDayHours);
  const codes = Object.entries(stats.byCode)
    .filter(([code]) => code !== '/' && code !== '\\')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, n]) => {
      const meaning = lookupCode(code, ctx.today)?.meaning ?? code;
      return `${code} (${meaning}) ${n} session${n === 1 ? '' : 's'}`;
    });
  return {
    'child.name': pupil.displayName,
    'child.firstName': pupil.firstName,
    'child.group': pupil.groupName,
    parents: addressee(await loadCaseParents(db, ctx.schoolId, pupilId), pupil.displayName),
    today: longDate(ctx.today),
    'school.name': ctx.school.name,
    'period.from': longDate(from),
    'period.to': longDate(ctx.today),
    'attendance.percent':
      stats.attendancePercent === null ? 'n/a' : `${stats.attendancePercent.toFixed(1)} %`,
    'attendance.sessionsMissed': String(stats.overallAbsence),
    'attendance.timeMissed': missed.text,
    'absence.codes': codes.length === 0 ? 'none' : codes.join('; '),
    'signed.name': ctx.staffName,
  };
}

/**
 * Makes the letter for a case action from `templateId`, stores its PDF with the action and
 * records what was made for whom and when.
 */
export async function makeLetter(
  db: Database,
  ctx: CaseworkContext & { readonly staffName: string },
  actionId: string,
  templateId: string,
): Promise<CaseLetter> {
  const action = await loadAction(db, ctx, actionId);
  const template = (await loadTemplates(db, ctx.schoolId)).find((t) => t.id === templateId);
  if (template === undefined) {
    throw new ApiError('invalid_request', {
      message: `There is no letter template "${templateId}". Choose one from the school's templates.`,
    });
  }
  const fields = await letterFields(db, ctx, action.pupilId);
  const letter = renderLetter(template, fields);
  const pdf = await letterPdf({
    schoolName: ctx.school.name,
    date: fields.today,
    letter,
    title: letter.subject,
  });
  const id = randomUUID();
  const attachmentId = randomUUID();
  const fileName = `${templateId}-${fields['child.name'].replace(/[^A-Za-z0-9]+/g, '-')}-${ctx.today}.pdf`;
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO case_attachment (id, action_id, school_id, file_name, media_type, body, created_by, created_at)
       VALUES ($1, $2, $3, $4, 'application/pdf', $5, $6, $7)`,
      [attachmentId, actionId, ctx.schoolId, fileName, Buffer.from(pdf), ctx.staffId, ctx.now],
    );
    await tx.query(
      `INSERT INTO case_letter (id, action_id, school_id, template_id, subject, attachment_id,
                                sent_to, how, made_by, made_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'printed', $8, $9)`,
      [
        id,
        actionId,
        ctx.schoolId,
        templateId,
        letter.subject,
        attachmentId,
        fields.parents,
        ctx.staffId,
        ctx.now,
      ],
    );
  });
  const letters = await loadLetters(db, ctx.schoolId, [actionId]);
  const made = letters.get(actionId)?.find((l) => l.id === id);
  if (made === undefined) throw new Error(`letter ${id} was not stored`);
  return made;
}

/** A stored letter's PDF, or not found (another school's letter is not found). */
export async function loadLetterPdf(
  db: Queryable,
  schoolId: string,
  letterId: string,
): Promise<{ fileName: string; body: Uint8Array<ArrayBuffer> }> {
  const { rows } = await db.query<{ file_name: string; body: Buffer }>(
    `SELECT a.file_name, a.body FROM case_letter l JOIN case_attachment a ON a.id = l.attachment_id
      WHERE l.school_id = $1 AND l.id = $2`,
    [schoolId, letterId],
  );
  const row = rows[0];
  if (row === undefined) {
    throw new ApiError('not_found', { message: 'This school has no letter with that id.' });
  }
  return { fileName: row.file_name, body: new Uint8Array(row.body) };
}

/**
 * Emails a kept letter, its PDF attached, to each of the pupil's contacts with parental
 * responsibility, one message each, and records every one: sent, failed (what the mail server
 * said) or not sent (no address, "do not contact", a court order). A contact already sent this
 * letter is not sent it again.
 */
export async function emailLetter(
  db: Database,
  mailer: Mailer | null,
  ctx: Pick<CaseworkContext, 'schoolId' | 'staffId' | 'now' | 'school'>,
  letterId: string,
): Promise<CaseLetter> {
  const { rows } = await db.query<{
    action_id: string;
    pupil_id: string;
    subject: string;
    file_name: string;
    body: Buffer;
    child_name: string;
  }>(
    `SELECT l.action_id, c.pupil_id, l.subject, a.file_name, a.body,
            coalesce(p.preferred_forename, p.legal_forename) || ' ' ||
              coalesce(p.preferred_surname, p.legal_surname) AS child_name
       FROM case_letter l
       JOIN case_attachment a ON a.id = l.attachment_id
       JOIN case_action x ON x.id = l.action_id
       JOIN attendance_case c ON c.id = x.case_id
       JOIN pupil p ON p.id = c.pupil_id
      WHERE l.school_id = $1 AND l.id = $2`,
    [ctx.schoolId, letterId],
  );
  const row = rows[0];
  if (row === undefined) {
    throw new ApiError('not_found', { message: 'This school has no letter with that id.' });
  }
  if (mailer === null) {
    throw new ApiError('mail_failed', {
      message:
        'This server has no mail server set up, so letters cannot be emailed. Print the letter instead, or ask whoever runs the server to set SMTP_HOST.',
    });
  }
  const parents = await loadCaseParents(db, ctx.schoolId, row.pupil_id);
  if (parents.length === 0) {
    throw new ApiError('invalid_request', {
      message: `The school holds no contact with parental responsibility for ${row.child_name}, so there is nobody to email. Add the contacts in the office's pupil record, or print the letter.`,
    });
  }
  const already = await db.query<{ contact_id: string }>(
    `SELECT contact_id FROM case_letter_delivery
      WHERE school_id = $1 AND letter_id = $2 AND outcome = 'sent'`,
    [ctx.schoolId, letterId],
  );
  const sentBefore = new Set(already.rows.map((r) => r.contact_id));
  const outcomes: {
    parent: CaseParent;
    outcome: LetterDelivery['outcome'];
    detail: string | null;
  }[] = [];
  for (const parent of parents.filter((p) => !sentBefore.has(p.id))) {
    if (!parent.mayContact) {
      outcomes.push({
        parent,
        outcome: 'not_sent',
        detail: 'Not emailed: the school must not contact them (do not contact, or a court order).',
      });
      continue;
    }
    if (parent.email === null) {
      outcomes.push({
        parent,
        outcome: 'not_sent',
        detail: 'Not emailed: the school holds no email address for them. Post or hand the letter.',
      });
      continue;
    }
    try {
      await mailer.send({
        to: parent.email,
        subject: `${row.subject} (${ctx.school.name})`,
        text: `Dear ${parent.name},\n\nPlease find attached a letter from ${ctx.school.name} about ${row.child_name}'s attendance: "${row.subject}".\n\nIf you have any questions, please contact the school office.\n\n${ctx.school.name}`,
        attachments: [
          { fileName: row.file_name, contentType: 'application/pdf', content: row.body },
        ],
      });
      outcomes.push({ parent, outcome: 'sent', detail: null });
    } catch (err) {
      if (!(err instanceof MailError)) throw err;
      outcomes.push({ parent, outcome: 'failed', detail: `Not delivered: ${err.message}.` });
    }
  }
  await db.transaction(async (tx) => {
    for (const { parent, outcome, detail } of outcomes) {
      await tx.query(
        `INSERT INTO case_letter_delivery (id, letter_id, school_id, contact_id, contact_name, email,
                                           outcome, detail, sent_by, sent_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          randomUUID(),
          letterId,
          ctx.schoolId,
          parent.id,
          parent.name,
          parent.email,
          outcome,
          detail,
          ctx.staffId,
          ctx.now,
        ],
      );
    }
    if (outcomes.some((o) => o.outcome === 'sent')) {
      await tx.query(`UPDATE case_letter SET how = 'email' WHERE school_id = $1 AND id = $2`, [
        ctx.schoolId,
        letterId,
      ]);
    }
  });
  const letters = await loadLetters(db, ctx.schoolId, [row.action_id]);
  const emailed = letters.get(row.action_id)?.find((l) => l.id === letterId);
  if (emailed === undefined) throw new Error(`letter ${letterId} vanished while emailed`);
  return emailed;
}
