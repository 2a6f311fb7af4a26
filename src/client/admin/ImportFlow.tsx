/**
 * One import, start to finish: choose a CSV file → it is uploaded and every row checked (nothing
 * written) → the preview → the admin confirms → the server writes it as one job while this
 * screen shows its progress → a summary. One row with a problem blocks the import unless the
 * admin chooses to leave the bad rows out; a file-wide problem (a missing column) always blocks.
 * A pupils file only adds and updates unless the admin says it is the whole roll; when that would
 * take more than 5 % of the roll off it, the admin reads the names and types how many leave.
 *
 * The job runs on the server: leaving this screen, or losing the connection, does not stop or
 * undo it; coming back to the import list shows how it ended.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { ImportJob, ImportKind, ImportPreview } from '../../shared/api/dataSchemas';
import { IMPORT_MAX_CHARS } from '../../shared/api/dataSchemas';
import type { SectionProps } from '../ui/sectionProps';
import { asStaff } from './adminRequest';
import { formatInstant, formatLocalDate, plural } from './adminFormat';
import { FilePicker } from './FilePicker';
import {
  confirmImport,
  previewImport,
  readImport,
  uploadImport,
  type RequestOptionsFor,
} from './importClient';
import { changeSentences, IMPORT_NOUNS, ImportPreviewView } from './ImportPreviewView';
import { ProgressBar } from './ProgressBar';
import { RecentImports } from './RecentImports';
import type { PickedFile } from './readTextFile';
import { DateField } from '../ui/DateField';

/** How often a running import is asked for its progress. */
export const IMPORT_POLL_MS = 1_000;
/** After a failed progress check, wait longer before asking again. */
const IMPORT_POLL_RETRY_MS = 5_000;

type Phase =
  | { readonly step: 'choose' }
  | { readonly step: 'uploading'; readonly sent: number; readonly total: number }
  | { readonly step: 'checking' }
  | { readonly step: 'previewed'; readonly importId: string; readonly preview: ImportPreview }
  | { readonly step: 'confirming' }
  | { readonly step: 'running'; readonly job: ImportJob; readonly lostContact: boolean }
  | { readonly step: 'done'; readonly job: ImportJob }
  | { readonly step: 'failed'; readonly message: string };

export interface ImportFlowProps extends SectionProps {
  readonly kind: ImportKind;
  /** What the file should hold (columns), shown above the picker. */
  readonly help: ReactNode;
  /** Pupils: ask for the day the file describes, and whether the file is the whole roll. */
  readonly askEffectiveDate?: boolean;
  /** Told when an import has been written (the staff list reloads). */
  readonly onImported?: () => void;
}

