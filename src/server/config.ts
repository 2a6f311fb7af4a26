/**
 * The server's settings, read from environment variables in this one place (docs/design.md §9).
 * Nothing else in src/server reads `process.env`: main.ts passes it here once, and everything
 * downstream takes the frozen `Config` as an argument, so tests build one without touching the
 * process environment.
 */
import { z } from 'zod';
import {
  describePostgresTarget,
  parsePostgresTarget,
  PostgresTargetError,
} from './db/postgresTarget';
import { readOidcSettings } from './auth/oidcSettings';
import { readSmtpSettings } from './mail/smtpSettings';
import { readEsendexSettings } from './mail/esendex';
import { readReplySettings } from './mail/replySettings';
import { readMisSettings } from './mis/misSettings';

/** How much the server logs (`LOG_LEVEL`), from nothing to everything. */
export const logLevelSchema = z.enum(['silent', 'error', 'warn', 'info', 'debug']);
export type LogLevel = z.infer<typeof logLevelSchema>;
export const LOG_LEVELS: readonly LogLevel[] = logLevelSchema.options;

/** `auto`: Secure when the request arrived over HTTPS; `always`/`never` force it either way. */
const secureCookiesModeSchema = z.enum(['auto', 'always', 'never']);
export type SecureCookies = z.infer<typeof secureCookiesModeSchema>;

/**
 * How long the server waits for PostgreSQL before giving up, in milliseconds. A network that
 * silently drops packets would otherwise hold a request, a pooled connection or a lock for ever.
 */
export interface DatabaseTimeouts {
  /** Opening a connection (`DB_CONNECT_TIMEOUT_SECONDS`). */
  readonly connectMs: number;
  /** One statement, ended by PostgreSQL itself (`DB_STATEMENT_TIMEOUT_SECONDS`). */
  readonly statementMs: number;
  /** Waiting for a row or table lock (`DB_LOCK_TIMEOUT_SECONDS`). */
  readonly lockMs: number;
  /** A transaction left open with nothing running (`DB_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS`). */
  readonly idleInTransactionMs: number;
}

/** A setting is missing or wrong. The message names each variable and how to fix it. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      problems.length === 1
        ? `Tickmark cannot start: ${problems[0]}`
        : `Tickmark cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

// An empty variable (`PORT=`) means "not set", as in most shells' `${PORT:-8080}` habit.
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const quoted = (value: string): string => JSON.stringify(value);

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

const portSchema = optionalText.transform((v, ctx) => {
  if (v === undefined) return 8080;
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    ctx.addIssue({ code: 'custom', message: `${quoted(v)} is not a port number (1–65535)` });
    return z.NEVER;
  }
  return n;
});

// One host, or several in libpq's multi-host form (a high-availability pair).
const databaseUrlSchema = optionalText.transform((v, ctx) => {
  if (v === undefined) return null;
  try {
    parsePostgresTarget(v);
    return v;
  } catch (err) {
    if (!(err instanceof PostgresTargetError)) throw err;
    // Never echo the value: it usually carries a password (nor does the parser's message).
    ctx.addIssue({
      code: 'custom',
      message: `${err.message}, or unset it to use the built-in database`,
    });
    return z.NEVER;
  }
});

const logLevelEnvSchema = optionalText.transform((v, ctx): LogLevel => {
  if (v === undefined) return 'info';
  const level = logLevelSchema.safeParse(v.toLowerCase());
  if (!level.success) {
    ctx.addIssue({
      code: 'custom',
      message: `${quoted(v)} is not a log level; use one of ${LOG_LEVELS.join(', ')}`,
    });
    return z.NEVER;
  }
  return level.data;
});

const sessionTtlSchema = optionalText.transform((v, ctx) => {
  if (v === undefined) return 12;
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 720) {
    ctx.addIssue({
      code: 'custom',
      message: `${quoted(v)} is not a whole number of hours from 1 to 720`,
    });
    return z.NEVER;
  }
  return n;
});

const retentionYearsSchema = optionalText.transform((v, ctx) => {
  if (v === undefined) return 6;
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 3 || n > 100) {
    ctx.addIssue({
      code: 'custom',
      message: `${quoted(v)} is not a whole number of years from 3 to 100 (registers must be kept at least 3 years)`,
    });
    return z.NEVER;
  }
  return n;
});

/** A whole number of seconds within `[min, max]`, or `fallback` when unset; in milliseconds. */
const secondsSchema = (fallback: number, min: number, max: number) =>
  optionalText.transform((v, ctx) => {
    if (v === undefined) return fallback * 1000;
    const n = /^\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({
        code: 'custom',
        message: `${quoted(v)} is not a whole number of seconds from ${min} to ${max}`,
      });
      return z.NEVER;
    }
    return n * 1000;
  });

