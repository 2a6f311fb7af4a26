/**
 * Pupil photos and flags (docs/api.md, "Photos and flags"; docs/design.md §5): an admin imports a
 * photo named by UPN, refused with a reason when it is not a JPEG or PNG, too large, or names no
 * pupil; the roster carries the photo's opaque id only while the school shows photos; any staff
 * member of the school fetches it (private, never stored by a shared cache), another school's
 * cannot; the tile's flags reach the tablet but the medical note only reaches office staff,
 * leads and admins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorBodySchema } from '../../src/shared/api/apiErrors';
import {
  medicalNoteResponseSchema,
  PHOTO_MAX_BYTES,
  PHOTO_ROUTES,
  photoResponseSchema,
  photoSettingsSchema,
  photoUploadResponseSchema,
} from '../../src/shared/api/photoSchemas';
import { ROUTES } from '../../src/shared/api/routes';
import { snapshotResponseSchema } from '../../src/shared/api/syncSchemas';
import type { Database } from '../../src/server/db/database';
import { createTestApp, TestClient } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { createSyncSchool, TODAY } from './syncFixtures';

let t: TestDatabase;
let db: Database;

beforeAll(async () => {
  t = await openTestDatabase();
  db = t.db;
});
afterAll(async () => {
  await t.close();
});

const UPN = 'A123456789012';
/** The first bytes of a JPEG, then padding: enough for the magic-byte check. */
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 7)]);

async function setUp() {
  const school = await createSyncSchool(db);
  const other = await createSyncSchool(db);
  const pupilId = school.groups[0]?.pupilIds[0] ?? '';
  await db.query('UPDATE pupil SET upn = $2 WHERE id = $1', [pupilId, UPN]);
  const { app, clock } = createTestApp(db);
  clock.set(`${TODAY}T09:30:00.000Z`);
  const as = async (handle: string, at = school) => {
    const client = new TestClient(app);
    await client.signIn(at.member(handle));
    return client;
  };
  return { school, other, pupilId, as };
}

async function status(res: Response, expected: number): Promise<unknown> {
  const body: unknown = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(expected);
  return body;
}

async function rosterPupil(client: TestClient, pupilId: string) {
  const body = await status(await client.get(ROUTES.syncSnapshot), 200);
  return snapshotResponseSchema.parse(body).roster.pupils.find((p) => p.id === pupilId);
}

describe('pupil photos', () => {
  it('imports a photo named by UPN and serves it, by an opaque id, only while photos are on', async () => {
    const { pupilId, as, other } = await setUp();
    const admin = await as('admin');
    const uploaded = photoUploadResponseSchema.parse(
      await status(
        await admin.post(PHOTO_ROUTES.upload, {
          fileName: `photos/${UPN.toLowerCase()}.JPG`,
          data: JPEG.toString('base64'),
        }),
        201,
      ),
    );
    expect(uploaded).toEqual({
      pupilName: 'Pupil1 Surname001',
      mediaType: 'image/jpeg',
      replaced: false,
    });

    // Off by default: the roster names no photo and the photo is not served.
    const teacher = await as('teacher');
    expect((await rosterPupil(teacher, pupilId))?.photoId).toBeNull();

    const settings = photoSettingsSchema.parse(
      await status(await admin.request('PUT', PHOTO_ROUTES.settings, { enabled: true }), 200),
    );
    expect(settings).toMatchObject({ enabled: true, withPhoto: 1 });

    const photoId = (await rosterPupil(teacher, pupilId))?.photoId ?? '';
    expect(photoId).toMatch(/^[0-9a-f-]{36}$/);
    expect(photoId).not.toContain(UPN);
    const res = await teacher.get(PHOTO_ROUTES.photo.replace(':photoId', photoId));
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const photo = photoResponseSchema.parse(await status(res, 200));
    expect(Buffer.from(photo.data, 'base64').equals(JPEG)).toBe(true);

    // Another school's staff cannot fetch it, even knowing the id.
    const stranger = await as('admin', other);
    await status(await stranger.get(PHOTO_ROUTES.photo.replace(':photoId', photoId)), 404);

    // A new photo has a new id; turned off, the old one is not served.
    await status(
      await admin.post(PHOTO_ROUTES.upload, {
        fileName: `${UPN}.jpg`,
        data: JPEG.toString('base64'),
      }),
      201,
    );
    const newId = (await rosterPupil(teacher, pupilId))?.photoId;
    expect(newId).not.toBe(photoId);
    await status(await admin.request('PUT', PHOTO_ROUTES.settings, { enabled: false }), 200);
    await status(await teacher.get(PHOTO_ROUTES.photo.replace(':photoId', newId ?? '')), 404);
  });

  it('refuses, with a reason, a file that is not a JPEG or PNG, too large, or names no pupil', async () => {
    const { as } = await setUp();
    const admin = await as('admin');
    const refused = async (body: unknown, expected: number) =>
      JSON.stringify(
        apiErrorBodySchema.parse(
          await status(await admin.post(PHOTO_ROUTES.upload, body), expected),
        ),
      );

    const pdf = Buffer.from('%PDF-1.7 not a photo at all').toString('base64');
    expect(await refused({ fileName: `${UPN}.jpg`, data: pdf }, 400)).toMatch(/not a JPEG or PNG/);
    expect(
      await refused({ fileName: 'Ada Lovelace.jpg', data: JPEG.toString('base64') }, 400),
    ).toMatch(/UPN/);
    expect(
      await refused({ fileName: 'B999999999999.jpg', data: JPEG.toString('base64') }, 404),
    ).toMatch(/No pupil at this school has the UPN B999999999999/);
    const huge = Buffer.concat([JPEG, Buffer.alloc(PHOTO_MAX_BYTES)]).toString('base64');
    expect(await refused({ fileName: `${UPN}.jpg`, data: huge }, 400)).toMatch(
      /larger than 200 KB/,
    );

    // Only admins import.
    const teacher = await as('teacher');
    await status(
      await teacher.post(PHOTO_ROUTES.upload, {
        fileName: `${UPN}.jpg`,
        data: JPEG.toString('base64'),
      }),
      403,
    );
  });
});

describe('flags and the medical note', () => {
  it('sends the flags to the tablet, and the note only to office staff, leads and admins', async () => {
    const { pupilId, as } = await setUp();
    const note = 'Asthma: blue inhaler in the classroom drawer';
    await db.query(
      'UPDATE pupil SET medical = true, medical_note = $2, send = true, eal = true WHERE id = $1',
      [pupilId, note],
    );
    const teacher = await as('teacher');
    const snapshot = await teacher.get(ROUTES.syncSnapshot);
    const text = await snapshot.text();
    expect(text).not.toContain('inhaler');
    expect(
      snapshotResponseSchema.parse(JSON.parse(text)).roster.pupils.find((p) => p.id === pupilId)
        ?.flags,
    ).toEqual(['medical', 'sen', 'eal']);

    const path = PHOTO_ROUTES.medicalNote.replace(':pupilId', pupilId);
    await status(await teacher.get(path), 403);
    for (const handle of ['office', 'lead', 'admin']) {
      const reader = await as(handle);
      expect(medicalNoteResponseSchema.parse(await status(await reader.get(path), 200))).toEqual({
        pupilId,
        medical: true,
        note,
      });
    }
  });
});
