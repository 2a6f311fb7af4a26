/**
 * The MIS connector's settings from the environment (read by config.ts, the only reader of the
 * environment): Wonde's API token, which Tickmark school writes to which Wonde school, and the
 * first session date to write. docs/mis.md, "Setting it up".
 */

export interface MisSettings {
  /** `https://api.wonde.com` unless a test points it elsewhere. */
  readonly baseUrl: string;
  /** The Wonde API token the school approved (never logged). */
  readonly token: string;
  /** Tickmark school (by its DfE number, as on the school's details) → Wonde school id. */
  readonly schools: ReadonlyMap<string, string>;
  /** Marks of sessions before this date (yyyy-MM-dd) are never written. */
  readonly writeFrom: string;
}

/** The raw variables, each an optional trimmed string (config.ts treats empty as unset). */
export interface MisEnv {
  readonly WONDE_TOKEN: string | undefined;
  readonly WONDE_SCHOOLS: string | undefined;
  readonly WONDE_URL: string | undefined;
  readonly MIS_WRITE_FROM: string | undefined;
}

const WONDE_SCHOOL_ID = /^A[0-9]{6,12}$/;
const DFE_NUMBER = /^[0-9]{3}\/?[0-9]{4}$/;

/**
 * Reads the settings, adding an issue per wrong variable (never echoing the token).
 *
 * @returns the settings, or null when `WONDE_TOKEN` is not set: no writing to an MIS then.
 */
export function readMisSettings(
  env: MisEnv,
  ctx: { addIssue(issue: { code: 'custom'; path: string[]; message: string }): void },
): MisSettings | null {
  const issue = (path: keyof MisEnv, message: string): void => {
    ctx.addIssue({ code: 'custom', path: [path], message });
  };
  if (env.WONDE_TOKEN === undefined) {
    for (const name of ['WONDE_SCHOOLS', 'WONDE_URL', 'MIS_WRITE_FROM'] as const) {
      if (env[name] !== undefined)
        issue(
          name,
          'is set but WONDE_TOKEN is not; set it too (the API token from Wonde), or unset this',
        );
    }
    return null;
  }
  if (!/^[A-Za-z0-9]{20,80}$/.test(env.WONDE_TOKEN))
    issue('WONDE_TOKEN', 'is not a Wonde API token: letters and digits only, as Wonde shows it');
  const schools = new Map<string, string>();
  if (env.WONDE_SCHOOLS === undefined) {
    issue(
      'WONDE_SCHOOLS',
      'is missing: write each school as its DfE number, an equals sign and its Wonde school id, like 999/2024=A1930499544, separated by commas',
    );
  } else {
    for (const pair of env.WONDE_SCHOOLS.split(',').map((s) => s.trim())) {
      if (pair === '') continue;
      const [dfe = '', wonde = ''] = pair.split('=').map((s) => s.trim());
      if (!DFE_NUMBER.test(dfe) || !WONDE_SCHOOL_ID.test(wonde)) {
        issue(
          'WONDE_SCHOOLS',
          `'${pair}' is not a DfE number and a Wonde school id; write it like 999/2024=A1930499544`,
        );
        continue;
      }
      schools.set(dfe, wonde);
    }
  }
  if (env.MIS_WRITE_FROM === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(env.MIS_WRITE_FROM)) {
    issue(
      'MIS_WRITE_FROM',
      'is missing or not a date: the first day whose marks Tickmark writes into the MIS, like 2026-09-03',
    );
  }
  const baseUrl = env.WONDE_URL ?? 'https://api.wonde.com';
  if (!/^https?:\/\/[^\s/]+/.test(baseUrl)) issue('WONDE_URL', 'is not an http(s) address');
  return {
    baseUrl,
    token: env.WONDE_TOKEN,
    schools,
    writeFrom: env.MIS_WRITE_FROM ?? '',
  };
}
