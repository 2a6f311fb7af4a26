import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionResponseSchema } from '../../shared/api/authSchemas';
import { schoolListResponseSchema } from '../../shared/api/dataSchemas';
import { App, type AppServices } from '../App';
import { FAST_HASH, LONDON, putRoster, SCHOOL_ID, signedInHere } from '../ui/screens.fixture';
import type { AppDb } from '../db/appDb';
import { getMeta, setMeta } from '../db/meta';
import { resetLockStore } from '../auth/lockStore';
import { resetRegisterChoiceStore } from '../register/registerChoiceStore';
import { resetSyncStatusStore } from '../sync/syncStatusStore';
import { DEVICE_ID, freshDb, ManualTimers, OTHER_DEVICE_ID } from '../testSupport.fixture';
import { ADMIN, fakeAdminServer, ok, refused } from './adminServer.fixture';
import * as dataApi from '../../shared/api/endpoints/dataEndpoints';

const HILLSIDE_ID = '00000000-0000-4000-8000-00000000f0a2';

let db: AppDb;
afterEach(() => {
  cleanup();
  resetLockStore();
  resetRegisterChoiceStore();
  resetSyncStatusStore();
  db.close();
});

describe('switching school from the session bar', { timeout: 60_000 }, () => {
  it('someone with roles at two schools moves the tablet, and the app carries on at the new one', async () => {
    db = freshDb();
    await putRoster(db);
    await setMeta(db, 'deviceId', DEVICE_ID);
    await signedInHere(db, [ADMIN]);
    const server = fakeAdminServer((request) => {
      if (request.path === dataApi.listSchools.path) {
        return ok(schoolListResponseSchema, {
          organisation: { id: '00000000-0000-4000-8000-00000000f001', name: 'Test Trust' },
          schools: [
            {
              id: SCHOOL_ID,
              name: 'Test Primary',
              dfeNumber: null,
              timeZone: 'Europe/London',
              roles: ['admin'],
              current: true,
            },
            {
              id: HILLSIDE_ID,
              name: 'Hillside Academy',
              dfeNumber: null,
              timeZone: 'Europe/London',
              roles: ['admin'],
              current: false,
            },
          ],
        });
      }
      if (request.path === dataApi.switchSchool.path) {
        return ok(sessionResponseSchema, {
          staff: { id: ADMIN.staffId, name: ADMIN.name, email: 'sam.admin@school.example' },
          roles: [
            { schoolId: SCHOOL_ID, schoolName: 'Test Primary', role: 'admin' },
            { schoolId: HILLSIDE_ID, schoolName: 'Hillside Academy', role: 'admin' },
          ],
          device: { id: OTHER_DEVICE_ID },
          school: { id: HILLSIDE_ID, name: 'Hillside Academy' },
          expiresAt: '2025-09-08T20:00:00.000Z',
        });
      }
      return refused(404, 'not_found', 'No such endpoint.');
    });
    const timers = new ManualTimers(LONDON.amOpen);
    let syncRequests = 0;
    const services: AppServices = {
      database: { name: db.name, open: () => Promise.resolve(db) },
      clock: timers.clock,
      timers,
      platform: { userAgent: 'jsdom', platform: 'Linux', maxTouchPoints: 0, isStandalone: false },
      hashOptions: FAST_HASH,
      prefs: null,
      fetch: server.fetch,
      requestSync: () => (syncRequests += 1),
    };
    const user = userEvent.setup();
    render(<App services={services} />);

    await user.click(await screen.findByRole('button', { name: /^Sam Admin/ }));
    await user.type(await screen.findByLabelText('PIN for Sam Admin'), '2468');
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(
      await screen.findByText('Admin, Test Primary', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();

    // The switcher is a chunk of its own, loaded after unlocking: give it time on a busy machine.
    await user.click(
      await screen.findByRole('button', { name: 'Switch school' }, { timeout: 15_000 }),
    );
    await user.click(await screen.findByRole('button', { name: 'Switch to Hillside Academy' }));

    expect(
      await screen.findByText('Admin, Hillside Academy', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(syncRequests).toBe(1));
    expect(await getMeta(db, 'deviceId')).toBe(OTHER_DEVICE_ID);
  });
});
