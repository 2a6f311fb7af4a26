/**
 * Pupils' photos on the register (docs/design.md §5 "Photos and flags"): whether the school shows
 * them, and importing them from a folder or a set of files named by each pupil's UPN, as MIS
 * photo exports name them (A123456789012.jpg). Each file is checked here for its size and sent on
 * its own; the server checks that it really is a JPEG or PNG and names a pupil, and each refusal
 * says which file and why.
 */
import { useEffect, useId, useState } from 'react';
import {
  readPhotoSettings,
  savePhotoSettings,
  uploadPhoto,
} from '../../shared/api/endpoints/photoEndpoints';
import { PHOTO_MAX_BYTES, type PhotoSettings } from '../../shared/api/photoSchemas';
import { call } from '../api/call';
import type { SectionProps } from '../ui/sectionProps';
import { adminFailureMessage, asStaff } from './adminRequest';
import { plural } from './adminFormat';

type Progress = {
  readonly done: number;
  readonly total: number;
  readonly problems: readonly string[];
};

/** The file's bytes as base64, as the import sends them. */
function base64Of(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

export function PhotosPanel(props: SectionProps) {
  const id = useId();
  const [settings, setSettings] = useState<PhotoSettings | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const { staff, fetch } = props;
  const options = asStaff({ staff, ...(fetch === undefined ? {} : { fetch }) });

  useEffect(() => {
    let isCurrent = true;
    void call(
      readPhotoSettings,
      {},
      asStaff({ staff, ...(fetch === undefined ? {} : { fetch }) }),
    ).then((answer) => {
      if (!isCurrent) return;
      if (answer.ok) setSettings(answer.value);
      else setMessage(adminFailureMessage(answer.error));
    });
    return () => {
      isCurrent = false;
    };
  }, [staff, fetch]);

  const setEnabled = async (enabled: boolean) => {
    const answer = await call(savePhotoSettings, { body: { enabled } }, options);
    if (answer.ok) {
      setSettings(answer.value);
      setMessage(
        enabled
          ? 'Photos are on: tablets show them on the register after their next sync.'
          : 'Photos are off: tablets stop showing them after their next sync.',
      );
    } else setMessage(adminFailureMessage(answer.error));
  };

  const importFiles = async (list: FileList | null) => {
    const files = [...(list ?? [])].filter((f) => /\.(jpe?g|png)$/iu.test(f.name));
    if (files.length === 0) {
      setMessage('No JPEG or PNG files were chosen. Choose the photos, named by each pupil’s UPN.');
      return;
    }
    setMessage(null);
    const problems: string[] = [];
    for (const [index, file] of files.entries()) {
      setProgress({ done: index, total: files.length, problems: [...problems] });
      if (file.size > PHOTO_MAX_BYTES) {
        problems.push(
          `${file.name}: ${Math.ceil(file.size / 1024)} KB is larger than ${PHOTO_MAX_BYTES / 1024} KB. Make it smaller and import it again.`,
        );
        continue;
      }
      const data = await base64Of(file).catch(() => null);
      if (data === null) {
        problems.push(`${file.name}: this device could not read the file. Choose it again.`);
        continue;
      }
      const answer = await call(uploadPhoto, { body: { fileName: file.name, data } }, options);
      if (!answer.ok) problems.push(`${file.name}: ${adminFailureMessage(answer.error)}`);
    }
    setProgress({ done: files.length, total: files.length, problems });
    const after = await call(readPhotoSettings, {}, options);
    if (after.ok) setSettings(after.value);
  };

  return (
    <section className="admin-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Pupils’ photos</h2>
      <p>
        Photos help a cover teacher know the class. They are optional. Each tablet keeps the photos
        it has shown, up to 20 MB, and shows them offline too.
      </p>
      {settings !== null && (
        <>
          <p>
            {plural(settings.withPhoto, 'pupil')} of {settings.pupilsOnRoll} on roll{' '}
            {settings.withPhoto === 1 ? 'has' : 'have'} a photo.
          </p>
          <div className="admin-check">
            <input
              id={`${id}-enabled`}
              type="checkbox"
              checked={settings.enabled}
              onChange={(event) => void setEnabled(event.target.checked)}
            />
            <label htmlFor={`${id}-enabled`}>Show pupils’ photos on the register</label>
          </div>
        </>
      )}
      <h3>Import photos</h3>
      <p id={`${id}-help`}>
        Name each photo by the pupil’s UPN, for example A123456789012.jpg, as your MIS photo export
        does. JPEG or PNG, at most {PHOTO_MAX_BYTES / 1024} KB each. A new photo replaces the old
        one.
      </p>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-files`}>
          Choose photos
        </label>
        <input
          id={`${id}-files`}
          type="file"
          multiple
          accept="image/jpeg,image/png"
          aria-describedby={`${id}-help`}
          onChange={(event) => void importFiles(event.target.files)}
        />
      </div>
      {progress !== null && (
        <div role="status">
          <p>
            {progress.done < progress.total
              ? `Importing: ${progress.done} of ${progress.total}…`
              : `Done: ${plural(progress.total - progress.problems.length, 'photo')} imported of ${progress.total}.`}
          </p>
          {progress.problems.length > 0 && (
            <ul>
              {progress.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {message !== null && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
    </section>
  );
}
