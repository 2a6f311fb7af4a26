/**
 * What a register tile shows besides the name and the mark (docs/design.md §5 "Photos and
 * flags"): the pupil's photo, when the school shows photos, and small flags a teacher needs
 * (medical needs, SEN, EAL), each with its words for a screen reader and on hover. The note
 * behind a medical flag never reaches the tablet: office staff, leads and admins read it.
 */
import { useEffect, useState } from 'react';
import type { PupilFlag } from '../../shared/api/syncSchemas';
import { systemClock } from '../clock';
import { getPhotoDb } from '../db/photoCache';
import { loadPupilPhoto } from '../sync/pupilPhotos';
import './tileExtras.css';

const FLAG_TEXT: Readonly<Record<PupilFlag, { readonly mark: string; readonly words: string }>> = {
  medical: { mark: '✚', words: 'Medical needs' },
  sen: { mark: 'SEN', words: 'Special educational needs' },
  eal: { mark: 'EAL', words: 'English as an additional language' },
};

/** The tile's classes for its extras: its grid makes room for a photo (flags sit in a corner). */
export function tileExtraClasses(photoId: string | null | undefined): string[] {
  return [photoId != null ? 'tile--photo' : ''];
}

export function TileFlags({ flags }: { readonly flags: readonly PupilFlag[] | undefined }) {
  if (flags === undefined || flags.length === 0) return null;
  return (
    <span className="tile__flags">
      {flags.map((flag) => (
        <span
          key={flag}
          className={`tile__flag tile__flag--${flag}`}
          role="img"
          aria-label={`${FLAG_TEXT[flag].words}.`}
          title={FLAG_TEXT[flag].words}
        >
          {FLAG_TEXT[flag].mark}
        </span>
      ))}
    </span>
  );
}

/** The photo, from the tablet's cache or fetched once; nothing while it loads or when there is none. */
export function TilePhoto({ photoId }: { readonly photoId: string | null | undefined }) {
  const [loaded, setLoaded] = useState<{ readonly id: string; readonly src: string | null } | null>(
    null,
  );
  useEffect(() => {
    if (photoId == null) return;
    let isCurrent = true;
    loadPupilPhoto(photoId, { db: getPhotoDb(), now: () => systemClock.now() })
      .catch(() => null)
      .then((src) => {
        if (isCurrent) setLoaded({ id: photoId, src });
      });
    return () => {
      isCurrent = false;
    };
  }, [photoId]);
  if (photoId == null) return null;
  const src = loaded?.id === photoId ? loaded.src : null;
  // The box keeps its size while the photo loads, so nothing moves when it arrives.
  return (
    <span className="tile__photo" aria-hidden="true">
      {src !== null && <img src={src} alt="" width={44} height={52} decoding="async" />}
    </span>
  );
}
