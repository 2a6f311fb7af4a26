/**
 * Letter templates with merge fields (docs/design.md §8.10). A template is plain text with
 * `{{field}}` placeholders; paragraphs are separated by a blank line. The fields a letter may use
 * are listed here, so a template naming an unknown field is refused when it is saved, not when a
 * letter goes out with a gap in it.
 */
import { z } from 'zod';
import type { Result } from '../result';
import { fail, ok } from '../result';

export const LETTER_FIELDS = {
  'child.name': "The child's name as the school uses it",
  'child.firstName': "The child's first name",
  'child.group': "The child's class",
  parents: 'The parents or carers the letter is addressed to',
  today: 'The date of the letter',
  'school.name': "The school's name",
  'period.from': 'The first day the figures cover',
  'period.to': 'The last day the figures cover',
  'attendance.percent': 'Attendance over the period, e.g. 91.2 %',
  'attendance.sessionsMissed': 'Sessions missed (two a day)',
  'attendance.timeMissed': 'Time missed as days and hours, e.g. 4.5 days (about 29 hours)',
  'absence.codes': 'The codes other than present on time over the period, with meanings and counts',
  'signed.name': 'The name of the person who made the letter',
} as const;

export type LetterField = keyof typeof LETTER_FIELDS;
export type LetterFields = Readonly<Record<LetterField, string>>;

const FIELD_PATTERN = /\{\{\s*([A-Za-z.]+)\s*\}\}/g;

export const letterTemplateSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/, 'Use lower-case letters, digits and hyphens (e.g. "stage-1").'),
    name: z.string().trim().min(1).max(120),
    /** The heading printed above the letter. */
    subject: z.string().trim().min(1).max(200),
    body: z.string().trim().min(1).max(8000),
  })
  .superRefine((template, ctx) => {
    for (const [key, text] of [
      ['subject', template.subject],
      ['body', template.body],
    ] as const) {
      for (const match of text.matchAll(FIELD_PATTERN)) {
        const field = match[1] ?? '';
        if (!(field in LETTER_FIELDS)) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `"{{${field}}}" is not a field letters know. Use one of: ${Object.keys(LETTER_FIELDS).join(', ')}.`,
          });
        }
      }
    }
  });

export type LetterTemplate = z.output<typeof letterTemplateSchema>;

export interface RenderedLetter {
  readonly subject: string;
  /** Paragraphs, in order; a single line break inside one is kept (a signature's lines). */
  readonly paragraphs: readonly string[];
}

/** Fills a template's fields. The template has been checked, so every field is known. */
export function renderLetter(template: LetterTemplate, fields: LetterFields): RenderedLetter {
  const fill = (text: string) =>
    text.replace(FIELD_PATTERN, (_whole, name: string) => fields[name as LetterField]);
  return {
    subject: fill(template.subject),
    paragraphs: template.body
      .split(/\n\s*\n/)
      .map((p) => fill(p.replace(/[ \t]*\n[ \t]*/g, '\n').trim()))
      .filter((p) => p !== ''),
  };
}

export function parseLetterTemplate(input: unknown): Result<LetterTemplate, string> {
  const parsed = letterTemplateSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return fail(...parsed.error.issues.map((i) => `${i.path.join('.') || 'template'}: ${i.message}`));
}

const common = {
  opening: 'Dear {{parents}},',
  figures:
    'Between {{period.from}} and {{period.to}}, {{child.firstName}} attended {{attendance.percent}} of sessions and missed {{attendance.sessionsMissed}} sessions: {{attendance.timeMissed}}. Sessions other than present on time were recorded as: {{absence.codes}}.',
  close: 'Yours sincerely,\n\n{{signed.name}}\n{{school.name}}',
};

/**
 * The letters a school starts with, one per letter the example ladders name. A school saves its
 * own wording under the same id to replace one.
 */
export const DEFAULT_LETTER_TEMPLATES: readonly LetterTemplate[] = [
  {
    id: 'school-attendance-letter',
    name: 'School Attendance Letter (unexplained absence)',
    subject: 'Unexplained absence: {{child.name}}',
    body: `${common.opening}\n\n{{child.name}} has been absent from school and we have not been told why. Please contact the school office today to explain the absence.\n\n${common.figures}\n\n${common.close}`,
  },
  {
    id: 'support-offer',
    name: 'Attendance below 93 %: an offer of support',
    subject: 'Attendance of {{child.name}}: we would like to help',
    body: `${common.opening}\n\n${common.figures}\n\nWe would like to help {{child.firstName}} attend every day. Please contact the school so that we can talk about any difficulties and the support we can offer.\n\n${common.close}`,
  },
  {
    id: 'stage-1',
    name: 'Stage one letter',
    subject: 'Attendance concern (stage one): {{child.name}}',
    body: `${common.opening}\n\nWe are writing because we are concerned about {{child.firstName}}'s attendance.\n\n${common.figures}\n\nWe will review attendance again in four weeks.\n\n${common.close}`,
  },
  {
    id: 'stage-2',
    name: 'Stage two letter (after the phone call)',
    subject: 'Attendance concern (stage two): {{child.name}}',
    body: `${common.opening}\n\nThank you for talking with us about {{child.firstName}}'s attendance. This letter confirms the target and support we agreed.\n\n${common.figures}\n\n${common.close}`,
  },
  {
    id: 'stage-3-warning',
    name: 'Stage three warning letter',
    subject: 'Attendance warning (stage three): {{child.name}}',
    body: `${common.opening}\n\nFollowing the attendance interview, we must warn you that if {{child.firstName}}'s attendance does not improve the school may ask the local authority to consider a notice to improve or a penalty notice.\n\n${common.figures}\n\n${common.close}`,
  },
  {
    id: 'below-target',
    name: 'Attendance below the 96 % target',
    subject: 'Attendance of {{child.name}}',
    body: `${common.opening}\n\n{{child.firstName}}'s attendance is below our target of 96 %.\n\n${common.figures}\n\nWe would like to meet you with our attendance lead to talk about how we can help.\n\n${common.close}`,
  },
  {
    id: 'lateness',
    name: 'Lateness',
    subject: 'Punctuality of {{child.name}}',
    body: `${common.opening}\n\n{{child.firstName}} has arrived late to school several times. Arriving on time matters: the start of the day is when the class is told what it will learn.\n\n${common.figures}\n\n${common.close}`,
  },
];
