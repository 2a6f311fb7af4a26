import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceListResponseSchema } from '../../shared/api/authSchemas';
import type { AppDb } from '../db/appDb';
import { resetSyncStatusStore, useSyncStatusStore } from '../sync/syncStatusStore';
import { freshDb } from '../testSupport.fixture';
import { AdminSection } from './AdminSection';
import { ADMIN_OFFLINE_MESSAGE } from './adminRequest';
import { fakeAdminServer, ok, sectionProps } from './adminServer.fixture';
import * as dataApi from '../../shared/api/endpoints/dataEndpoints';

let db: AppDb;
afterEach(() => {
  cleanup();
  resetSyncStatusStore();
  db.close();
});

describe('the admin section', { timeout: 30_000 }, () => {
  it('opens on the pupil import and moves between its screens from labelled buttons', async () => {
    db = freshDb();
    const server = fakeAdminServer(() => ok(deviceListResponseSchema, { devices: [] }));
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<AdminSection {...props} />);

    expect(
      screen.getByRole('heading', { name: 'Import pupils and registration groups' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Pupils and groups' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    // Nothing is sent until a file is chosen, beyond reading the list of recent imports.
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${dataApi.listImports.path}`,
    ]);

    await user.click(screen.getByRole('button', { name: 'Devices' }));
    expect(await screen.findByText('No devices are enrolled yet.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Devices' })).toHaveAttribute('aria-current', 'page');

    await user.click(screen.getByRole('button', { name: 'Historical marks' }));
    expect(screen.getByRole('heading', { name: 'Import historical marks' })).toBeInTheDocument();
  });

  it('says plainly that it needs a connection when the device is offline', () => {
    db = freshDb();
    useSyncStatusStore.setState({ isOnline: false });
    const server = fakeAdminServer(() => ({ offline: true }));
    const { props } = sectionProps(db, server.fetch);
    render(<AdminSection {...props} />);

    expect(screen.getAllByRole('status')[0]).toHaveTextContent(ADMIN_OFFLINE_MESSAGE);
  });
});
