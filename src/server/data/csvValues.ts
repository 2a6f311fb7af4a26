/**
 * The values a CSV cell may hold, as zod schemas that turn text into typed values. Each schema's
 * message is the end of a sentence ("is not one of N1, N2, R, 1–13"); `readCell` puts the row,
 * the column and the value in front, so every problem reads the same way:
 * "row 14: year group 'Year Seven' is not one of N1, N2, R, 1–13".
 */
import { z } from 'zod';
import {
  DELETION_GROUND_KEYS,
  ethnicityOfCensusCode,
  firstLanguageOfCensusCode,
  parseDeletionGround,
  senOfCensusCode,
  sexOfCensusCode,
  parseLocalDate,
  YEAR_GROUPS,
  type DeletionGround,
  type LocalDate,
  type Role,
  type SenProvision,
  type SessionPart,
  type YearGroup,
} from '../../domain/index';
import type { RowError } from '../../shared/api/dataSchemas';
import { hiddenCharacterProblem, stripFormatting } from '../../shared/api/plainText';

const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const YMD = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/** dd/MM/yyyy (as UK MIS exports write) or yyyy-MM-dd. */
export const dateCell = z.string().transform((text, ctx): LocalDate => {
  const dmy = DMY.exec(text);
  const ymd = YMD.exec(text);
  const parts = dmy ? [dmy[3], dmy[2], dmy[1]] : ymd ? [ymd[1], ymd[2], ymd[3]] : null;
  const date =
    parts === null
      ? null
      : parseLocalDate(`${parts[0]}-${(parts[1] ?? '').padStart(2, '0')}-${(parts[2] ?? '').padStart(2, '0')}`);
  if (date === null) {
    ctx.addIssue({
      code: 'custom',
      message:
        parts === null
          ? 'is not a date: write it as dd/MM/yyyy (31/01/2015) or yyyy-MM-dd (2015-01-31)'
          : 'is not a real calendar date',
    });
    return z.NEVER;
  }
  return date;
});

const YEAR_WORDS: Readonly<Record<string, YearGroup>> = {
  reception: 'R',
  rec: 'R',
  nursery1: 'N1',
  nursery2: 'N2',
  n1: 'N1',
  n2: 'N2',
  r: 'R',
};

/** N1, N2, R, 1–13, also written "Year 7", "Y7", "Yr 7", "Reception", "Nursery 1". */
export const yearGroupCell = z.string().transform((text, ctx): YearGroup => {
  const key = text.toLowerCase().replace(/[\s_-]/g, '');
  const word = YEAR_WORDS[key];
  if (word !== undefined) return word;
  const numeric = /^(?:year|yr|y)?0*(\d{1,2})$/.exec(key)?.[1];
  const found = YEAR_GROUPS.find((y) => y === numeric);
  if (found !== undefined) return found;
  ctx.addIssue({ code: 'custom', message: 'is not one of N1, N2, R, 1–13' });
  return z.NEVER;
});

/** A ground for deletion by its key ("home_education") or its label ("Died"). */
export const deletionGroundCell = z.string().transform((text, ctx): DeletionGround => {
  const ground = parseDeletionGround(text);
  if (ground !== null) return ground;
  ctx.addIssue({
    code: 'custom',
    message: `is not one of the grounds for deletion: write one of ${DELETION_GROUND_KEYS.join(', ')} (or its label)`,
  });
  return z.NEVER;
});

const TRUE_WORDS = new Set(['y', 'yes', 'true', '1', 't', 'k', 'e', 'ehcp', 'sensupport']);
const FALSE_WORDS = new Set(['', 'n', 'no', 'false', '0', 'f', 'none']);

/**
 * A yes/no flag. Blank is no. SEN provision letters count too: K (SEN support) and E (EHC plan)
 * are yes, N is no.
 */
export const flagCell = z.string().transform((text, ctx): boolean => {
  const key = text.toLowerCase().replace(/\s/g, '');
  if (TRUE_WORDS.has(key)) return true;
  if (FALSE_WORDS.has(key)) return false;
  ctx.addIssue({ code: 'custom', message: 'is not yes or no: write Y or N (blank means no)' });
  return z.NEVER;
});

/** A cell read by one of the domain's census-code readers; blank is "not recorded" (null). */
function censusCell<T>(read: (code: string) => T | null, expected: string) {
  return z.string().transform((text, ctx): T | null => {
    if (text.trim() === '') return null;
    const value = read(text);
    if (value !== null) return value;
    ctx.addIssue({ code: 'custom', message: `is not ${expected}` });
    return z.NEVER;
  });
}

/** Sex as the school census records it (M or F). */
export const sexCell = censusCell(sexOfCensusCode, 'a sex the census records: write M or F');

/** A census ethnicity code (WBRI, MWBC, APKN, BAFR, CHNE, OOTH, REFU…), as its major group. */
export const ethnicityCell = censusCell(
  ethnicityOfCensusCode,
  "one of the census's 4-letter ethnicity codes, e.g. WBRI, MWBC, APKN, BAFR, CHNE, OOTH, REFU or NOBT",
);

/** A census first-language code: ENG, ENB, OTH, OTB, NOT, REF or a language's code (POL…). */
export const firstLanguageCell = censusCell(
  firstLanguageOfCensusCode,
  "one of the census's first-language codes, e.g. ENG, ENB, OTB, NOT or a language's code such as POL",
);

