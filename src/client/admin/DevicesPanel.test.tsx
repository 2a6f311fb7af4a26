import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import {
  deviceListResponseSchema,
  deviceRenameResponseSchema,
  deviceRevokeResponseSchema,
  type DeviceSummary,
} from '../../shared/api/authSchemas';
import { routePath, ROUTES } from '../../shared/api/routes';
import type { AppDb } from '../db/appDb';
import { setMeta } from '../db/meta';
import { DEVICE_ID, freshDb, OTHER_DEVICE_ID } from '../testSupport.fixture';
import { ADMIN, fakeAdminServer, ok, refused, sectionProps } from './adminServer.fixture';

import { DevicesPanel } from './DevicesPanel';

let db: AppDb;
afterEach(() => {
  cleanup();
  db.close();
});

function device(id: string, label: string, patch: Partial<DeviceSummary> = {}): DeviceSummary {
  return {
    id,
    name: null,
    label,
    userAgent: 'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X)',
    enrolledBy: { id: ADMIN.staffId, name: ADMIN.name },
    enrolledAt: '2025-09-01T07:30:00.000Z',
    lastSeenAt: '2025-10-06T08:45:00.000Z',
    revokedAt: null,
    lastClientSeq: 1234,
    ...patch,
  };
}

describe('devices', { timeout: 30_000 }, () => {
  it('lists the school’s devices and revokes one only after asking', async () => {
    db = freshDb();
    await setMeta(db, 'deviceId', DEVICE_ID);
    const revokePath = routePath(ROUTES.adminRevokeDevice, { id: OTHER_DEVICE_ID });
    const server = fakeAdminServer((request) => {
      if (request.path === ROUTES.adminDevices) {
        return ok(deviceListResponseSchema, {
          devices: [device(DEVICE_ID, 'Office PC'), device(OTHER_DEVICE_ID, 'Class 3 iPad')],
        });
      }
      if (request.method === 'POST' && request.path === revokePath) {
        return ok(deviceRevokeResponseSchema, {
          device: device(OTHER_DEVICE_ID, 'Class 3 iPad', {
            revokedAt: '2025-10-06T09:00:00.000Z',
          }),
        });
      }
      return refused(404, 'not_found', 'No such endpoint.');
    });
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<DevicesPanel {...props} />);

    const ipad = (await screen.findByRole('rowheader', { name: /^Class 3 iPad/ })).closest('tr');
    expect(ipad).not.toBeNull();
    expect(
      await screen.findByRole('rowheader', { name: /^Office PC \(this device\)/ }),
    ).toBeInTheDocument();
    expect(within(ipad as HTMLElement).getByText('1,234')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Revoke Class 3 iPad' }));
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Yes, revoke Class 3 iPad' }));

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Class 3 iPad is revoked. It must be signed in online again before it can be used.',
    );
    expect(server.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([
      revokePath,
    ]);
    expect(within(ipad as HTMLElement).getByText(/^Revoked /)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Revoke Class 3 iPad' })).not.toBeInTheDocument();
  });

  it('names a device, checking the name here first and showing the server’s refusal', async () => {
    db = freshDb();
    const renamePath = routePath(ROUTES.adminRenameDevice, { id: OTHER_DEVICE_ID });
    const names: unknown[] = [];
    const server = fakeAdminServer((request) => {
      if (request.path === ROUTES.adminDevices) {
        return ok(deviceListResponseSchema, {
          devices: [device(DEVICE_ID, 'Office PC'), device(OTHER_DEVICE_ID, 'Class 3 iPad')],
        });
      }
      if (request.method === 'POST' && request.path === renamePath) {
        names.push(request.body);
        const { name } = request.body as { name: string };
        if (name === 'Office PC')
          return refused(
            409,
            'already_exists',
            'Another device at this school is already called “Office PC”. Choose a different name, or rename that device first.',
          );
        return ok(deviceRenameResponseSchema, {
          device: device(OTHER_DEVICE_ID, 'Class 3 iPad', { name }),
        });
      }
      return refused(404, 'not_found', 'No such endpoint.');
    });
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<DevicesPanel {...props} />);

    await user.click(await screen.findByRole('button', { name: 'Rename Class 3 iPad' }));
    const field = screen.getByLabelText('Device name');
    expect(field).toHaveValue('Class 3 iPad');
    await user.clear(field);
    await user.type(field, '   ');
    await user.click(screen.getByRole('button', { name: 'Save name' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Give the device a name, such as “Class 3 tablet”.',
    );
    expect(names).toEqual([]);

    await user.clear(field);
    await user.type(field, 'Office PC');
    await user.click(screen.getByRole('button', { name: 'Save name' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Another device at this school is already called “Office PC”.',
    );

    await user.clear(field);
    await user.type(field, ' Class 3 tablet ');
    await user.click(screen.getByRole('button', { name: 'Save name' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'The device is now called “Class 3 tablet”.',
    );
    expect(names).toEqual([{ name: 'Office PC' }, { name: 'Class 3 tablet' }]);
    expect(screen.getByRole('rowheader', { name: /^Class 3 tablet/ })).toBeInTheDocument();
    expect(screen.queryByLabelText('Device name')).not.toBeInTheDocument();
  });

  it('tells someone who is not an admin plainly', async () => {
    db = freshDb();
    const server = fakeAdminServer(() =>
      refused(403, 'forbidden', 'Your role at this school does not allow this.'),
    );
    const { props } = sectionProps(db, server.fetch);
    render(<DevicesPanel {...props} />);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Only an admin at this school can do this. Ask your school’s Tickmark administrator.',
    );
  });
});
