/**
 * Quick builders for server tests: a school with staff in given roles, a clock the test moves,
 * an app on the test database, and a tiny browser stand-in that keeps cookies and sends Origin.
 */
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import type { Role } from '../../src/domain';
import { ROUTES } from '../../src/shared/api/routes';
import { sessionResponseSchema } from '../../src/shared/api/authSchemas';
import type { SessionResponse } from '../../src/shared/api/authSchemas';
import { createApp } from '../../src/server/app';
import type { CreateAppOptions } from '../../src/server/app';
import { hashPassword } from '../../src/server/auth/password';
import type { PasswordParams } from '../../src/server/auth/password';
import type { Clock } from '../../src/server/clock';
import { loadConfig } from '../../src/server/config';
import type { Config } from '../../src/server/config';
import type { Database, Queryable } from '../../src/server/db/database';
import type { AppEnv } from '../../src/server/http/appEnv';
import { silentLogger } from '../../src/server/logger';

/** Argon2id at a token cost: the algorithm is real, the seconds are not. */
export const TEST_PASSWORD_PARAMS: PasswordParams = {
  memoryCost: 256,
  timeCost: 1,
  parallelism: 1,
};

/** A clock that stands still until the test moves it. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2025-03-04T08:30:00Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }

  set(date: Date | string): void {
    this.current = new Date(date).getTime();
  }
}

export const MINUTE = 60 * 1000;
export const HOUR = 60 * MINUTE;

/**
 * A config as loadConfig would build it from `env`, quiet by default, opened at `APP_ORIGIN`
 * (where `TestClient` sends its requests from).
 */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', PUBLIC_ORIGIN: APP_ORIGIN, ...env });
}

export interface TestStaff {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly password: string;
}

export interface TestSchool {
  readonly organisationId: string;
  readonly id: string;
  readonly name: string;
  /** By the handle given to createTestSchool. */
  readonly staff: Readonly<Record<string, TestStaff>>;
}

/** Adds a staff member with roles at a school; the email is unique per call. */
export async function addStaff(
  db: Queryable,
  input: {
    organisationId: string;
    schoolId: string;
    handle: string;
    roles: readonly Role[];
    password?: string;
  },
): Promise<TestStaff> {
  const id = randomUUID();
  const staff: TestStaff = {
    id,
    name: `${input.handle[0]?.toUpperCase() ?? ''}${input.handle.slice(1)} ${id.slice(0, 4)}`,
    email: `${input.handle}.${id.slice(0, 8)}@school.example`,
    password: input.password ?? `correct horse ${input.handle}`,
  };
  await db.query(
    'INSERT INTO staff (id, organisation_id, email, name, password_hash) VALUES ($1, $2, $3, $4, $5)',
    [
      id,
      input.organisationId,
      staff.email,
      staff.name,
      await hashPassword(staff.password, TEST_PASSWORD_PARAMS),
    ],
  );
  for (const role of input.roles) await addRole(db, id, input.schoolId, role);
  return staff;
}

/** Gives a staff member a role at a school. */
export async function addRole(
  db: Queryable,
  staffId: string,
  schoolId: string,
  role: Role,
): Promise<void> {
  await db.query('INSERT INTO staff_role (staff_id, school_id, role) VALUES ($1, $2, $3)', [
    staffId,
    schoolId,
    role,
  ]);
}

/**
 * Creates a school (in a new organisation unless one is given) and its staff.
 *
 * @example createTestSchool(db, { staff: { teacher: ['teacher'], admin: ['admin'] } })
 */
export async function createTestSchool(
  db: Queryable,
  options: { name?: string; organisationId?: string; staff?: Record<string, readonly Role[]> } = {},
): Promise<TestSchool> {
  const organisationId = options.organisationId ?? randomUUID();
  if (options.organisationId === undefined) {
    await db.query('INSERT INTO organisation (id, name) VALUES ($1, $2)', [
      organisationId,
      'Test Trust',
    ]);
  }
  const id = randomUUID();
  const name = options.name ?? `Test Primary ${id.slice(0, 4)}`;
  await db.query('INSERT INTO school (id, organisation_id, name) VALUES ($1, $2, $3)', [
    id,
    organisationId,
    name,
  ]);
  await db.query('INSERT INTO sync_head (school_id) VALUES ($1)', [id]);
  const staff: Record<string, TestStaff> = {};
  for (const [handle, roles] of Object.entries(options.staff ?? {})) {
    staff[handle] = await addStaff(db, { organisationId, schoolId: id, handle, roles });
  }
  return { organisationId, id, name, staff };
}

