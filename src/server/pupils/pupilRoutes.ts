/**
 * The photos and flags endpoints (src/shared/api/endpoints/photoEndpoints.ts; docs/api.md,
 * "Photos and flags"). A photo answers `Cache-Control: private, no-store`: the tablet keeps its
 * own copy within its budget, and no shared cache may keep a child's photo.
 */
import type { Hono } from 'hono';
import * as photos from '../../shared/api/endpoints/photoEndpoints';
import type { AppDeps } from '../appDeps';
import { ApiError } from '../http/apiError';
import type { AppEnv } from '../http/appEnv';
import { serveEndpoint } from '../http/serveEndpoint';
import { readPhoto, readPhotoSettings, savePhotoSettings, uploadPhoto } from './photos';

export function registerPupilRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const { db, clock } = deps;

  serveEndpoint(app, deps, photos.getPhoto, async ({ c, params, auth }) => {
    const photo = await readPhoto(db, auth.school.id, params.photoId);
    c.header('Cache-Control', 'private, no-store');
    return photo;
  });

  serveEndpoint(app, deps, photos.readPhotoSettings, async ({ auth }) =>
    readPhotoSettings(db, auth.school.id, clock.now()),
  );

  serveEndpoint(app, deps, photos.savePhotoSettings, async ({ body, auth }) =>
    savePhotoSettings(db, auth.school.id, body.enabled, clock.now()),
  );

  serveEndpoint(app, deps, photos.uploadPhoto, async ({ body, auth }) =>
    db.transaction((tx) =>
      uploadPhoto(tx, {
        schoolId: auth.school.id,
        staffId: auth.staff.id,
        fileName: body.fileName,
        data: body.data,
        now: clock.now(),
      }),
    ),
  );

  serveEndpoint(app, deps, photos.readMedicalNote, async ({ params, auth }) => {
    const { rows } = await db.query<{ medical: boolean; medical_note: string | null }>(
      'SELECT medical, medical_note FROM pupil WHERE id = $1 AND school_id = $2',
      [params.pupilId, auth.school.id],
    );
    const row = rows[0];
    if (row === undefined)
      throw new ApiError('not_found', { message: 'There is no such pupil at this school.' });
    return { pupilId: params.pupilId, medical: row.medical, note: row.medical_note };
  });
}
