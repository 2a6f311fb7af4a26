/**
 * One problem (or warning) found in a school's configuration, named by where it is, so that an
 * attendance lead can find the value and fix it: `schools[1].sessions.PM.registerCloses`.
 */
export interface ConfigIssue {
  /** Where the value is, e.g. `schools[1].sessions.PM.registerCloses`; empty for the whole file. */
  readonly path: string;
  /** What is wrong, in plain English, e.g. `"13:70" is not a time (HH:MM)`. */
  readonly message: string;
}

/**
 * Joins path segments the way people read them: keys with dots, list positions in brackets.
 *
 * @example formatConfigPath(['schools', 1, 'sessions', 'PM']) === 'schools[1].sessions.PM'
 */
export function formatConfigPath(segments: readonly PropertyKey[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else path += path === '' ? String(segment) : `.${String(segment)}`;
  }
  return path;
}

/** The issue as one line: `schools[1].sessions.PM.registerCloses: "13:70" is not a time (HH:MM)`. */
export function formatConfigIssue(issue: ConfigIssue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}
