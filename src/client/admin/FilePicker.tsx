/**
 * Choosing a file and reading it as text in the browser. Nothing is sent until the screen using
 * it asks the server for a preview. The input is a real, labelled file input (keyboard, screen
 * readers and the iPad's Files picker all work with it), styled to a full-size touch target.
 */
import { useId, useState, type ChangeEvent } from 'react';
import { formatBytes, readTextFile, type PickedFile } from './readTextFile';

export interface FilePickerProps {
  readonly label: string;
  readonly hint?: string;
  /** The `accept` attribute: ".csv,text/csv" or ".json,application/json". */
  readonly accept: string;
  /** "CSV" or "JSON", for messages. */
  readonly kind: string;
  readonly maxBytes: number;
  readonly tooLargeHint?: string;
  readonly disabled?: boolean;
  readonly onPicked: (file: PickedFile) => void;
  /** The choice was cleared or the file could not be used. */
  readonly onCleared?: () => void;
}

export function FilePicker(props: FilePickerProps) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<PickedFile | null>(null);
  const [isReading, setIsReading] = useState(false);

  const onChange = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setError(null);
    setPicked(null);
    if (file === undefined) {
      props.onCleared?.();
      return;
    }
    setIsReading(true);
    const result = await readTextFile(file, {
      maxBytes: props.maxBytes,
      kind: props.kind,
      ...(props.tooLargeHint === undefined ? {} : { tooLargeHint: props.tooLargeHint }),
    });
    setIsReading(false);
    if (!result.ok) {
      setError(result.message);
      props.onCleared?.();
      return;
    }
    setPicked(result.file);
    props.onPicked(result.file);
  };

  return (
    <div className="field admin-file">
      <label htmlFor={id} className="field-label">
        {props.label}
      </label>
      {props.hint !== undefined && (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <input
        id={id}
        type="file"
        className="admin-file__input"
        accept={props.accept}
        disabled={props.disabled === true || isReading}
        aria-invalid={error === null ? undefined : true}
        aria-describedby={props.hint === undefined ? undefined : `${id}-hint`}
        onChange={(event) => void onChange(event)}
      />
      {isReading && <p role="status">Reading the file…</p>}
      {picked !== null && (
        <p className="admin-file__chosen" role="status">
          {picked.name}, {formatBytes(picked.sizeBytes)}
          {picked.readAsWindows1252 &&
            ' (not UTF-8: read as Windows-1252; check names with accents in the preview)'}
        </p>
      )}
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
