import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import {
  linkSentResponseSchema,
  staffAccountResponseSchema,
  staffListResponseSchema,
  type StaffAccount,
} from '../../shared/api/accountSchemas';
import { routePath } from '../../shared/api/routes';
import type { AppDb } from '../db/appDb';
import { resetSyncStatusStore } from '../sync/syncStatusStore';
import { freshDb } from '../testSupport.fixture';
import { ADMIN, fakeAdminServer, ok, refused, sectionProps } from './adminServer.fixture';
import { StaffPanel } from './StaffPanel';
import * as accountApi from '../../shared/api/endpoints/accountEndpoints';
import * as dataApi from '../../shared/api/endpoints/dataEndpoints';

let db: AppDb;
afterEach(() => {
  cleanup();
  resetSyncStatusStore();
  db.close();
});

const TEACHER: StaffAccount = {
  id: '00000000-0000-4000-8000-0000000000a1',
  name: 'Grace Hopper',
  email: 'grace@school.example',
  roles: ['teacher'],
  status: 'no_password',
  link: null,
  disabledAt: null,
};
const SELF: StaffAccount = {
  ...TEACHER,
  id: ADMIN.staffId,
  name: ADMIN.name,
  email: 'sam@school.example',
  roles: ['admin'],
  status: 'active',
};
const LINK = 'http://localhost:8080/account/password#abc';
const EXPIRES = '2025-03-11T08:30:00.000Z';

describe('Admin → Staff', { timeout: 30_000 }, () => {
  it('shows the link to hand over when the server sends no email, and disables only after asking', async () => {
    db = freshDb();
    const server = fakeAdminServer((r) => {
      if (r.path === accountApi.listStaff.path) {
        return ok(staffListResponseSchema, { staff: [SELF, TEACHER], mail: 'shown' });
      }
      if (r.path === routePath(accountApi.sendStaffLink.path, { id: TEACHER.id })) {
        return ok(linkSentResponseSchema, {
          status: 'ok',
          kind: 'invitation',
          delivery: 'shown',
          link: LINK,
          expiresAt: EXPIRES,
          staff: {
            ...TEACHER,
            status: 'invited',
            link: { kind: 'invitation', expiresAt: EXPIRES },
          },
        });
      }
      if (r.path === routePath(accountApi.disableStaff.path, { id: TEACHER.id })) {
        return ok(staffAccountResponseSchema, {
          status: 'ok',
          staff: { ...TEACHER, status: 'disabled', disabledAt: EXPIRES },
        });
      }
      if (r.path === dataApi.listImports.path) return { status: 200, json: { imports: [] } };
      return refused(404, 'not_found', 'no');
    });
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<StaffPanel {...props} />);

    const row = (await screen.findByRole('rowheader', { name: /Grace Hopper/ })).closest('tr');
    if (row === null) throw new Error('no row');
    expect(within(row).getByText('No password yet')).toBeInTheDocument();
    expect(screen.getByText(/This server sends no email/)).toBeInTheDocument();
    // An admin cannot disable themself from here.
    expect(screen.queryByRole('button', { name: `Disable ${ADMIN.name}` })).toBeNull();

    await user.click(
      within(row).getByRole('button', { name: 'Send an invitation to Grace Hopper' }),
    );
    expect(await screen.findByRole('textbox', { name: 'Link for Grace Hopper' })).toHaveValue(LINK);
    expect(screen.getByRole('status')).toHaveTextContent('give it to them yourself');
    expect(within(row).getByText(/^Invited; link until/)).toBeInTheDocument();

    await user.click(within(row).getByRole('button', { name: 'Disable Grace Hopper' }));
    // Nothing is sent until the admin confirms.
    expect(server.requests.some((r) => r.path.endsWith('/disable'))).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Yes, disable Grace Hopper' }));
    expect(await within(row).findByText(/^Disabled/)).toBeInTheDocument();
    expect(within(row).getByRole('button', { name: 'Enable Grace Hopper' })).toBeInTheDocument();
  });

  it('says why an email could not be sent', async () => {
    db = freshDb();
    const message =
      'The email to grace@school.example could not be sent: the mail server at smtp:587 refused the connection (is it running?). No link was made.';
    const server = fakeAdminServer((r) => {
      if (r.path === accountApi.listStaff.path) {
        return ok(staffListResponseSchema, { staff: [TEACHER], mail: 'email' });
      }
      if (r.path === dataApi.listImports.path) return { status: 200, json: { imports: [] } };
      return refused(502, 'mail_failed', message);
    });
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<StaffPanel {...props} />);
    await user.click(
      await screen.findByRole('button', { name: 'Send an invitation to Grace Hopper' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
  });

  it('checks a new person’s details before sending, naming each field', async () => {
    db = freshDb();
    const server = fakeAdminServer((r) => {
      if (r.path === accountApi.listStaff.path && r.method === 'GET') {
        return ok(staffListResponseSchema, { staff: [], mail: 'email' });
      }
      if (r.path === dataApi.listImports.path) return { status: 200, json: { imports: [] } };
      return refused(404, 'not_found', 'no');
    });
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<StaffPanel {...props} />);
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'not-an-email');
    await user.click(screen.getByRole('checkbox', { name: 'Teacher' }));
    await user.click(screen.getByRole('button', { name: 'Add' }));
    expect(screen.getByText('Name is required.')).toBeInTheDocument();
    expect(screen.getByText('Email is not an email address.')).toBeInTheDocument();
    expect(screen.getByText('Roles must name at least one role.')).toBeInTheDocument();
    expect(server.requests.some((r) => r.method === 'POST')).toBe(false);
  });
});
