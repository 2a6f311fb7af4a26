/**
 * Reads a DfE absence file from explore-education-statistics.service.gov.uk ("Pupil absence in
 * schools in England": the files by geographic level and by pupil characteristic) into benchmark
 * figures (docs/design.md §8.12). Parsed with papaparse, each cell checked with zod.
 *
 * Kept: national, regional and local-authority rows; phases Total, State-funded primary,
 * State-funded secondary and Special; every pupil ("Total") and the characteristics the
 * vocabulary holds (`publishedGroupOf`). Left out, and counted by reason: other levels (school,
 * district), other phases (pupil referral units), breakdowns the vocabulary does not hold, rows
 * whose headline figures are suppressed ('c', 'x', 'z', ':'), and repeats of a figure already read.
 * Any other problem refuses the whole file, naming the line and the column and what was expected.
 */
import Papa from 'papaparse';
import { z } from 'zod';
import {
  benchmarkLevelOf,
  benchmarkPhaseOf,
  groupKeyOf,
  publishedGroupOf,
  type BenchmarkLevel,
  type BenchmarkPhase,
} from '../../domain/index';

/** One figure as stored (table dfe_benchmark). */
export interface BenchmarkFigure {
  readonly timePeriod: string;
  readonly timeIdentifier: string;
  readonly level: BenchmarkLevel;
  readonly areaCode: string;
  readonly areaName: string;
  readonly regionCode: string | null;
  readonly phase: BenchmarkPhase;
  readonly groupKey: string;
  readonly enrolments: number;
  readonly sessionsPossible: number;
  readonly sessionsOverall: number;
  readonly overallPercent: number;
  readonly persistentEnrolments: number | null;
  readonly persistentPercent: number | null;
  readonly severeEnrolments: number | null;
  readonly severePercent: number | null;
}

/** What was wrong, where: `line` 1 is the header; `column` is the header as the file spells it. */
export interface BenchmarkFileProblem {
  readonly line: number | null;
  readonly column: string | null;
  readonly message: string;
}

export type BenchmarkFileRead =
  | {
      readonly ok: true;
      readonly figures: readonly BenchmarkFigure[];
      readonly rowsRead: number;
      /** Rows not kept, by reason ("breakdown not held: SEN primary need / Autism", …). */
      readonly leftOut: Readonly<Record<string, number>>;
    }
  | { readonly ok: false; readonly problems: readonly BenchmarkFileProblem[] };

type Field =
  | 'timePeriod'
  | 'timeIdentifier'
  | 'level'
  | 'countryCode'
  | 'countryName'
  | 'regionCode'
  | 'regionName'
  | 'laCode'
  | 'laName'
  | 'phase'
  | 'topic'
  | 'breakdown'
  | 'enrolments'
  | 'possible'
  | 'overall'
  | 'overallPercent'
  | 'persistent'
  | 'persistentPercent'
  | 'severe'
  | 'severePercent';

/** Each field's header as published; the first is the current name, later ones older files'. */
const HEADERS: Readonly<Record<Field, readonly string[]>> = {
  timePeriod: ['time_period'],
  timeIdentifier: ['time_identifier'],
  level: ['geographic_level'],
  countryCode: ['country_code'],
  countryName: ['country_name'],
  regionCode: ['region_code'],
  regionName: ['region_name'],
  laCode: ['old_la_code'],
  laName: ['la_name'],
  phase: ['education_phase', 'school_type'],
  topic: ['characteristic', 'breakdown_topic'],
  breakdown: ['characteristic_breakdown', 'breakdown'],
  enrolments: ['enrolments'],
  possible: ['sess_possible'],
  overall: ['sess_overall'],
  overallPercent: ['sess_overall_percent'],
  persistent: ['enrolments_pa_10_exact'],
  persistentPercent: ['enrolments_pa_10_exact_percent'],
  severe: ['enrolments_pa_50_exact'],
  severePercent: ['enrolments_pa_50_exact_percent'],
};

