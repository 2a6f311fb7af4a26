/**
 * The SMTP server Tickmark sends email through, from the environment (`SMTP_HOST`, `SMTP_PORT`,
 * `SMTP_SECURE`, `SMTP_USER`, `SMTP_PASSWORD`, `MAIL_FROM`), checked at start by config.ts. With
 * no `SMTP_HOST` there is no email: links are shown to the admin to hand over instead.
 */
import type { z } from 'zod';

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
  readonly secure: boolean;
  /** Sign-in to the SMTP server, or null when it takes mail without one (a relay on site). */
  readonly auth: { readonly user: string; readonly password: string } | null;
  /** The sender, as `Name <address>` or a bare address. */
  readonly from: string;
}

/** The raw variables, each an optional trimmed string (config.ts treats empty as unset). */
export interface SmtpEnv {
  readonly SMTP_HOST: string | undefined;
  readonly SMTP_PORT: string | undefined;
  readonly SMTP_SECURE: string | undefined;
  readonly SMTP_USER: string | undefined;
  readonly SMTP_PASSWORD: string | undefined;
  readonly MAIL_FROM: string | undefined;
}

const FROM_PATTERN = /^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/;

/**
 * Reads the SMTP settings, adding an issue per wrong variable (never echoing the password).
 *
 * @returns the settings, or null when `SMTP_HOST` is not set (and nothing else is either).
 */
export function readSmtpSettings(env: SmtpEnv, ctx: z.RefinementCtx): SmtpSettings | null {
  const issue = (path: keyof SmtpEnv, message: string): void => {
    ctx.addIssue({ code: 'custom', path: [path], message });
  };
  if (env.SMTP_HOST === undefined) {
    for (const name of [
      'SMTP_PORT',
      'SMTP_SECURE',
      'SMTP_USER',
      'SMTP_PASSWORD',
      'MAIL_FROM',
    ] as const) {
      if (env[name] !== undefined) {
        issue(
          name,
          'is set but SMTP_HOST is not; set SMTP_HOST to your mail server, or unset this',
        );
      }
    }
    return null;
  }
  let secure = false;
  const secureText = env.SMTP_SECURE?.toLowerCase();
  if (secureText === 'true') secure = true;
  else if (secureText !== undefined && secureText !== 'false') {
    issue(
      'SMTP_SECURE',
      `${JSON.stringify(env.SMTP_SECURE)} is not true or false (true for TLS from the start, usually port 465)`,
    );
  }
  let port = secure ? 465 : 587;
  if (env.SMTP_PORT !== undefined) {
    const n = /^\d+$/.test(env.SMTP_PORT) ? Number(env.SMTP_PORT) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > 65535) {
      issue('SMTP_PORT', `${JSON.stringify(env.SMTP_PORT)} is not a port number (1–65535)`);
    } else port = n;
  }
  if ((env.SMTP_USER === undefined) !== (env.SMTP_PASSWORD === undefined)) {
    issue(
      env.SMTP_USER === undefined ? 'SMTP_USER' : 'SMTP_PASSWORD',
      'is not set, but signing in to the mail server needs both SMTP_USER and SMTP_PASSWORD; set both, or neither for a server that needs no sign-in',
    );
  }
  if (env.MAIL_FROM === undefined) {
    issue(
      'MAIL_FROM',
      'is not set; give the sender of Tickmark’s email, such as "Tickmark <tickmark@school.example>"',
    );
  } else if (!FROM_PATTERN.test(env.MAIL_FROM)) {
    issue(
      'MAIL_FROM',
      `${JSON.stringify(env.MAIL_FROM)} is not an email address; write it like "Tickmark <tickmark@school.example>"`,
    );
  }
  return {
    host: env.SMTP_HOST,
    port,
    secure,
    auth:
      env.SMTP_USER !== undefined && env.SMTP_PASSWORD !== undefined
        ? { user: env.SMTP_USER, password: env.SMTP_PASSWORD }
        : null,
    from: env.MAIL_FROM ?? '',
  };
}
