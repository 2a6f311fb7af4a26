/** What the e2e global setup hands to every test file (Vitest's `provide` / `inject`). */
import { inject } from 'vitest';
import { parseLocalDate } from '../../../src/domain';
import { schoolDayOf, type SchoolDay } from './schoolDay';

export interface E2eSchoolDay {
  /** The school day the tests take registers on (yyyy-MM-dd). */
  readonly date: string;
  /** The instant the template database was seeded as of (ISO). */
  readonly seedAt: string;
  /** A seeded built-in database folder to copy for each server; never opened by a server itself. */
  readonly templateDataDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2eSchoolDay: E2eSchoolDay;
    /** The WebSocket address of the run's shared Chromium (support/chromiumSetup.ts). */
    e2eChromium: string;
    /** Where the run's next version of the app is built, once, when a file first needs it. */
    e2eNewBuildDir: string;
  }
}

/** The school day of this run (chosen once by the global setup). */
export function e2eSchoolDay(): SchoolDay {
  const provided = inject('e2eSchoolDay');
  const date = parseLocalDate(provided.date);
  if (date === null) throw new Error(`The global setup gave a bad date: ${provided.date}`);
  return schoolDayOf(date, new Date(provided.seedAt));
}

/** The seeded template folder of this run. */
export function templateDataDir(): string {
  return inject('e2eSchoolDay').templateDataDir;
}
