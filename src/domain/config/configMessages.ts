/**
 * The English for problems zod finds by itself (a missing value, text where a number belongs,
 * an unknown setting). Every schema in this folder words its own value checks; this map covers
 * the rest, so no message of zod's own ever reaches an attendance lead.
 */
import type { z } from 'zod';

/** How a value looks to the person who typed it: `"ten"`, `the number 5`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the text ${JSON.stringify(value)}`;
    case 'number':
      return `the number ${String(value)}`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/** `'colour' is not a known setting (use id, name, …)`. */
export function unknownSettingsMessage(keys: readonly string[], known: readonly string[]): string {
  const quoted = keys.map((k) => `'${k}'`).join(', ');
  const verb = keys.length === 1 ? 'is not a known setting' : 'are not known settings';
  return known.length === 0 ? `${quoted} ${verb}` : `${quoted} ${verb} (use ${known.join(', ')})`;
}

/** The per-parse error map: plain English for every issue zod raises without our wording. */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      if (issue.input === undefined) return `missing (expected ${expected})`;
      return `expected ${expected}, got ${describeValue(issue.input)}`;
    }
    case 'unrecognized_keys':
      return unknownSettingsMessage(issue.keys, []);
    case 'too_small':
      return issue.origin === 'array'
        ? `must list at least ${String(issue.minimum)}`
        : `must not be empty`;
    default:
      return `${describeValue(issue.input)} is not valid here`;
  }
};
