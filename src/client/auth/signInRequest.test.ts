import { describe, expect, it } from 'vitest';
import { fakeFetch, offlineFetch, sessionAnswer } from '../ui/screens.fixture';
import { DEVICE_ID } from '../testSupport.fixture';
import {
  FIRST_SIGN_IN_OFFLINE,
  requestSignIn,
  SIGN_IN_OFFLINE,
  type FetchLike,
} from './signInRequest';

const form = { email: ' Teacher@School.example ', password: 'correct horse' };

describe('requestSignIn', () => {
  it('posts the form as JSON, same-origin, and returns the parsed session', async () => {
    const server = fakeFetch(200, sessionAnswer());
    const result = await requestSignIn(
      { ...form, deviceId: DEVICE_ID, deviceLabel: '  Class 3 iPad ' },
      { fetch: server.fetch, hasSignedInBefore: false },
    );
    expect(result).toEqual({ ok: true, value: sessionAnswer() });
    const [call] = server.calls;
    expect(call?.url).toBe('/api/auth/sign-in');
    expect(call?.init).toMatchObject({ method: 'POST', credentials: 'same-origin' });
    expect(JSON.parse(String(call?.init.body))).toEqual({
      email: 'Teacher@School.example',
      password: 'correct horse',
      deviceId: DEVICE_ID,
      deviceLabel: 'Class 3 iPad',
    });
  });

  it('leaves out an empty tablet name and a missing device id', async () => {
    const server = fakeFetch(200, sessionAnswer());
    await requestSignIn(
      { ...form, deviceLabel: ' ' },
      { fetch: server.fetch, hasSignedInBefore: false },
    );
    expect(Object.keys(JSON.parse(String(server.calls[0]?.init.body)) as object)).toEqual([
      'email',
      'password',
    ]);
  });

  it.each([
    [
      'bad credentials: the server’s message',
      401,
      { status: 'error', reason: 'bad_credentials', message: 'Email or password not recognised.' },
      {},
      { kind: 'bad_credentials', message: 'Email or password not recognised.' },
    ],
    [
      'rate limited: the wait from the details',
      429,
      {
        status: 'error',
        reason: 'rate_limited',
        message: 'Too many sign-in attempts. Please wait 5 minutes and try again.',
        details: { retryAfterSeconds: 125 },
      },
      { 'Retry-After': '125' },
      {
        kind: 'rate_limited',
        message: 'Too many failed sign-ins. Please wait 3 minutes and try again.',
        retryAfterSeconds: 125,
      },
    ],
    [
      'rate limited without details: the Retry-After header',
      429,
      null,
      { 'Retry-After': '60' },
      {
        kind: 'rate_limited',
        message: 'Too many failed sign-ins. Please wait 1 minute and try again.',
        retryAfterSeconds: 60,
      },
    ],
    [
      'rate limited for seconds: the wait in seconds, not "1 minute"',
      429,
      {
        status: 'error',
        reason: 'rate_limited',
        message: 'Too many failed sign-ins. Please wait 15 seconds and try again.',
        details: { retryAfterSeconds: 15 },
      },
      { 'Retry-After': '15' },
      {
        kind: 'rate_limited',
        message: 'Too many failed sign-ins. Please wait 15 seconds and try again.',
        retryAfterSeconds: 15,
      },
    ],
    [
      'no role at the school',
      403,
      { status: 'error', reason: 'no_school_role', message: 'Your account does not have a role.' },
      {},
      { kind: 'refused', message: 'Your account does not have a role.' },
    ],
    [
      'a server error with a message',
      503,
      { status: 'error', reason: 'unavailable', message: 'The server cannot reach its database.' },
      {},
      { kind: 'refused', message: 'The server cannot reach its database.' },
    ],
    [
      'a captive portal page instead of Tickmark: as good as offline',
      502,
      '<html>Log in to the wifi</html>',
      {},
      { kind: 'offline', message: FIRST_SIGN_IN_OFFLINE },
    ],
  ])('%s', async (_why, status, body, headers, expected) => {
    const server = fakeFetch(status, body, headers);
    const result = await requestSignIn(form, { fetch: server.fetch, hasSignedInBefore: false });
    expect(result).toEqual({ ok: false, error: expected });
  });

  it('says a connection is needed the first time, and mentions PINs when others have signed in', async () => {
    expect(await requestSignIn(form, { fetch: offlineFetch, hasSignedInBefore: false })).toEqual({
      ok: false,
      error: {
        kind: 'offline',
        message: 'You need a connection to sign in the first time on this tablet.',
      },
    });
    expect(await requestSignIn(form, { fetch: offlineFetch, hasSignedInBefore: true })).toEqual({
      ok: false,
      error: { kind: 'offline', message: SIGN_IN_OFFLINE },
    });
  });

  it('gives up on a server that does not answer, as offline, instead of waiting for ever', async () => {
    const hanging: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('', 'AbortError')));
      });
    expect(
      await requestSignIn(form, { fetch: hanging, hasSignedInBefore: true, timeoutMs: 10 }),
    ).toEqual({ ok: false, error: { kind: 'offline', message: SIGN_IN_OFFLINE } });
  });

  it('refuses an answer that is not a session', async () => {
    const server = fakeFetch(200, { staff: 'nobody' });
    const result = await requestSignIn(form, { fetch: server.fetch, hasSignedInBefore: false });
    expect(result.ok).toBe(false);
  });
});
