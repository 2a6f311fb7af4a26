/**
 * The dates a report covers, as a person chooses them: this term, this school year, or a custom
 * range. The server resolves "term" and "year" from the school's own calendar and sends back the
 * dates and a label, so the device never guesses term dates.
 */
import { parseLocalDate, type LocalDate } from '../../domain/index';
import type { ReportPeriod } from '../../shared/api/reportSchemas';

export interface RangeChoice {
  readonly period: ReportPeriod;
  /** Typed text of the custom range (kept while the person switches between choices). */
  readonly fromText: string;
  readonly toText: string;
}

export const DEFAULT_RANGE: RangeChoice = { period: 'term', fromText: '', toText: '' };

export type RangeQuery =
  | { readonly period: 'term' | 'year' }
  | { readonly period: 'custom'; readonly from: LocalDate; readonly to: LocalDate };

/** The query for a choice, or a message saying what to fix in a custom range. */
export function rangeQueryOf(
  choice: RangeChoice,
):
  | { readonly ok: true; readonly query: RangeQuery }
  | { readonly ok: false; readonly message: string } {
  if (choice.period !== 'custom') return { ok: true, query: { period: choice.period } };
  const from = parseLocalDate(choice.fromText);
  const to = parseLocalDate(choice.toText);
  if (from === null || to === null) {
    return { ok: false, message: 'Enter the first and the last day of the range.' };
  }
  if (to < from) return { ok: false, message: 'The last day must be on or after the first day.' };
  return { ok: true, query: { period: 'custom', from, to } };
}

/** A stable text key for a query, for useReport (a new key starts a new request). */
export function queryKey(
  query: Readonly<Record<string, string | number | boolean | undefined>>,
): string {
  return JSON.stringify(
    Object.entries(query)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}