/** An app on `db` with a manual clock, cheap password hashing and silent logs. */
export function createTestApp(
  db: Database,
  options: { env?: Record<string, string>; clock?: ManualClock } & Partial<
    Pick<CreateAppOptions, 'signInLimits' | 'clientDir' | 'mailer' | 'sms' | 'mis'>
  > = {},
): { app: Hono<AppEnv>; clock: ManualClock; config: Config } {
  const clock = options.clock ?? new ManualClock();
  const config = testConfig(options.env);
  const app = createApp({
    config,
    db,
    clock,
    logger: silentLogger,
    passwordParams: TEST_PASSWORD_PARAMS,
    ...(options.signInLimits === undefined ? {} : { signInLimits: options.signInLimits }),
    ...(options.clientDir === undefined ? {} : { clientDir: options.clientDir }),
    ...(options.mailer === undefined ? {} : { mailer: options.mailer }),
    ...(options.sms === undefined ? {} : { sms: options.sms }),
    ...(options.mis === undefined ? {} : { mis: options.mis }),
  });
  return { app, clock, config };
}

/** The origin `app.request('/path')` requests appear to come from. */
export const APP_ORIGIN = 'http://localhost';

export interface RequestOptions {
  /** Origin header for this request: a value, or null to send none. Default: the app's own. */
  origin?: string | null;
  headers?: Record<string, string>;
  /** Raw body text (for malformed-body tests); otherwise `json` is serialised. */
  rawBody?: string;
}

/**
 * A browser stand-in: keeps cookies between requests like a browser would (ignoring Path, as all
 * our cookies are sent to /api), sends its own Origin on state-changing requests, and comes
 * from a fixed network address.
 */
export class TestClient {
  readonly cookies = new Map<string, string>();
  readonly address: string;
  private readonly app: Hono<AppEnv>;

  constructor(app: Hono<AppEnv>, options: { address?: string } = {}) {
    this.app = app;
    this.address = options.address ?? `10.${rand255()}.${rand255()}.${rand255()}`;
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(
    method: string,
    path: string,
    json?: unknown,
    options: RequestOptions = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size > 0) headers.cookie = this.cookieHeader;
    const isSafe = method === 'GET' || method === 'HEAD';
    const origin = options.origin === undefined ? (isSafe ? null : APP_ORIGIN) : options.origin;
    if (origin !== null) headers.origin = origin;
    let body: string | undefined = options.rawBody;
    if (body === undefined && json !== undefined) body = JSON.stringify(json);
    if (body !== undefined && headers['content-type'] === undefined)
      headers['content-type'] = 'application/json';
    const url = path.startsWith('http') ? path : `${APP_ORIGIN}${path}`;
    const res = await this.app.request(
      url,
      { method, headers, body },
      { incoming: { socket: { remoteAddress: this.address } } },
    );
    this.remember(res);
    return res;
  }

  get(path: string, options?: RequestOptions): Promise<Response> {
    return this.request('GET', path, undefined, options);
  }

  post(path: string, json?: unknown, options?: RequestOptions): Promise<Response> {
    return this.request('POST', path, json, options);
  }

  /** Signs in and returns the parsed session; fails the test if sign-in does not succeed. */
  async signIn(
    staff: Pick<TestStaff, 'email' | 'password'>,
    extra: { deviceId?: string; deviceLabel?: string; schoolId?: string } = {},
  ): Promise<SessionResponse> {
    const res = await this.post(ROUTES.signIn, {
      email: staff.email,
      password: staff.password,
      ...extra,
    });
    const body: unknown = await res.json();
    if (res.status !== 200)
      throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(body)}`);
    return sessionResponseSchema.parse(body);
  }

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0(;|$)/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

function rand255(): number {
  return Math.floor(Math.random() * 255);
}

/** The attributes of a Set-Cookie header for `name`, lower-cased keys (`httponly`, `samesite`…). */
export function cookieAttributes(res: Response, name: string): Record<string, string> | null {
  const line = res.headers.getSetCookie().find((l) => l.startsWith(`${name}=`));
  if (line === undefined) return null;
  const attributes: Record<string, string> = {};
  for (const part of line.split(';').slice(1)) {
    const [key = '', value = ''] = part.trim().split('=');
    attributes[key.toLowerCase()] = value;
  }
  return attributes;
}