export function ImportFlow(props: ImportFlowProps) {
  const { kind, timers } = props;
  const id = useId();
  const noun = IMPORT_NOUNS[kind];
  const [file, setFile] = useState<PickedFile | null>(null);
  const [effectiveDate, setEffectiveDate] = useState('');
  const [skipBadRows, setSkipBadRows] = useState(false);
  const [wholeRoll, setWholeRoll] = useState(false);
  const [typedLeavers, setTypedLeavers] = useState('');
  const [phase, setPhase] = useState<Phase>({ step: 'choose' });
  const [pickerKey, setPickerKey] = useState(0);
  // Counts imports that ended here, so the recent-imports list reads itself again.
  const [endedCount, setEndedCount] = useState(0);
  // Bumped on reset and unmount: answers to an abandoned attempt are ignored.
  const generation = useRef(0);
  const pollHandle = useRef<unknown>(null);

  const request: RequestOptionsFor = (options) => asStaff(props, options);

  useEffect(
    () => () => {
      generation.current += 1;
      if (pollHandle.current !== null) timers.clearTimeout(pollHandle.current);
    },
    [timers],
  );

  const startOver = () => {
    generation.current += 1;
    if (pollHandle.current !== null) timers.clearTimeout(pollHandle.current);
    pollHandle.current = null;
    setFile(null);
    setSkipBadRows(false);
    setWholeRoll(false);
    setTypedLeavers('');
    setPhase({ step: 'choose' });
    setPickerKey((k) => k + 1);
  };

  const check = async () => {
    if (file === null) return;
    const ticket = ++generation.current;
    setSkipBadRows(false);
    setTypedLeavers('');
    setPhase({ step: 'uploading', sent: 0, total: file.text.length });
    const uploaded = await uploadImport(
      {
        kind,
        fileName: file.name,
        text: file.text,
        ...(effectiveDate === '' ? {} : { effectiveDate }),
        ...(props.askEffectiveDate === true && wholeRoll ? { wholeRoll: true } : {}),
      },
      request,
      (sent, total) => {
        if (generation.current === ticket) setPhase({ step: 'uploading', sent, total });
      },
    );
    if (generation.current !== ticket) return;
    if (!uploaded.ok) {
      setPhase({ step: 'failed', message: uploaded.message });
      return;
    }
    setPhase({ step: 'checking' });
    const preview = await previewImport(uploaded.value.id, request);
    if (generation.current !== ticket) return;
    setPhase(
      preview.ok
        ? { step: 'previewed', importId: uploaded.value.id, preview: preview.value }
        : { step: 'failed', message: preview.message },
    );
  };

  const follow = (job: ImportJob, ticket: number) => {
    if (generation.current !== ticket) return;
    if (job.state === 'done') {
      setPhase({ step: 'done', job });
      setEndedCount((n) => n + 1);
      props.onImported?.();
      return;
    }
    if (job.state === 'failed') {
      setEndedCount((n) => n + 1);
      setPhase({
        step: 'failed',
        message: `The import stopped and nothing was written. ${job.error ?? ''}`.trim(),
      });
      return;
    }
    setPhase({ step: 'running', job, lostContact: false });
    const poll = (delay: number) => {
      pollHandle.current = timers.setTimeout(() => {
        pollHandle.current = null;
        void readImport(job.id, request).then((answer) => {
          if (generation.current !== ticket) return;
          if (answer.ok) {
            follow(answer.value, ticket);
            return;
          }
          setPhase((current) =>
            current.step === 'running' ? { ...current, lostContact: true } : current,
          );
          poll(IMPORT_POLL_RETRY_MS);
        });
      }, delay);
    };
    poll(IMPORT_POLL_MS);
  };

  const confirm = async () => {
    if (phase.step !== 'previewed') return;
    const ticket = ++generation.current;
    setPhase({ step: 'confirming' });
    const confirmLeavers = phase.preview.leaverConfirmation ? Number(typedLeavers) : undefined;
    const started = await confirmImport(phase.importId, skipBadRows, request, confirmLeavers);
    if (generation.current !== ticket) return;
    if (!started.ok) {
      setPhase({ step: 'failed', message: `${started.message} Nothing was written.` });
      return;
    }
    follow(started.value, ticket);
  };

  const isBusy =
    phase.step === 'uploading' ||
    phase.step === 'checking' ||
    phase.step === 'confirming' ||
    phase.step === 'running';

  return (
    <section className="admin-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Import {noun.title.toLowerCase()}</h2>
      <div className="admin-help">{props.help}</div>

      {(phase.step === 'choose' || phase.step === 'failed') && (
        <div className="admin-choose">
          <FilePicker
            key={pickerKey}
            label="CSV file to import"
            hint="Export it from your MIS as CSV with a header row. Nothing is imported until you have checked the preview and confirmed."
            accept=".csv,text/csv"
            kind="CSV"
            maxBytes={IMPORT_MAX_CHARS}
            tooLargeHint={`Split it into smaller files, or use the command line (npm run cli -- import ${kind} …).`}
            onPicked={(picked) => {
              setFile(picked);
              if (phase.step === 'failed') setPhase({ step: 'choose' });
            }}
            onCleared={() => setFile(null)}
          />
          {props.askEffectiveDate === true && (
            <div className="field">
              <label className="field-label" htmlFor={`${id}-date`}>
                Date the file describes <span className="optional">(optional)</span>
              </label>
              <p className="hint" id={`${id}-date-hint`}>
                Leave empty for today. Changes of registration group start on this date; for a whole
                roll, pupils on roll who are missing from the file leave the day before it (never
                before today).
              </p>
              <DateField
                id={`${id}-date`}
                value={effectiveDate}
                aria-describedby={`${id}-date-hint`}
                onChange={setEffectiveDate}
              />
            </div>
          )}
          {props.askEffectiveDate === true && (
            <fieldset className="field">
              <legend className="field-label">What is this file?</legend>
              <div className="admin-check">
                <input
                  id={`${id}-update`}
                  type="radio"
                  name={`${id}-mode`}
                  checked={!wholeRoll}
                  onChange={() => setWholeRoll(false)}
                />
                <label htmlFor={`${id}-update`}>Add and update only: nobody leaves the roll</label>
              </div>
              <div className="admin-check">
                <input
                  id={`${id}-whole`}
                  type="radio"
                  name={`${id}-mode`}
                  checked={wholeRoll}
                  onChange={() => setWholeRoll(true)}
                />
                <label htmlFor={`${id}-whole`}>
                  This file is our whole roll: pupils missing from it become leavers
                </label>
              </div>
            </fieldset>
          )}
          <button
            type="button"
            className="button button--primary"
            disabled={file === null}
            onClick={() => void check()}
          >
            Check the file
          </button>
        </div>
      )}

      {phase.step === 'failed' && (
        <p className="notice notice--error" role="alert">
          {phase.message}
        </p>
      )}

      {phase.step === 'uploading' && (
        <ProgressBar
          label={`Uploading “${file?.name ?? 'the file'}”`}
          value={phase.sent}
          max={phase.total}
        />
      )}
      {phase.step === 'checking' && (
        <ProgressBar label="Checking every row (nothing is written yet)" />
      )}

      {phase.step === 'previewed' && (
        <PreviewDecision
          kind={kind}
          fileName={file?.name ?? 'the file'}
          preview={phase.preview}
          skipBadRows={skipBadRows}
          onSkipBadRows={setSkipBadRows}
          typedLeavers={typedLeavers}
          onTypedLeavers={setTypedLeavers}
          onConfirm={() => void confirm()}
          onCancel={startOver}
        />
      )}

      {phase.step === 'confirming' && <ProgressBar label="Starting the import" />}
      {phase.step === 'running' && (
        <>
          <ProgressBar
            label={`Importing ${noun.many}${phase.job.phase === null ? '' : ` (${phase.job.phase})`}`}
            value={phase.job.rowsDone}
            max={phase.job.rowsTotal}
            unit="rows"
          />
          {phase.lostContact && (
            <p className="notice notice--warning" role="status">
              Lost contact with the office server; still trying. The import carries on there
              whatever happens to this screen.
            </p>
          )}
        </>
      )}

      {phase.step === 'done' && (
        <div className="notice admin-summary" role="status">
          <h3>Import finished</h3>
          <p>
            “{phase.job.fileName}” was imported
            {phase.job.finishedAt === null ? '' : ` at ${formatInstant(phase.job.finishedAt)}`}
            {phase.job.effectiveDate === null
              ? ''
              : `, as at ${formatLocalDate(phase.job.effectiveDate)}`}
            .
          </p>
          {phase.job.result !== null && (
            <ul className="admin-counts">
              {changeSentences(kind, phase.job.result, 'did').map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
          {kind === 'marks' && (
            <p>Each imported mark is recorded as “imported from MIS”, with your name.</p>
          )}
        </div>
      )}

      {(phase.step === 'done' || phase.step === 'failed') && (
        <button type="button" className="button" onClick={startOver}>
          Import another file
        </button>
      )}
      {isBusy && phase.step !== 'running' && (
        <p className="hint">Keep this screen open until the preview appears.</p>
      )}
      <RecentImports {...props} importKind={kind} refreshKey={endedCount} />
    </section>
  );
}

interface PreviewDecisionProps {
  readonly kind: ImportKind;
  readonly fileName: string;
  readonly preview: ImportPreview;
  readonly skipBadRows: boolean;
  readonly onSkipBadRows: (skip: boolean) => void;
  readonly typedLeavers: string;
  readonly onTypedLeavers: (typed: string) => void;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/** The preview and the decision: confirm, leave bad rows out, or choose another file. */
function PreviewDecision(props: PreviewDecisionProps) {
  const id = useId();
  const { preview } = props;
  const hasBadRows = preview.rowsWithErrors > 0;
  const fileWide = preview.errors.some((error) => error.row === null);
  const nothingToImport = preview.rowsValid === 0;
  const leavers = preview.changes.leavers;
  const leaversUnconfirmed =
    preview.leaverConfirmation && props.typedLeavers.trim() !== String(leavers);
  const blocked =
    nothingToImport || fileWide || (hasBadRows && !props.skipBadRows) || leaversUnconfirmed;
  const why = nothingToImport
    ? 'No row of this file can be imported. Fix the problems listed, then choose the file again.'
    : fileWide
      ? 'The whole file has a problem (listed above). Fix it, then choose the file again.'
      : hasBadRows && !props.skipBadRows
        ? `${plural(preview.rowsWithErrors, 'row')} ${preview.rowsWithErrors === 1 ? 'has' : 'have'} problems, so nothing will be imported. Fix the file and choose it again, or leave the bad rows out.`
        : leaversUnconfirmed
          ? `This would take ${plural(leavers, 'pupil')} of the ${preview.rollSize} on roll off it. Read the names, and type ${leavers} if they really have all left.`
          : null;

  return (
    <div className="admin-decision">
      <ImportPreviewView kind={props.kind} fileName={props.fileName} preview={preview} />
      {hasBadRows && !fileWide && !nothingToImport && (
        <div className="admin-check">
          <input
            id={`${id}-skip`}
            type="checkbox"
            checked={props.skipBadRows}
            onChange={(event) => props.onSkipBadRows(event.target.checked)}
          />
          <label htmlFor={`${id}-skip`}>
            Leave out the {plural(preview.rowsWithErrors, 'row')} with problems and import the other{' '}
            {plural(preview.rowsValid, 'row')}
          </label>
        </div>
      )}
      {preview.wholeRoll && preview.leavers.length > 0 && (
        <details className="admin-leavers" open={preview.leaverConfirmation}>
          <summary>
            {plural(preview.leavers.length, 'pupil')} would leave the roll (not in the file)
          </summary>
          <ul>
            {preview.leavers.map((l) => (
              <li key={l.upn}>
                {l.name} ({l.upn}), leaving date {formatLocalDate(l.leavingDate)}
              </li>
            ))}
          </ul>
        </details>
      )}
      {preview.leaverConfirmation && (
        <div className="field">
          <label className="field-label" htmlFor={`${id}-leavers`}>
            Type the number of pupils leaving ({leavers}) to confirm
          </label>
          <input
            id={`${id}-leavers`}
            inputMode="numeric"
            autoComplete="off"
            value={props.typedLeavers}
            onChange={(event) => props.onTypedLeavers(event.target.value)}
          />
        </div>
      )}
      {why !== null && (
        <p className="notice notice--warning" id={`${id}-why`}>
          {why}
        </p>
      )}
      <div className="admin-actions">
        <button
          type="button"
          className="button button--primary"
          disabled={blocked}
          aria-describedby={why === null ? undefined : `${id}-why`}
          onClick={props.onConfirm}
        >
          Import {plural(preview.rowsValid, 'row')}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          Choose another file
        </button>
      </div>
    </div>
  );
}
