import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { setupResponseSchema, setupStatusResponseSchema } from '../../shared/api/setupSchemas';
import { fakeAdminServer, ok, refused } from '../admin/adminServer.fixture';
import { SetupPage } from './SetupPage';
import * as setupApi from '../../shared/api/endpoints/setupEndpoints';

afterEach(cleanup);

const ID = '0b6e8a4e-2f52-4c1e-9c55-6d8f1f9a1c01';

async function fillValid(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText('Trust name'), 'Oak Trust');
  await user.type(screen.getByLabelText('School name'), 'Oak Primary');
  await user.type(screen.getByLabelText('URN'), '123456');
  await user.type(screen.getByLabelText('LA number'), '202');
  await user.type(screen.getByLabelText('Establishment number'), '2001');
  await user.type(screen.getByLabelText('Your name'), 'Sam Patel');
  await user.type(screen.getByLabelText('Email address'), 'sam@oak.example');
  await user.type(screen.getByLabelText('Password'), 'Password1234!');
}

describe('the setup page', { timeout: 30_000 }, () => {
  it('shows each problem under its field, the server’s too, and sends nothing the schema refuses', async () => {
    let strong = false;
    const server = fakeAdminServer((request) => {
      if (request.method === 'GET') return ok(setupStatusResponseSchema, { needed: true });
      if (!strong) {
        return refused(400, 'invalid_request', 'The password is too easy to guess.', {
          issues: [{ path: 'admin.password', message: 'is too easy to guess' }],
        });
      }
      return ok(
        setupResponseSchema,
        {
          status: 'ok',
          organisation: { id: ID, name: 'Oak Trust' },
          school: { id: ID, name: 'Oak Primary' },
          admin: { id: ID, email: 'sam@oak.example' },
        },
        201,
      );
    });
    const user = userEvent.setup();
    render(<SetupPage token="t0ken" fetch={server.fetch} />);
    await user.click(await screen.findByRole('button', { name: 'Set up Tickmark' }));
    expect(screen.getByText(/^URN must be the 6-digit/)).toBeInTheDocument();
    expect(screen.getByLabelText('URN')).toHaveAttribute('aria-invalid', 'true');
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    await fillValid(user);
    await user.click(screen.getByRole('button', { name: 'Set up Tickmark' }));
    expect(await screen.findByText('Password is too easy to guess.')).toBeInTheDocument();
    expect(screen.queryByText(/^URN must/)).not.toBeInTheDocument();

    strong = true;
    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), 'kettle orchard lantern velvet');
    await user.click(screen.getByRole('button', { name: 'Set up Tickmark' }));
    expect(await screen.findByRole('heading', { name: 'Tickmark is set up' })).toBeInTheDocument();
    const sent = server.requests.filter(
      (r) => r.method === 'POST' && r.path === setupApi.setupStatus.path,
    );
    expect(sent.at(-1)?.body).toMatchObject({ token: 't0ken', school: { urn: '123456' } });
  });

  it('says so when the server is already set up, and without a token asks for the printed link', async () => {
    const done = fakeAdminServer(() => ok(setupStatusResponseSchema, { needed: false }));
    render(<SetupPage token="t0ken" fetch={done.fetch} />);
    expect(await screen.findByText(/already set up on this server/)).toBeInTheDocument();
    cleanup();
    const fresh = fakeAdminServer(() => ok(setupStatusResponseSchema, { needed: true }));
    render(<SetupPage token="" fetch={fresh.fetch} />);
    expect(await screen.findByText(/needs the setup link the server printed/)).toBeInTheDocument();
  });
});