const secureCookiesSchema = optionalText.transform((v, ctx): SecureCookies => {
  const value = v?.toLowerCase();
  if (value === undefined || value === 'auto') return secureCookiesModeSchema.enum.auto;
  if (value === 'true') return secureCookiesModeSchema.enum.always;
  if (value === 'false') return secureCookiesModeSchema.enum.never;
  ctx.addIssue({
    code: 'custom',
    message: `${quoted(v ?? '')} is not one of auto, true or false`,
  });
  return z.NEVER;
});

const booleanSchema = (fallback: boolean) =>
  optionalText.transform((v, ctx) => {
    const value = v?.toLowerCase();
    if (value === undefined) return fallback;
    if (value === 'false') return false;
    if (value === 'true') return true;
    ctx.addIssue({ code: 'custom', message: `${quoted(v ?? '')} is not true or false` });
    return z.NEVER;
  });
const trustProxySchema = booleanSchema(false);

/** scheme://host[:port] as the browser writes it, or null when `raw` is anything more or less. */
function originOf(raw: string): string | null {
  const url = parseUrl(raw);
  // An origin is scheme://host[:port] and nothing more; a path usually means a pasted page URL.
  const isOrigin =
    url !== null &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.pathname === '/' &&
    url.search === '' &&
    url.hash === '' &&
    url.username === '';
  return isOrigin ? url.origin : null;
}

const trustedOriginsSchema = optionalText.transform((v, ctx) => {
  if (v === undefined) return [];
  const origins: string[] = [];
  for (const raw of v.split(',').map((s) => s.trim())) {
    if (raw === '') continue;
    const origin = originOf(raw);
    if (origin === null) {
      ctx.addIssue({
        code: 'custom',
        message: `${quoted(raw)} is not an origin; write each like https://tickmark.example.org (no path), separated by commas`,
      });
      return z.NEVER;
    }
    origins.push(origin);
  }
  return origins;
});

const publicOriginSchema = optionalText.transform((v, ctx) => {
  if (v === undefined) return null;
  const origin = originOf(v);
  if (origin === null) {
    ctx.addIssue({
      code: 'custom',
      message: `${quoted(v)} is not an origin; write the address people open Tickmark at, like https://tickmark.oakfield.sch.uk (no path)`,
    });
    return z.NEVER;
  }
  return origin;
});

// Without PUBLIC_ORIGIN the server answers as this machine only: a browser on it, on the
// server's own port. A school that opens Tickmark at any other address sets PUBLIC_ORIGIN.
function ownOriginsOf(publicOrigin: string | null, port: number, tls: boolean): string[] {
  if (publicOrigin !== null) return [publicOrigin];
  const scheme = tls ? 'https' : 'http';
  return ['localhost', '127.0.0.1', '[::1]'].map(
    (host) => new URL(`${scheme}://${host}:${port}`).origin,
  );
}

