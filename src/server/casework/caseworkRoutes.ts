/**
 * The casework API (docs/api.md, "Casework"): the attendance lead's list of actions due, a
 * pupil's case, adding and recording actions, and the school's escalation ladder.
 */
import type { Hono } from 'hono';
import { localDate, toSchoolWallClock, type LocalDate } from '../../domain/index';
import * as endpoints from '../../shared/api/endpoints/caseworkEndpoints';
import type { DueResponse } from '../../shared/api/caseworkSchemas';
import type { AppDeps } from '../appDeps';
import type { Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import type { AppEnv, AuthContext } from '../http/appEnv';
import { serveEndpoint } from '../http/serveEndpoint';
import { loadSchoolRow, schoolConfigOf } from '../school/schoolRules';
import { loadActions, loadCase } from './caseStore';
import {
  addAction,
  loadAction,
  loadLadder,
  loadPupilEntries,
  proposalsFor,
  saveLadder,
  signalsOf,
  updateAction,
  type CaseworkContext,
} from './caseService';
import {
  emailLetter,
  loadLetterPdf,
  loadLetters,
  loadTemplates,
  makeLetter,
  previewLetter,
  saveTemplate,
} from './caseLetters';
import { loadCaseParents } from './caseContacts';
import {
  advanceNotice,
  considerNotice,
  listPenaltyNotices,
  penaltyNoticesCsv,
} from './penaltyNoticeService';
import { LETTER_FIELDS, parseLetterTemplate } from '../../domain/index';
import { FileReply } from '../http/serveEndpoint';
import { createPartTime, loadTimetables, updatePartTime } from './partTimeService';

interface CasePupil {
  readonly id: string;
  readonly displayName: string;
}

/** Pupils of the school on roll on `day` (or the one asked for, on roll or not). */
async function loadCasePupils(
  db: Queryable,
  schoolId: string,
  day: LocalDate,
  pupilId?: string,
): Promise<CasePupil[]> {
  const { rows } = await db.query<{ id: string; display_name: string }>(
    `SELECT id, coalesce(preferred_forename, legal_forename) || ' ' ||
                coalesce(preferred_surname, legal_surname) AS display_name
       FROM pupil
      WHERE school_id = $1 AND ${
        pupilId === undefined
          ? 'on_roll_from <= $2 AND (on_roll_to IS NULL OR on_roll_to >= $2)'
          : 'id = $2'
      }
      ORDER BY coalesce(preferred_surname, legal_surname), coalesce(preferred_forename, legal_forename), id`,
    [schoolId, pupilId ?? day],
  );
  return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
}

async function contextOf(deps: AppDeps, auth: AuthContext): Promise<CaseworkContext> {
  const now = deps.clock.now();
  const school = schoolConfigOf(await loadSchoolRow(deps.db, auth.school.id), now);
  return {
    schoolId: auth.school.id,
    staffId: auth.staff.id,
    now,
    today: toSchoolWallClock(now, school.timeZone).date,
    school,
    loadLetters: (ids) => loadLetters(deps.db, auth.school.id, ids),
  };
}

/** Adds the casework routes to the app. */
export function registerCaseworkRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  serveEndpoint(app, deps, endpoints.due, async ({ query, auth }) => {
    const ctx = await contextOf(deps, auth);
    const on = query.on === undefined ? ctx.today : localDate(query.on);
    const pupils = await loadCasePupils(deps.db, ctx.schoolId, on);
    const byId = new Map(pupils.map((p) => [p.id, p]));
    const due = await loadActions(deps.db, ctx.schoolId, { dueBy: on }, ctx.loadLetters);
    const actions: DueResponse['actions'] = [];
    for (const action of due) {
      const pupil =
        byId.get(action.pupilId) ??
        (await loadCasePupils(deps.db, ctx.schoolId, on, action.pupilId))[0];
      if (pupil === undefined) continue;
      const why =
        action.status === 'done' ? 'review' : action.dueOn < on ? 'overdue' : ('due' as const);
      actions.push({ pupil, action, why });
    }
    const ladder = await loadLadder(deps.db, ctx.schoolId);
    const proposals: DueResponse['proposals'] = [];
    if (ladder !== null) {
      const entries = await loadPupilEntries(deps.db, ctx.schoolId, null, on);
      for (const pupil of pupils) {
        const list = entries.get(pupil.id);
        if (list === undefined) continue;
        const current = await loadCase(deps.db, ctx.schoolId, pupil.id);
        const history =
          current === null || current.closedOn !== null
            ? []
            : await loadActions(deps.db, ctx.schoolId, { caseId: current.id }, ctx.loadLetters);
        for (const proposal of proposalsFor(ladder, signalsOf(list, ctx.school, on), history)) {
          proposals.push({ pupil, proposal });
        }
      }
    }
    return { on, actions, proposals };
  });

  serveEndpoint(app, deps, endpoints.pupilCase, async ({ params, auth }) => {
    const ctx = await contextOf(deps, auth);
    const [pupil] = await loadCasePupils(deps.db, ctx.schoolId, ctx.today, params.pupilId);
    if (pupil === undefined) {
      throw new ApiError('not_found', { message: 'This school has no pupil with that id.' });
    }
    const current = await loadCase(deps.db, ctx.schoolId, pupil.id);
    const actions =
      current === null
        ? []
        : await loadActions(deps.db, ctx.schoolId, { caseId: current.id }, ctx.loadLetters);
    const entries = await loadPupilEntries(deps.db, ctx.schoolId, [pupil.id], ctx.today);
    const signals = signalsOf(entries.get(pupil.id) ?? [], ctx.school, ctx.today);
    const open = current !== null && current.closedOn === null;
    return {
      pupil,
      case: current,
      actions,
      proposals: proposalsFor(
        await loadLadder(deps.db, ctx.schoolId),
        signals,
        open ? actions : [],
      ),
      attendance: { attended: signals.attended, possible: signals.possible },
      parents: await loadCaseParents(deps.db, ctx.schoolId, pupil.id),
    };
  });

  serveEndpoint(app, deps, endpoints.addAction, async ({ params, body, auth }) => {
    const ctx = await contextOf(deps, auth);
    const action = await addAction(deps.db, ctx, params.pupilId, body);
    deps.logger.info('case action added', {
      action: action.id,
      kind: action.kind,
      by: auth.staff.id,
    });
    return { action };
  });

  serveEndpoint(app, deps, endpoints.updateAction, async ({ params, body, auth }) => {
    const ctx = await contextOf(deps, auth);
    return { action: await updateAction(deps.db, ctx, params.actionId, body) };
  });

  serveEndpoint(app, deps, endpoints.ladder, async ({ auth }) => ({
    ladder: await loadLadder(deps.db, auth.school.id),
  }));

  serveEndpoint(app, deps, endpoints.saveLadder, async ({ body, auth }) => {
    await saveLadder(deps.db, auth.school.id, auth.staff.id, body.ladder, deps.clock.now());
    return { ladder: await loadLadder(deps.db, auth.school.id) };
  });

  /** The template asked for, or the one the action's ladder stage names. */
  async function templateIdOf(ctx: CaseworkContext, actionId: string, asked?: string) {
    if (asked !== undefined) return asked;
    const action = await loadAction(deps.db, ctx, actionId);
    const ladder = await loadLadder(deps.db, ctx.schoolId);
    const named = ladder?.stages.find((s) => s.id === action.stageId)?.action.letter;
    if (named === undefined) {
      throw new ApiError('invalid_request', {
        message: 'Choose the letter template: this action has no ladder stage that names one.',
      });
    }
    return named;
  }

  serveEndpoint(app, deps, endpoints.previewLetter, async ({ params, body, auth }) => {
    const ctx = await contextOf(deps, auth);
    const templateId = await templateIdOf(ctx, params.actionId, body.templateId);
    return previewLetter(
      deps.db,
      { ...ctx, staffName: auth.staff.name },
      params.actionId,
      templateId,
    );
  });

  serveEndpoint(app, deps, endpoints.makeLetter, async ({ params, body, auth }) => {
    const ctx = await contextOf(deps, auth);
    const templateId = await templateIdOf(ctx, params.actionId, body.templateId);
    const letter = await makeLetter(
      deps.db,
      { ...ctx, staffName: auth.staff.name },
      params.actionId,
      templateId,
    );
    deps.logger.info('case letter made', { letter: letter.id, by: auth.staff.id });
    return { letter };
  });

  serveEndpoint(app, deps, endpoints.letterPdf, async ({ params, auth }) => {
    const pdf = await loadLetterPdf(deps.db, auth.school.id, params.letterId);
    return new FileReply(pdf.body, { fileName: pdf.fileName });
  });

  serveEndpoint(app, deps, endpoints.letterTemplates, async ({ auth }) => ({
    templates: await loadTemplates(deps.db, auth.school.id),
    fields: { ...LETTER_FIELDS },
  }));

  serveEndpoint(app, deps, endpoints.saveLetterTemplate, async ({ params, body, auth }) => {
    const parsed = parseLetterTemplate({ id: params.templateId, ...body });
    if (!parsed.ok) {
      throw new ApiError('invalid_request', { message: parsed.errors.join(' ') });
    }
    const ctx = { schoolId: auth.school.id, staffId: auth.staff.id, now: deps.clock.now() };
    await saveTemplate(deps.db, ctx, parsed.value);
    return { template: parsed.value };
  });

  serveEndpoint(app, deps, endpoints.partTimeList, async ({ auth }) => {
    const ctx = await contextOf(deps, auth);
    return { timetables: await loadTimetables(deps.db, ctx.schoolId, ctx.today) };
  });

  serveEndpoint(app, deps, endpoints.createPartTime, async ({ params, body, auth }) => {
    const ctx = await contextOf(deps, auth);
    const made = await createPartTime(
      deps.db,
      { ...ctx, staffName: auth.staff.name, roles: auth.roles },
      params.pupilId,
      body,
    );
    return made;
  });

  serveEndpoint(app, deps, endpoints.updatePartTime, async ({ params, body, auth }) => {
    const ctx = await contextOf(deps, auth);
    return updatePartTime(
      deps.db,
      { ...ctx, staffName: auth.staff.name, roles: auth.roles },
      params.timetableId,
      body,
    );
  });

  serveEndpoint(app, deps, endpoints.emailLetter, async ({ params, auth }) => {
    const ctx = await contextOf(deps, auth);
    const letter = await emailLetter(deps.db, deps.mailer, ctx, params.letterId);
    deps.logger.info('case letter emailed', {
      letter: letter.id,
      by: auth.staff.id,
      sent: letter.deliveries.filter((d) => d.outcome === 'sent').length,
      failed: letter.deliveries.filter((d) => d.outcome === 'failed').length,
    });
    return { letter };
  });

  serveEndpoint(app, deps, endpoints.penaltyNotices, async ({ query, auth }) => {
    const notices = await listPenaltyNotices(deps.db, auth.school.id, query.pupilId);
    if (query.format === 'csv') {
      const today = toSchoolWallClock(
        deps.clock.now(),
        schoolConfigOf(await loadSchoolRow(deps.db, auth.school.id), deps.clock.now()).timeZone,
      ).date;
      return new FileReply(penaltyNoticesCsv(notices), {
        fileName: `penalty-notices-${today}.csv`,
      });
    }
    return { notices };
  });

  serveEndpoint(app, deps, endpoints.considerNotice, async ({ params, body, auth }) => {
    const ctx = await contextOf(deps, auth);
    const [pupil] = await loadCasePupils(deps.db, ctx.schoolId, ctx.today, params.pupilId);
    if (pupil === undefined) {
      throw new ApiError('not_found', { message: 'This school has no pupil with that id.' });
    }
    return { notice: await considerNotice(deps.db, ctx, pupil.id, body) };
  });

  serveEndpoint(app, deps, endpoints.advanceNotice, async ({ params, body, auth }) => {
    const ctx = await contextOf(deps, auth);
    const notice = await advanceNotice(deps.db, ctx, params.noticeId, body);
    deps.logger.info('penalty notice step', {
      notice: notice.id,
      stage: notice.stage,
      by: auth.staff.id,
    });
    return { notice };
  });
}