const REQUIRED: readonly Field[] = [
  'timePeriod',
  'timeIdentifier',
  'level',
  'countryCode',
  'phase',
  'enrolments',
  'possible',
  'overall',
  'overallPercent',
];

/** The files' symbols for a figure not given: suppressed, not available, not applicable. */
const SYMBOLS = new Set(['c', 'x', 'z', ':', 'low', 'u', '.']);

const count = z
  .string()
  .regex(/^\d+$/, 'a whole number of 0 or more (or a DfE symbol such as x or c)')
  .transform(Number);
const percent = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'a percentage such as 6.58729 (or a DfE symbol such as x or c)')
  .transform(Number)
  .refine((n) => n <= 100, 'a percentage of 100 or less');
const timePeriod = z
  .string()
  .regex(
    /^\d{4}(\d{2})$/,
    'an academic year written as the DfE writes it, six digits such as 202425 for 2024/25',
  );
const laCode = z.string().regex(/^\d{3}$/, 'a three-digit local-authority number such as 202');
const text = z.string().min(1, 'a value, not an empty cell');

/** At most this many problems are listed: a wrong file would otherwise list every row. */
const MAX_PROBLEMS = 20;

export function readBenchmarkCsv(csvText: string): BenchmarkFileRead {
  const problems: BenchmarkFileProblem[] = [];
  const index = new Map<Field, number>();
  const figures = new Map<string, BenchmarkFigure>();
  const leftOut: Record<string, number> = {};
  const leave = (reason: string) => {
    leftOut[reason] = (leftOut[reason] ?? 0) + 1;
  };
  let rowsRead = 0;
  let header: string[] | null = null;

  function readHeader(cells: readonly string[]): void {
    header = cells.map((h) => h.trim());
    const names = header.map((h) => h.toLowerCase());
    for (const [field, spellings] of Object.entries(HEADERS) as [Field, readonly string[]][]) {
      const i = names.findIndex((n) => spellings.includes(n));
      if (i >= 0) index.set(field, i);
    }
    const missing = REQUIRED.filter((field) => !index.has(field)).map((field) =>
      HEADERS[field].join(' or '),
    );
    if (missing.length === 0) return;
    problems.push({
      line: 1,
      column: null,
      message: `the header has no ${missing.join(', ')} ${missing.length === 1 ? 'column' : 'columns'}: is this a DfE "Pupil absence in schools in England" data file, as downloaded?`,
    });
  }

  function readRow(header: readonly string[], cells: readonly string[], line: number): void {
    rowsRead += 1;
    const cell = (field: Field): string => {
      const at = index.get(field);
      return at === undefined ? '' : (cells[at] ?? '').trim();
    };
    const columnOf = (field: Field): string => {
      const at = index.get(field) ?? -1;
      return `${header[at] ?? HEADERS[field][0]} (column ${at + 1})`;
    };
    function check<T>(field: Field, schema: z.ZodType<T, string>): T | undefined {
      const value = cell(field);
      const result = schema.safeParse(value);
      if (result.success) return result.data;
      problems.push({
        line,
        column: columnOf(field),
        message: `'${value}' is not ${result.error.issues[0]?.message ?? 'valid'}`,
      });
      return undefined;
    }
    if (cells.length !== header.length) {
      problems.push({
        line,
        column: null,
        message: `the line has ${cells.length} cells where the header has ${header.length}: check no cell holds a stray comma`,
      });
      return;
    }
    const level = benchmarkLevelOf(cell('level'));
    if (level === null) return leave(`level not compared with: ${cell('level') || '(empty)'}`);
    const phase = benchmarkPhaseOf(cell('phase'));
    if (phase === null) return leave(`phase not compared with: ${cell('phase') || '(empty)'}`);
    const topic = index.has('topic') ? cell('topic') : 'Total';
    const breakdown = cell('breakdown');
    const published = publishedGroupOf(topic, breakdown);
    if (published.kind === 'unmapped')
      return leave(`breakdown not held: ${topic}${breakdown === '' ? '' : ` / ${breakdown}`}`);

    const period = check('timePeriod', timePeriod);
    const identifier = check('timeIdentifier', text);
    let area: { code?: string | undefined; name: string; region: string | null };
    if (level === 'national')
      area = { code: check('countryCode', text), name: cell('countryName'), region: null };
    else if (level === 'regional')
      area = { code: check('regionCode', text), name: cell('regionName'), region: null };
    else
      area = {
        code: check('laCode', laCode),
        name: cell('laName'),
        region: cell('regionCode') === '' ? null : cell('regionCode'),
      };
    const headline = (['enrolments', 'possible', 'overall', 'overallPercent'] as const).map((f) =>
      cell(f),
    );
    if (headline.some((v) => SYMBOLS.has(v.toLowerCase()))) return leave('figures suppressed');
    const enrolments = check('enrolments', count);
    const possible = check('possible', count);
    const overall = check('overall', count);
    const overallPercent = check('overallPercent', percent);
    const optional = <T>(field: Field, schema: z.ZodType<T, string>): T | null | undefined => {
      if (!index.has(field) || SYMBOLS.has(cell(field).toLowerCase())) return null;
      return check(field, schema);
    };
    const persistent = optional('persistent', count);
    const persistentPercent = optional('persistentPercent', percent);
    const severe = optional('severe', count);
    const severePercent = optional('severePercent', percent);
    if (
      period === undefined ||
      identifier === undefined ||
      area.code === undefined ||
      enrolments === undefined ||
      possible === undefined ||
      overall === undefined ||
      overallPercent === undefined ||
      persistent === undefined ||
      persistentPercent === undefined ||
      severe === undefined ||
      severePercent === undefined
    )
      return;
    const figure: BenchmarkFigure = {
      timePeriod: period,
      timeIdentifier: identifier,
      level,
      areaCode: area.code,
      areaName: area.name,
      regionCode: area.region,
      phase,
      groupKey: groupKeyOf(published.kind === 'all' ? null : published.group),
      enrolments,
      sessionsPossible: possible,
      sessionsOverall: overall,
      overallPercent,
      persistentEnrolments: persistent,
      persistentPercent,
      severeEnrolments: severe,
      severePercent,
    };
    const key = [level, figure.areaCode, phase, figure.groupKey, period, identifier].join('|');
    if (figures.has(key)) return leave('repeats a figure read on an earlier line');
    figures.set(key, figure);
  }

  // Row by row (papaparse's step): a characteristics file is tens of megabytes, and only the
  // figures kept are held, never every row.
  let line = 0;
  Papa.parse<string[]>(csvText.replace(/^\uFEFF/, ''), {
    header: false,
    skipEmptyLines: false,
    delimiter: ',',
    step: (result, parser) => {
      line += 1;
      for (const e of result.errors)
        problems.push({
          line,
          column: null,
          message: `${e.message.replace(/\.$/, '')}: check the file is the CSV as downloaded`,
        });
      if (header === null) readHeader(result.data);
      else if (!result.data.every((c) => c.trim() === '')) readRow(header, result.data, line);
      if (problems.length >= MAX_PROBLEMS || (line === 1 && problems.length > 0)) parser.abort();
    },
  });
  if (header === null)
    problems.push({
      line: null,
      column: null,
      message: 'the file is empty: it needs the header row and the rows of a DfE data file',
    });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, figures: [...figures.values()], rowsRead, leftOut };
}

/** A problem as one line of text: "line 4, sess_possible (column 15): 'abc' is not …". */
export function describeProblem(p: BenchmarkFileProblem): string {
  const where = [p.line === null ? null : `line ${p.line}`, p.column].filter((s) => s !== null);
  return where.length === 0 ? p.message : `${where.join(', ')}: ${p.message}`;
}
