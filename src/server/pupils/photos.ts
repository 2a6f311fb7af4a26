/**
 * Pupil photos (docs/design.md §5 "Photos and flags"): kept in the database beside the pupil, one
 * each, under an opaque id that changes whenever the photo does. An import is one file named by
 * the pupil's UPN (what MIS photo exports name them by); its bytes must begin as a JPEG or PNG does
 * and stay under PHOTO_MAX_BYTES, so a renamed document or a huge scan is refused with a reason.
 */
import { randomUUID } from 'node:crypto';
import { toSchoolWallClock } from '../../domain/index';
import {
  PHOTO_MAX_BYTES,
  type PhotoMediaType,
  type PhotoResponse,
  type PhotoSettings,
  type PhotoUploadResponse,
} from '../../shared/api/photoSchemas';
import type { Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { bumpRosterVersion } from '../school/rosterVersion';
import { loadSchoolRow, schoolConfigOf } from '../school/schoolRules';

const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean =>
  bytes.length > magic.length && magic.every((b, i) => bytes[i] === b);

/** What the bytes are by their first bytes (never by the file's name), or null. */
export function photoTypeOf(bytes: Uint8Array): PhotoMediaType | null {
  if (startsWith(bytes, JPEG)) return 'image/jpeg';
  if (startsWith(bytes, PNG)) return 'image/png';
  return null;
}

/** "photos/A123456789012.jpg" → "A123456789012"; null when the name is not a UPN. */
export function upnOfFileName(fileName: string): string | null {
  const base = fileName.split(/[\\/]/u).pop() ?? '';
  const stem = base
    .replace(/\.[A-Za-z0-9]{1,5}$/u, '')
    .trim()
    .toUpperCase();
  return /^[A-Z][0-9]{11}[0-9A-Z]$/u.test(stem) ? stem : null;
}

function refuse(message: string): never {
  throw new ApiError('invalid_request', { message });
}

export async function uploadPhoto(
  db: Queryable,
  input: { schoolId: string; staffId: string; fileName: string; data: string; now: Date },
): Promise<PhotoUploadResponse> {
  const upn = upnOfFileName(input.fileName);
  if (upn === null) {
    refuse(
      `“${input.fileName}” is not named by a pupil’s UPN. Name each photo by the pupil’s UPN, for example A123456789012.jpg, as MIS photo exports do.`,
    );
  }
  const bytes = Buffer.from(input.data, 'base64');
  if (bytes.length > PHOTO_MAX_BYTES) {
    refuse(
      `“${input.fileName}” is ${Math.ceil(bytes.length / 1024)} KB; the most a photo may be is ${PHOTO_MAX_BYTES / 1024} KB. Make it smaller and import it again.`,
    );
  }
  const mediaType = photoTypeOf(bytes);
  if (mediaType === null) {
    refuse(
      `“${input.fileName}” is not a JPEG or PNG image. Save it as JPEG or PNG and import it again.`,
    );
  }
  const pupil = await db.query<{ id: string; name: string; had: boolean }>(
    `SELECT p.id, coalesce(p.preferred_forename, p.legal_forename) || ' ' || coalesce(p.preferred_surname, p.legal_surname) AS name,
            EXISTS (SELECT 1 FROM pupil_photo ph WHERE ph.pupil_id = p.id) AS had
       FROM pupil p WHERE p.school_id = $1 AND p.upn = $2`,
    [input.schoolId, upn],
  );
  const found = pupil.rows[0];
  if (found === undefined) {
    throw new ApiError('not_found', {
      message: `No pupil at this school has the UPN ${upn} (from “${input.fileName}”). Check the file’s name, or import the pupil first.`,
    });
  }
  // A new id each time: a tablet holding the old photo sees a new id and fetches the new one.
  await db.query(
    `INSERT INTO pupil_photo (id, pupil_id, media_type, bytes, imported_by, imported_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (pupil_id) DO UPDATE SET id = EXCLUDED.id, media_type = EXCLUDED.media_type,
       bytes = EXCLUDED.bytes, imported_by = EXCLUDED.imported_by, imported_at = EXCLUDED.imported_at`,
    [randomUUID(), found.id, mediaType, bytes, input.staffId, input.now],
  );
  await bumpRosterVersion(db, input.schoolId);
  return { pupilName: found.name, mediaType, replaced: found.had };
}

/** A photo of a pupil at `schoolId`, only while the school shows photos. */
export async function readPhoto(
  db: Queryable,
  schoolId: string,
  photoId: string,
): Promise<PhotoResponse> {
  const { rows } = await db.query<{ media_type: PhotoMediaType; bytes: Buffer }>(
    `SELECT ph.media_type, ph.bytes
       FROM pupil_photo ph JOIN pupil p ON p.id = ph.pupil_id JOIN school s ON s.id = p.school_id
      WHERE ph.id = $1 AND p.school_id = $2 AND s.photos_enabled`,
    [photoId, schoolId],
  );
  const row = rows[0];
  if (row === undefined)
    throw new ApiError('not_found', {
      message: 'There is no such photo at this school, or the school no longer shows photos.',
    });
  return { photoId, mediaType: row.media_type, data: row.bytes.toString('base64') };
}

export async function readPhotoSettings(
  db: Queryable,
  schoolId: string,
  now: Date,
): Promise<PhotoSettings> {
  const school = await loadSchoolRow(db, schoolId);
  const today = toSchoolWallClock(now, schoolConfigOf(school, now).timeZone).date;
  const { rows } = await db.query<{ enabled: boolean; on_roll: number; with_photo: number }>(
    `SELECT s.photos_enabled AS enabled,
            count(p.id)::int AS on_roll,
            count(ph.id)::int AS with_photo
       FROM school s
       LEFT JOIN pupil p ON p.school_id = s.id AND p.on_roll_from <= $2 AND (p.on_roll_to IS NULL OR p.on_roll_to >= $2)
       LEFT JOIN pupil_photo ph ON ph.pupil_id = p.id
      WHERE s.id = $1
      GROUP BY s.photos_enabled`,
    [schoolId, today],
  );
  const row = rows[0];
  return {
    enabled: row?.enabled ?? false,
    pupilsOnRoll: row?.on_roll ?? 0,
    withPhoto: row?.with_photo ?? 0,
  };
}

export async function savePhotoSettings(
  db: Queryable,
  schoolId: string,
  enabled: boolean,
  now: Date,
): Promise<PhotoSettings> {
  const { rowCount } = await db.query(
    'UPDATE school SET photos_enabled = $2 WHERE id = $1 AND photos_enabled <> $2',
    [schoolId, enabled],
  );
  // The tablets' rosters carry photo ids only while photos are on: they fetch it again.
  if ((rowCount ?? 0) > 0) await bumpRosterVersion(db, schoolId);
  return readPhotoSettings(db, schoolId, now);
}
