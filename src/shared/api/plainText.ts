/**
 * Text people type into Tickmark: names, labels, reasons and notes. The register is read by
 * auditors, so what is stored must read as it was written. Characters with no visible form can
 * make it read otherwise: a right-to-left override (U+202E) shows "Dentist" typed backwards as
 * forwards, a zero-width space hides inside a name so two names that look the same differ, and
 * control characters are corruption. These schemas refuse them with a 400 naming the character
 * and where it is, which the screen shows, so the person who typed it can retype it: what is
 * stored is then what its writer saw.
 *
 * Two kinds of text strip the formatting characters instead (`stripFormatting`): imported files,
 * which come from another system and cannot be retyped, and a reason on a tablet's queued mark
 * (`queuedFreeText`), which must never hold up the marks queued behind it.
 */
import { z } from 'zod';

// Bidirectional controls: embeddings, overrides and isolates, and the marks (LRM, RLM, ALM).
const BIDI = '\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069';
// Characters that show nothing: zero-width space, word joiner and the invisible operators, the
// byte-order mark, the soft hyphen. Zero-width (non-)joiners U+200C/U+200D are left alone: they
// are how Persian, Indic scripts and emoji are written.
const INVISIBLE = '\u00ad\u200b\u2060-\u2064\ufeff';
// C0 and C1 control characters other than tab, line feed and carriage return (DEL included).
const CONTROLS = '\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f';

const FORMATTING = new RegExp(`[${BIDI}${INVISIBLE}]`, 'g');
const HIDDEN_IN_TEXT = new RegExp(`[${BIDI}${INVISIBLE}${CONTROLS}]`);
const HIDDEN_IN_LINE = new RegExp(`[${BIDI}${INVISIBLE}${CONTROLS}\\t\\n\\r]`);

const codePoint = (char: string): string =>
  `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

function kindOf(char: string): string {
  if (char === '\u0000') return 'the NUL character';
  if (char === '\t') return 'a tab';
  if (char === '\n' || char === '\r') return 'a line break';
  if (new RegExp(`[${BIDI}]`).test(char)) return 'a bidirectional control character';
  if (new RegExp(`[${INVISIBLE}]`).test(char)) return 'an invisible character';
  return 'a control character';
}

/**
 * What is wrong with `text`, or null: the first character that has no visible form (and, for a
 * one-line value, any tab or line break), as the end of a sentence.
 */
export function hiddenCharacterProblem(
  text: string,
  options: {
    readonly lineBreaks: boolean;
    /** How to put it right; by default, retype it. */
    readonly advice?: string;
  },
): string | null {
  const found = (options.lineBreaks ? HIDDEN_IN_TEXT : HIDDEN_IN_LINE).exec(text);
  if (found === null) return null;
  const char = found[0];
  // PostgreSQL text cannot hold NUL at all; the wording predates the other characters.
  if (char === '\u0000') return 'must not contain the NUL character (U+0000)';
  const advice = options.advice ?? 'retype it without it, so the record reads as written';
  return `must not contain ${kindOf(char)} (${codePoint(char)}, at character ${found.index + 1}): ${advice}`;
}

/** `text` without bidirectional controls and invisible characters (for imported files). */
export function stripFormatting(text: string): string {
  return text.replace(FORMATTING, '');
}

interface TextLimits {
  readonly min?: number;
  readonly max: number;
  /** Whether surrounding spaces are removed first (forms do; the tablet's reason is sent as typed). */
  readonly trim?: boolean;
  /** Messages for a value too short or too long, when the field has its own wording. */
  readonly tooShort?: string;
  readonly tooLong?: string;
}

function checkedText(limits: TextLimits, lineBreaks: boolean) {
  const min = limits.min ?? 0;
  let schema = z.string();
  if (limits.trim === true) schema = schema.trim();
  if (min > 0) {
    schema = schema.min(min, {
      message:
        limits.tooShort ?? (min === 1 ? 'must not be empty' : `must be at least ${min} characters`),
    });
  }
  schema = schema.max(
    limits.max,
    limits.tooLong === undefined ? undefined : { message: limits.tooLong },
  );
  return schema.superRefine((text, ctx) => {
    const problem = hiddenCharacterProblem(text, { lineBreaks });
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** A name or label: one line, every character visible (spaces aside). */
export const lineText = (limits: TextLimits) => checkedText(limits, false);

/** A reason or note: may run over lines, every other character visible. */
export const freeText = (limits: TextLimits) => checkedText(limits, true);

/**
 * A reason on a tablet's queued mark: formatting characters are stripped rather than refused.
 * A tablet may hold marks queued before this rule (or by an older app), and a push the server
 * refuses holds up every mark queued behind it; a mark must never be lost for a character
 * nobody can see. Control characters and NUL are still refused, as they always were for NUL.
 */
export const queuedFreeText = (limits: TextLimits) =>
  z.string().transform(stripFormatting).pipe(checkedText(limits, true));
