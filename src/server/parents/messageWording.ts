/**
 * The school's first-day wording in each language the parent page ships (en-GB, Polish): the
 * school's phone and its en-GB wording live in parent_message_settings, every other language in
 * parent_message_wording. A language the school has not written uses the wording Tickmark ships
 * for it (the domain's DEFAULT_FIRST_DAY_WORDING), so a Polish family is written to in Polish
 * from the start. The rules a wording must follow are the domain's (wordingProblems): the screen
 * previews them and the server refuses a wording that breaks them.
 */
import {
  DEFAULT_FIRST_DAY_WORDING,
  FAMILY_LANGUAGE_NAMES,
  FAMILY_LANGUAGES,
  wordingProblems,
  type FamilyLanguage,
  type FirstDayWording,
} from '../../domain/index';
import type { WordingResponse } from '../../shared/api/familySchemas';
import type { Queryable } from '../db/database';
import { ApiError } from '../http/apiError';

/** What the messages say to call before the school writes its phone number on the wording screen. */
export const DEFAULT_SCHOOL_PHONE = 'the school office';

export interface SchoolWording {
  readonly schoolPhone: string;
  readonly wordings: ReadonlyMap<FamilyLanguage, { wording: FirstDayWording; saved: boolean }>;
}

export async function readSchoolWording(db: Queryable, schoolId: string): Promise<SchoolWording> {
  const { rows: english } = await db.query<{
    school_phone: string;
    sms_body: string;
    email_subject: string;
    email_body: string;
  }>(
    'SELECT school_phone, sms_body, email_subject, email_body FROM parent_message_settings WHERE school_id = $1',
    [schoolId],
  );
  const saved = english[0];
  const { rows } = await db.query<{
    language: string;
    sms_body: string;
    email_subject: string;
    email_body: string;
  }>(
    'SELECT language, sms_body, email_subject, email_body FROM parent_message_wording WHERE school_id = $1',
    [schoolId],
  );
  const wordings = new Map<FamilyLanguage, { wording: FirstDayWording; saved: boolean }>();
  wordings.set(
    'en-GB',
    saved === undefined
      ? { wording: DEFAULT_FIRST_DAY_WORDING['en-GB'], saved: false }
      : {
          wording: {
            smsBody: saved.sms_body,
            emailSubject: saved.email_subject,
            emailBody: saved.email_body,
          },
          saved: true,
        },
  );
  for (const language of FAMILY_LANGUAGES) {
    if (language === 'en-GB') continue;
    const row = rows.find((r) => r.language === language);
    wordings.set(
      language,
      row === undefined
        ? { wording: DEFAULT_FIRST_DAY_WORDING[language], saved: false }
        : {
            wording: {
              smsBody: row.sms_body,
              emailSubject: row.email_subject,
              emailBody: row.email_body,
            },
            saved: true,
          },
    );
  }
  return { schoolPhone: saved?.school_phone ?? DEFAULT_SCHOOL_PHONE, wordings };
}

export function wordingResponse(
  wording: SchoolWording,
  channels: { sms: boolean; email: boolean },
): WordingResponse {
  return {
    schoolPhone: wording.schoolPhone,
    languages: FAMILY_LANGUAGES.map((language) => {
      const entry = wording.wordings.get(language);
      return {
        language,
        name: FAMILY_LANGUAGE_NAMES[language].english,
        wording: entry?.wording ?? DEFAULT_FIRST_DAY_WORDING[language],
        saved: entry?.saved ?? false,
      };
    }),
    channels,
  };
}

/** Refuses a wording that breaks the domain's rules, with every problem named. */
export function checkWording(wording: FirstDayWording): void {
  const problems = wordingProblems(wording);
  if (problems.length > 0) {
    throw new ApiError('invalid_request', {
      message: `The wording was not saved: ${problems.join(' ')}`,
      details: { issues: problems.map((message) => ({ path: '', message })) },
    });
  }
}

export async function saveSchoolWording(
  db: Queryable,
  input: {
    schoolId: string;
    language: FamilyLanguage;
    schoolPhone: string;
    wording: FirstDayWording;
    staffId: string;
    now: Date;
  },
): Promise<void> {
  const { schoolId, language, schoolPhone, wording, staffId, now } = input;
  checkWording(wording);
  const english =
    language === 'en-GB'
      ? wording
      : ((await readSchoolWording(db, schoolId)).wordings.get('en-GB')?.wording ??
        DEFAULT_FIRST_DAY_WORDING['en-GB']);
  await db.query(
    `INSERT INTO parent_message_settings (school_id, school_phone, sms_body, email_subject, email_body, updated_at, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (school_id) DO UPDATE SET school_phone = $2, sms_body = $3, email_subject = $4, email_body = $5,
       updated_at = $6, updated_by = $7`,
    [schoolId, schoolPhone, english.smsBody, english.emailSubject, english.emailBody, now, staffId],
  );
  if (language === 'en-GB') return;
  await db.query(
    `INSERT INTO parent_message_wording (school_id, language, sms_body, email_subject, email_body, updated_at, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (school_id, language) DO UPDATE SET sms_body = $3, email_subject = $4, email_body = $5,
       updated_at = $6, updated_by = $7`,
    [schoolId, language, wording.smsBody, wording.emailSubject, wording.emailBody, now, staffId],
  );
}
