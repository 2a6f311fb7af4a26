import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppDb } from '../db/appDb';
import { setMeta } from '../db/meta';
import { DEVICE_ID, freshDb } from '../testSupport.fixture';
import { sessionAnswer } from '../ui/screens.fixture';
import { SignInScreen } from './SignInScreen';

let db: AppDb;
afterEach(() => {
  cleanup();
  db.close();
});

/** A server answering each path with its own status and body, recording what was sent. */
function server(answers: Record<string, [number, unknown]>) {
  const calls: { url: string; body: unknown }[] = [];
  const fetch = (url: string, init: RequestInit) => {
    const path = url.split('?')[0] ?? url;
    calls.push({
      url: path,
      body: init.body === undefined ? undefined : JSON.parse(String(init.body)),
    });
    const [status, body] = answers[path] ?? [
      404,
      { status: 'error', reason: 'not_found', message: 'no' },
    ];
    return Promise.resolve(
      new Response(JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json' },
      }),
    );
  };
  return { fetch, calls };
}

describe('signing in through the school’s provider', () => {
  it('offers the button only when the server names a provider, and opens its page', async () => {
    db = freshDb();
    await setMeta(db, 'deviceId', DEVICE_ID);
    const api = server({
      '/api/auth/oidc': [200, { providerName: 'Microsoft' }],
      '/api/auth/oidc/start': [
        200,
        { authorizationUrl: 'https://login.example/authorize?state=s' },
      ],
    });
    const navigate = vi.fn();
    const user = userEvent.setup();
    render(
      <SignInScreen
        db={db}
        hasSignedInBefore={false}
        isNewTablet={false}
        fetch={api.fetch}
        navigate={navigate}
        onSignedIn={() => undefined}
      />,
    );
    await user.click(
      await screen.findByRole('button', { name: 'Sign in with Microsoft' }, { timeout: 10_000 }),
    );
    await waitFor(() =>
      expect(navigate).toHaveBeenCalledWith('https://login.example/authorize?state=s'),
    );
    // The browser's device goes with the attempt, so a known tablet keeps its enrolment.
    expect(api.calls.find((c) => c.url === '/api/auth/oidc/start')?.body).toEqual({
      deviceId: DEVICE_ID,
    });
  });

  it('shows no button when the server offers none', async () => {
    db = freshDb();
    const api = server({ '/api/auth/oidc': [200, { providerName: null }] });
    render(
      <SignInScreen
        db={db}
        hasSignedInBefore={false}
        isNewTablet
        fetch={api.fetch}
        onSignedIn={() => undefined}
      />,
    );
    await waitFor(() => expect(api.calls).toHaveLength(1));
    expect(screen.queryByRole('button', { name: /Sign in with/ })).not.toBeInTheDocument();
  });

  it('back from the provider, finishes once and enrols the tablet', async () => {
    db = freshDb();
    const api = server({
      '/api/auth/oidc': [200, { providerName: 'Google' }],
      '/api/auth/oidc/finish': [200, sessionAnswer()],
    });
    const onSignedIn = vi.fn();
    render(
      <SignInScreen
        db={db}
        hasSignedInBefore={false}
        isNewTablet
        fetch={api.fetch}
        oidcReturn="?code=abc&state=xyz"
        onSignedIn={onSignedIn}
      />,
    );
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledTimes(1));
    expect(onSignedIn.mock.calls[0]?.[0]).toMatchObject({ name: 'Ms Teacher' });
    const finishes = api.calls.filter((c) => c.url === '/api/auth/oidc/finish');
    expect(finishes.map((c) => c.body)).toEqual([{ callbackQuery: '?code=abc&state=xyz' }]);
  });

  it('back from the provider with no account here, says so and why', async () => {
    db = freshDb();
    const message =
      'There is no Tickmark account for sam@elsewhere.example at any school. Ask your school’s Tickmark administrator to add you with this email address, then sign in with Google again.';
    const api = server({
      '/api/auth/oidc': [200, { providerName: 'Google' }],
      '/api/auth/oidc/finish': [403, { status: 'error', reason: 'oidc_no_account', message }],
    });
    const onSignedIn = vi.fn();
    render(
      <SignInScreen
        db={db}
        hasSignedInBefore={false}
        isNewTablet
        fetch={api.fetch}
        oidcReturn="?code=abc&state=xyz"
        onSignedIn={onSignedIn}
      />,
    );
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    expect(onSignedIn).not.toHaveBeenCalled();
  });
});