/** SEN provision from the SEND cell: N, K or E; Y is SEN support; blank is no SEN. */
export const senProvisionOf = (text: string): SenProvision | null => {
  const key = text.trim().toLowerCase();
  const letter = senOfCensusCode(key);
  if (letter !== null) return letter;
  if (key === 'ehcp') return 'ehcPlan';
  if (key === 'sensupport') return 'senSupport';
  if (TRUE_WORDS.has(key)) return 'senSupport';
  if (FALSE_WORDS.has(key)) return 'none';
  return null;
};

/** A unique pupil number: a letter, 11 digits, then a digit or letter (13 characters). */
export const upnCell = z
  .string()
  .transform((text) => text.toUpperCase().replace(/\s/g, ''))
  .refine((upn) => /^[A-Z][0-9]{11}[0-9A-Z]$/.test(upn), {
    message: 'is not a UPN: a UPN is 13 characters, a letter, 11 digits, then a digit or letter',
  });

/**
 * A name from an imported file, on one line. The file comes from another system and cannot be
 * retyped, so bidirectional marks and zero-width characters (some MIS exports put marks around
 * right-to-left names) are stripped: the name then reads the same everywhere, and the same file
 * imported again gives the same name. Control characters and line breaks are corruption, not
 * formatting: the row is refused, naming the character.
 */
const importedName = (max: number) =>
  z
    .string()
    .transform(stripFormatting)
    .pipe(
      z
        .string()
        .max(max, `is longer than ${max} characters`)
      .superRefine((text, ctx) => {
        const problem = hiddenCharacterProblem(text, {
            lineBreaks: false,
            advice: 'remove it in the file (or in the MIS it came from) and import again',
          });
        if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
      }),
  );

export const nameCell = importedName(100);

export const groupNameCell = importedName(100);

export const staffNameCell = importedName(200);

/** A term's or closure's name in a calendar file. */
export const labelCell = importedName(100);

export const sessionCell = z.string().transform((text, ctx): SessionPart => {
  const key = text.toLowerCase().replace(/[\s.]/g, '');
  if (key === 'am' || key === 'morning' || key === 'a') return 'AM';
  if (key === 'pm' || key === 'afternoon' || key === 'p') return 'PM';
  ctx.addIssue({ code: 'custom', message: 'is not AM or PM' });
  return z.NEVER;
});

export const minutesCell = z.string().transform((text, ctx): number | null => {
  if (text === '') return null;
  if (!/^\d{1,4}$/.test(text)) {
    ctx.addIssue({ code: 'custom', message: 'is not a whole number of minutes (0 or more)' });
    return z.NEVER;
  }
  return Number(text);
});

export const emailCell = z
  .string()
  .transform((text) => text.toLowerCase())
  .pipe(z.email('is not an email address').max(254, 'is longer than 254 characters'));

const ROLE_WORDS: Readonly<Record<string, Role>> = {
  teacher: 'teacher',
  classteacher: 'teacher',
  office: 'office',
  officestaff: 'office',
  attendancelead: 'attendance_lead',
  attendanceofficer: 'attendance_lead',
  admin: 'admin',
  administrator: 'admin',
};

/** Roles separated by `;`, `,` or `|`: "Teacher; Admin", "attendance lead". */
export const rolesCell = z.string().transform((text, ctx): Role[] => {
  const roles = new Set<Role>();
  for (const part of text.split(/[;,|]/)) {
    const key = part.toLowerCase().replace(/[^a-z]/g, '');
    if (key === '') continue;
    const role = ROLE_WORDS[key];
    if (role === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `names '${part.trim()}', which is not a role: use teacher, office, attendance lead or admin`,
      });
      return z.NEVER;
    }
    roles.add(role);
  }
  if (roles.size === 0) {
    ctx.addIssue({ code: 'custom', message: 'names no role: use teacher, office, attendance lead or admin' });
    return z.NEVER;
  }
  return [...roles];
});

/** Group names separated by `;` or `|` (commas can be part of a name). */
export const groupListCell = z.string().transform((text) =>
  [...new Set(text.split(/[;|]/).map((g) => g.trim()).filter((g) => g !== ''))],
);

type CellResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };

/**
 * Results of earlier cells by schema and text. A marks file repeats the same UPNs, dates and
 * sessions hundreds of thousands of times, and these schemas are pure, so each distinct text is
 * parsed once: a million-row file then spends its time on the rows, not on zod and the garbage
 * it leaves.
 */
const parsedCells = new WeakMap<z.ZodType, Map<string, CellResult>>();
const MEMO_LIMIT = 100_000;

function parseCell(schema: z.ZodType, value: string): CellResult {
  let memo = parsedCells.get(schema);
  if (memo === undefined) {
    memo = new Map();
    parsedCells.set(schema, memo);
  }
  const known = memo.get(value);
  if (known !== undefined) return known;
  const parsed = schema.safeParse(value);
  const result: CellResult = parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, problem: parsed.error.issues[0]?.message ?? 'is not valid' };
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(value, result);
  return result;
}

/** Collects the problems of one row as plain sentences. */
export class RowProblems {
  readonly errors: RowError[] = [];

  constructor(readonly row: number) {}

  /** Parses one cell; on failure records "row N: <label> '<value>' <problem>" and returns undefined. */
  read<T>(schema: z.ZodType<T, string>, label: string, value: string, required: boolean): T | undefined {
    if (value === '' && required) {
      this.add(label, value, `row ${this.row}: ${label} is missing`);
      return undefined;
    }
    const parsed = parseCell(schema, value);
    // The memo holds what this schema produced for this text, so the value has type T.
    if (parsed.ok) return parsed.value as T;
    this.add(label, value, `row ${this.row}: ${label} '${value}' ${parsed.problem}`);
    return undefined;
  }

  add(column: string | null, value: string | null, message: string): void {
    this.errors.push({ row: this.row, column, value, message });
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }
}
