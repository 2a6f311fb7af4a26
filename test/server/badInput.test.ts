/** Bad input gets a 4xx that says what was wrong, and changes nothing (docs/design.md §5). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/shared/api/routes';
import { MAX_BODY_BYTES } from '../../src/server/app';
import { createTestApp, createTestSchool, TestClient } from './fixtures';
import type { TestSchool } from './fixtures';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';

let t: TestDatabase;
let school: TestSchool;
beforeAll(async () => {
  t = await openTestDatabase();
  school = await createTestSchool(t.db, { staff: { teacher: ['teacher'] } });
});
afterAll(() => t.close());

const teacher = () => {
  const s = school.staff.teacher;
  if (s === undefined) throw new Error('no teacher');
  return s;
};

async function sessionCount(): Promise<number> {
  const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM auth_session');
  return rows[0]?.n ?? -1;
}

describe('POST /api/auth/sign-in with bad input', () => {
  it.each([
    [
      'a truncated object',
      '{"email": "a@b.example", ',
      /^The request body is not valid JSON \(.+\)\.$/,
    ],
    ['plain text', 'email=a@b.example', /^The request body is not valid JSON/],
    ['an empty body', '', /^The request body is empty; it must be a JSON object\.$/],
  ])('answers 400 malformed_json for %s', async (_name, rawBody, message) => {
    const { app } = createTestApp(t.db);
    const res = await new TestClient(app).post(ROUTES.signIn, undefined, {
      rawBody,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { reason: string; message: string };
    expect(body.reason).toBe('malformed_json');
    expect(body.message).toMatch(message);
  });

  it.each([
    [
      'an unknown field',
      { email: 'a@b.example', password: 'x', isAdmin: true },
      'The request body has problems: isAdmin is not a field this request accepts.',
      [{ path: 'isAdmin', message: 'is not a field this request accepts' }],
    ],
    [
      'missing fields',
      {},
      'The request body has problems: email is required; password is required.',
      [
        { path: 'email', message: 'is required' },
        { path: 'password', message: 'is required' },
      ],
    ],
    [
      'wrong types and formats',
      { email: 'not an email', password: 42, deviceId: 'abc' },
      'The request body has problems: email is not an email address; password Invalid input: expected string, received number; deviceId is not a device id.',
      [
        { path: 'email', message: 'is not an email address' },
        { path: 'password', message: 'Invalid input: expected string, received number' },
        { path: 'deviceId', message: 'is not a device id' },
      ],
    ],
    [
      'a JSON array instead of an object',
      [1, 2],
      'The request body has problems: Invalid input: expected object, received array.',
      [{ path: '', message: 'Invalid input: expected object, received array' }],
    ],
    [
      'an over-long device label',
      { email: 'a@b.example', password: 'x', deviceLabel: 'x'.repeat(101) },
      'The request body has problems: deviceLabel is longer than 100 characters.',
      [{ path: 'deviceLabel', message: 'is longer than 100 characters' }],
    ],
  ])(
    'answers 400 invalid_request naming the fields for %s',
    async (_name, json, message, issues) => {
      const { app } = createTestApp(t.db);
      const before = await sessionCount();
      const res = await new TestClient(app).post(ROUTES.signIn, json);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        status: 'error',
        reason: 'invalid_request',
        message,
        details: { issues },
      });
      expect(await sessionCount()).toBe(before);
    },
  );

  it('refuses a correct sign-in that carries an unknown field', async () => {
    const { app } = createTestApp(t.db);
    const res = await new TestClient(app).post(ROUTES.signIn, {
      email: teacher().email,
      password: teacher().password,
      role: 'admin',
    });
    expect(res.status).toBe(400);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it.each([undefined, 'text/plain', 'application/x-www-form-urlencoded'])(
    'answers 415 when the body is sent as %s',
    async (type) => {
      const { app } = createTestApp(t.db);
      const res = await app.request(ROUTES.signIn, {
        method: 'POST',
        headers: {
          origin: 'http://localhost',
          ...(type === undefined ? {} : { 'content-type': type }),
        },
        body: JSON.stringify({ email: teacher().email, password: teacher().password }),
      });
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ reason: 'unsupported_media_type' });
    },
  );

  it('accepts a charset on the JSON content type', async () => {
    const { app } = createTestApp(t.db);
    const res = await new TestClient(app).post(
      ROUTES.signIn,
      { email: teacher().email, password: teacher().password },
      { headers: { 'content-type': 'application/json; charset=utf-8' } },
    );
    expect(res.status).toBe(200);
  });

  it('answers 413 for a body over 1 MB', async () => {
    const { app } = createTestApp(t.db);
    const res = await new TestClient(app).post(ROUTES.signIn, {
      email: teacher().email,
      password: 'x'.repeat(MAX_BODY_BYTES),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      status: 'error',
      reason: 'payload_too_large',
      message: 'The request is larger than 1024 KB. Send less at a time.',
    });
  });
});
