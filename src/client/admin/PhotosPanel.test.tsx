import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import {
  PHOTO_MAX_BYTES,
  PHOTO_ROUTES,
  photoSettingsSchema,
  photoUploadResponseSchema,
} from '../../shared/api/photoSchemas';
import type { AppDb } from '../db/appDb';
import { freshDb } from '../testSupport.fixture';
import { fakeAdminServer, ok, refused, sectionProps } from './adminServer.fixture';
import { PhotosPanel } from './PhotosPanel';

let db: AppDb;
afterEach(() => {
  cleanup();
  db.close();
});

const jpeg = (name: string, size = 64) =>
  new File([new Uint8Array([0xff, 0xd8, 0xff, ...new Array<number>(size).fill(1)])], name, {
    type: 'image/jpeg',
  });

describe('importing pupils’ photos', { timeout: 30_000 }, () => {
  it('sends each photo on its own, turns photos on, and names each file that was refused and why', async () => {
    db = freshDb();
    let enabled = false;
    let withPhoto = 0;
    const server = fakeAdminServer((request) => {
      if (request.path === PHOTO_ROUTES.settings) {
        if (request.method === 'PUT') enabled = (request.body as { enabled: boolean }).enabled;
        return ok(photoSettingsSchema, { enabled, pupilsOnRoll: 30, withPhoto });
      }
      if (request.path === PHOTO_ROUTES.upload) {
        const { fileName } = request.body as { fileName: string };
        if (fileName.startsWith('B')) {
          return refused(404, 'not_found', 'No pupil at this school has the UPN B999999999999.');
        }
        withPhoto += 1;
        return ok(
          photoUploadResponseSchema,
          { pupilName: 'Ada Adams', mediaType: 'image/jpeg', replaced: false },
          201,
        );
      }
      return refused(404, 'not_found', 'No such endpoint.');
    });
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<PhotosPanel {...props} />);

    expect(await screen.findByText('0 pupils of 30 on roll have a photo.')).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Show pupils’ photos on the register' }));
    expect(await screen.findByText(/Photos are on/)).toBeInTheDocument();
    expect(screen.getByRole('checkbox')).toBeChecked();

    await user.upload(screen.getByLabelText('Choose photos'), [
      jpeg('A123456789012.jpg'),
      jpeg('B999999999999.jpg'),
      jpeg('A123456789013.jpg', PHOTO_MAX_BYTES),
    ]);
    expect(await screen.findByText('Done: 1 photo imported of 3.')).toBeInTheDocument();
    expect(
      screen.getByText(/B999999999999\.jpg: No pupil at this school has the UPN/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/A123456789013\.jpg: 201 KB is larger than 200 KB/),
    ).toBeInTheDocument();
    // The large file was never sent.
    expect(server.requests.filter((r) => r.path === PHOTO_ROUTES.upload)).toHaveLength(2);
    expect(await screen.findByText('1 pupil of 30 on roll has a photo.')).toBeInTheDocument();
  });
});