const envSchema = z.object({
  PORT: portSchema,
  HOST: optionalText.transform((v) => v ?? '0.0.0.0'),
  DATA_DIR: optionalText.transform((v) => v ?? './data'),
  DATABASE_URL: databaseUrlSchema,
  LOG_LEVEL: logLevelEnvSchema,
  SESSION_TTL_HOURS: sessionTtlSchema,
  SECURE_COOKIES: secureCookiesSchema,
  TRUSTED_ORIGINS: trustedOriginsSchema,
  PUBLIC_ORIGIN: publicOriginSchema,
  TLS_CERT_FILE: optionalText,
  TLS_KEY_FILE: optionalText,
  TRUST_PROXY: trustProxySchema,
  DEMO_SCHOOL: booleanSchema(true),
  CLIENT_DIR: optionalText.transform((v) => v ?? null),
  RETENTION_YEARS: retentionYearsSchema,
  // Defaults and bounds are explained in src/server/README.md, "Database time limits".
  DB_CONNECT_TIMEOUT_SECONDS: secondsSchema(5, 1, 60),
  DB_STATEMENT_TIMEOUT_SECONDS: secondsSchema(60, 5, 3600),
  DB_LOCK_TIMEOUT_SECONDS: secondsSchema(15, 1, 3600),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS: secondsSchema(30, 5, 3600),
  // Email (src/server/mail/README.md) and OpenID Connect sign-in (auth/oidcSettings.ts).
  SMTP_HOST: optionalText,
  SMTP_PORT: optionalText,
  SMTP_SECURE: optionalText,
  SMTP_USER: optionalText,
  SMTP_PASSWORD: optionalText,
  MAIL_FROM: optionalText,
  // Replies to first-day emails (src/server/mail/replySettings.ts).
  MAIL_REPLY_TO: optionalText,
  INBOUND_MAIL_SECRET: optionalText,
  // SMS through Esendex (src/server/mail/esendex.ts).
  ESENDEX_ACCOUNT_REFERENCE: optionalText,
  ESENDEX_USERNAME: optionalText,
  ESENDEX_PASSWORD: optionalText,
  ESENDEX_URL: optionalText,
  // Writing the register into the school's MIS through Wonde (src/server/mis/misSettings.ts).
  WONDE_TOKEN: optionalText,
  WONDE_SCHOOLS: optionalText,
  WONDE_URL: optionalText,
  MIS_WRITE_FROM: optionalText,
  OIDC_ISSUER: optionalText,
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
  OIDC_PROVIDER_NAME: optionalText,
});

/**
 * The environment parsed into the settings the server runs with. `Config` is inferred from this
 * schema, so the variables, their checks and the type can never disagree.
 */
const configSchema = envSchema
  .superRefine((e, ctx) => {
    // Half a TLS setting would quietly serve plain HTTP: refuse it.
    if ((e.TLS_CERT_FILE === undefined) !== (e.TLS_KEY_FILE === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [e.TLS_CERT_FILE === undefined ? 'TLS_CERT_FILE' : 'TLS_KEY_FILE'],
        message:
          'is not set, but HTTPS needs both files: set TLS_CERT_FILE to the certificate (PEM, with its chain) and TLS_KEY_FILE to its private key, or unset both for plain HTTP',
      });
    }
  })
  .transform((e, ctx) => ({
    port: e.PORT,
    host: e.HOST,
    /** Folder of the built-in PostgreSQL database (used only when `databaseUrl` is null). */
    dataDir: e.DATA_DIR,
    /** A PostgreSQL connection URL, or null for the built-in database. */
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    secureCookies: e.SECURE_COOKIES,
    /**
     * Origins (scheme://host[:port]) besides the server's own that may send state-changing
     * requests.
     */
    trustedOrigins: Object.freeze(e.TRUSTED_ORIGINS) as readonly string[],
    /**
     * The address people open Tickmark at (`PUBLIC_ORIGIN`), or null when it is not set: then
     * only this machine's own loopback addresses on `port` count as the server's origin.
     */
    publicOrigin: e.PUBLIC_ORIGIN,
    /**
     * The origins a state-changing request may come from as the server's own: `publicOrigin`, or
     * without it http(s)://localhost, 127.0.0.1 and [::1] on `port`. Never the request's Host
     * header, which the sender writes.
     */
    ownOrigins: Object.freeze(
      ownOriginsOf(e.PUBLIC_ORIGIN, e.PORT, e.TLS_CERT_FILE !== undefined),
    ) as readonly string[],
    /**
     * The certificate and key files to serve HTTPS with (`TLS_CERT_FILE`, `TLS_KEY_FILE`), or
     * null for plain HTTP.
     */
    tls:
      e.TLS_CERT_FILE !== undefined && e.TLS_KEY_FILE !== undefined
        ? Object.freeze({ certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE })
        : null,
    /**
     * Whether X-Forwarded-For/-Proto/-Host come from a reverse proxy we trust. Off by default: a
     * client could otherwise forge its address and dodge the per-address sign-in limit.
     */
    trustProxy: e.TRUST_PROXY,
    /**
     * Whether an empty database is filled with the demo school on start (`DEMO_SCHOOL`, default
     * true).
     */
    demo: e.DEMO_SCHOOL,
    /**
     * The folder of the built PWA to serve (`CLIENT_DIR`), or null for `dist/client` beside the
     * source. Another folder lets a deploy (or a test) swap in a new build without rebuilding here.
     */
    clientDir: e.CLIENT_DIR,
    /**
     * How many years register entries are kept before the retention job may remove them, once
     * exported (`RETENTION_YEARS`, default 6: DfE guidance keeps attendance registers six years).
     */
    retentionYears: e.RETENTION_YEARS,
    /** Time limits on every PostgreSQL connection (src/server/README.md, "Database time limits"). */
    dbTimeouts: Object.freeze({
      connectMs: e.DB_CONNECT_TIMEOUT_SECONDS,
      statementMs: e.DB_STATEMENT_TIMEOUT_SECONDS,
      lockMs: e.DB_LOCK_TIMEOUT_SECONDS,
      idleInTransactionMs: e.DB_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS,
    }) as DatabaseTimeouts,
    /** The SMTP server for email, or null: then account links are shown to the admin. */
    smtp: readSmtpSettings(e, ctx),
    /** Where replies to first-day emails go, and the inbound route's shared secret. */
    replies: readReplySettings(e, ctx),
    /** The SMS gateway for first-day texts, or null: then only email is offered. */
    sms: readEsendexSettings(e, ctx),
    /** Writing the register into the school's MIS (Wonde), or null when not set up. */
    mis: readMisSettings(e, ctx),
    /** OpenID Connect sign-in (Microsoft 365, Google Workspace), or null when not offered. */
    oidc: readOidcSettings(e, ctx),
  }))
  .readonly();

