/**
 * The settings form's draft: the rules as written (JSON), edited one value at a time by path, and
 * the problems the server's check found, matched to the field they belong to. The rules are
 * checked only by the domain (through the preview endpoint), so the form never words a rule.
 */
import type { SettingsIssue } from '../../shared/api/settingsSchemas';

export type Rules = Readonly<Record<string, unknown>>;
export type Path = readonly (string | number)[];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value at `path`, or undefined. */
export function valueAt(rules: unknown, path: Path): unknown {
  let here: unknown = rules;
  for (const key of path) {
    if (Array.isArray(here) && typeof key === 'number') here = here[key];
    else if (isRecord(here) && typeof key === 'string') here = here[key];
    else return undefined;
  }
  return here;
}

/** A copy of `rules` with `value` at `path` (undefined removes it), making objects on the way. */
export function withValue(rules: unknown, path: Path, value: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return value;
  if (typeof key === 'number') {
    const list = Array.isArray(rules) ? [...(rules as unknown[])] : [];
    list[key] = withValue(list[key], rest, value);
    return list;
  }
  const object: Record<string, unknown> = isRecord(rules) ? { ...rules } : {};
  const next = withValue(object[key], rest, value);
  if (next === undefined) {
    return Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));
  }
  return { ...object, [key]: next };
}

/** The path as the domain writes it: `thresholds.atRiskBands[1].minAbsencePercent`. */
export function pathText(path: Path): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? key : `.${key}`;
  }
  return text;
}

/**
 * A number typed into a text box: a number when it reads as one, otherwise the text as typed,
 * so the domain's message quotes it ("expected a number, got the text "ten"").
 */
export function numberOrText(text: string): number | string {
  const trimmed = text.trim();
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : text;
}

/** Codes typed with spaces or commas between them: `/ \ L U` → `['/', '\\', 'L', 'U']`. */
export function codeList(text: string): string[] {
  return text.split(/[\s,]+/).filter((code) => code !== '');
}

/**
 * The problems of the field at `path`: those at the path or inside it (a code list's
 * `roleCodes.teacher[1]` belongs to the `roleCodes.teacher` box). A cross-field problem sits on
 * the value it names (`sessions.AM.registerCloses`), so it shows beside that box.
 */
export function issuesFor(issues: readonly SettingsIssue[], path: Path): string[] {
  const text = pathText(path);
  return issues
    .filter(
      (issue) =>
        issue.path === text ||
        issue.path.startsWith(`${text}.`) ||
        issue.path.startsWith(`${text}[`),
    )
    .map((issue) => issue.message);
}

/** Problems no box shows (the whole rules object, an override as a whole…), to list apart. */
export function unplacedIssues(
  issues: readonly SettingsIssue[],
  fieldPaths: readonly Path[],
): SettingsIssue[] {
  const texts = fieldPaths.map(pathText);
  return issues.filter(
    (issue) =>
      !texts.some(
        (text) =>
          issue.path === text ||
          issue.path.startsWith(`${text}.`) ||
          issue.path.startsWith(`${text}[`),
      ),
  );
}
