/**
 * Which dates a report covers (reportSchemas.ts `reportPeriodSchema`). The school year is DfE's,
 * 1 August to 31 July; a term is one of the school's configured terms. Both stop at `asOf`: a
 * report never counts days that have not happened.
 */
import { longDate, localDate } from '../../domain/index';
import type { LocalDate, SchoolConfig } from '../../domain/index';
import type { ReportPeriod } from '../../shared/api/reportSchemas';

/** The wire's `ReportRange`, with its days typed as days. */
export interface ReportRange {
  readonly period: ReportPeriod;
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly asOf: LocalDate;
  readonly label: string;
}

export interface RangeQuery {
  readonly period?: ReportPeriod | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly asOf?: string | undefined;
}

/** The school year (1 August – 31 July) holding `date`. */
export function schoolYearOf(date: LocalDate): { from: LocalDate; to: LocalDate; label: string } {
  const year = Number(date.slice(0, 4));
  const start = Number(date.slice(5, 7)) >= 8 ? year : year - 1;
  return {
    from: localDate(`${start}-08-01`),
    to: localDate(`${start + 1}-07-31`),
    label: `School year ${start}–${String(start + 1).slice(2)}`,
  };
}

/** The configured term holding `date`, or else the last one that started before it. */
export function termOf(
  school: SchoolConfig,
  date: LocalDate,
): { name: string; from: LocalDate; to: LocalDate } | null {
  const started = [...school.terms]
    .filter((t) => t.start <= date)
    .sort((a, b) => (a.start < b.start ? -1 : 1));
  const term = started.find((t) => t.end >= date) ?? started[started.length - 1];
  return term === undefined ? null : { name: term.name, from: term.start, to: term.end };
}

const earlier = (a: LocalDate, b: LocalDate): LocalDate => (a < b ? a : b);

/** Resolves the query's period to dates; the default period is the school year. */
export function resolveRange(
  query: RangeQuery,
  school: SchoolConfig,
  today: LocalDate,
): ReportRange {
  const asOf = query.asOf === undefined ? today : localDate(query.asOf);
  if (query.from !== undefined && query.to !== undefined) {
    const from = localDate(query.from);
    const to = localDate(query.to);
    return { period: 'custom', from, to, asOf, label: `${longDate(from)} to ${longDate(to)}` };
  }
  if (query.period === 'term') {
    const term = termOf(school, asOf);
    if (term !== null && term.from <= asOf) {
      return {
        period: 'term',
        from: term.from,
        to: earlier(term.to, asOf),
        asOf,
        label: term.name,
      };
    }
  }
  const year = schoolYearOf(asOf);
  return { period: 'year', from: year.from, to: earlier(year.to, asOf), asOf, label: year.label };
}