/** The server's settings, frozen. */
export type Config = z.infer<typeof configSchema>;

/**
 * Parses the server's settings from an environment (normally `process.env`).
 *
 * @throws ConfigError naming every variable that is wrong and how to fix it.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  return parsed.data;
}

/** The effective settings as lines for the start-up log, with the database password masked. */
export function describeConfig(config: Config): string[] {
  let database = `built-in (PostgreSQL, fsync on) in ${config.dataDir}`;
  if (config.databaseUrl !== null) {
    database = `PostgreSQL at ${describePostgresTarget(parsePostgresTarget(config.databaseUrl))}`;
  }
  const t = config.dbTimeouts;
  return [
    `database: ${database}`,
    `listening on: ${config.host}:${config.port} (${config.tls === null ? 'HTTP' : `HTTPS with ${config.tls.certFile}`})`,
    `public address: ${config.publicOrigin ?? `not set (PUBLIC_ORIGIN): only ${config.ownOrigins.join(', ')}`}`,
    `sessions last: ${config.sessionTtlHours} hours`,
    `secure cookies: ${config.secureCookies}`,
    `trusted origins: ${config.trustedOrigins.length === 0 ? 'none besides its own' : config.trustedOrigins.join(', ')}`,
    `behind a trusted proxy: ${config.trustProxy ? 'yes' : 'no'}`,
    `log level: ${config.logLevel}`,
    `demo school on an empty database: ${config.demo ? 'yes' : 'no'}`,
    `app files: ${config.clientDir ?? 'dist/client'}`,
    `registers kept: ${config.retentionYears} years (once exported)`,
    `email: ${config.smtp === null ? 'not set up (SMTP_HOST): account links are shown to the admin to hand over' : `SMTP at ${config.smtp.host}:${config.smtp.port}, from ${config.smtp.from}`}`,
    `MIS: ${config.mis === null ? 'not written to (WONDE_TOKEN)' : `Wonde at ${config.mis.baseUrl} for ${config.mis.schools.size} school(s), marks from ${config.mis.writeFrom}`}`,
    `OpenID Connect sign-in: ${config.oidc === null ? 'off' : `${config.oidc.providerName} at ${config.oidc.issuer.href}`}`,
    ...(config.databaseUrl === null
      ? []
      : [
          `database time limits: connect ${t.connectMs / 1000} s, statement ${t.statementMs / 1000} s, lock ${t.lockMs / 1000} s, idle in a transaction ${t.idleInTransactionMs / 1000} s`,
        ]),
  ];
}
