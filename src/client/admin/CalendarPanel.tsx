/**
 * Term dates, closures and bank holidays: see them, export them as CSV, replace terms and
 * closures from a CSV file, and load bank holidays from the gov.uk `bank-holidays.json`. Both
 * uploads are checked first (a dry run: nothing saved) and saved only when the admin confirms,
 * because the calendar decides which sessions are school sessions for every register.
 */
import { useCallback, useId, useState } from 'react';
import type { z } from 'zod';
import type { bankHolidaysResponseSchema } from '../../shared/api/dataSchemas';
import { calendarRefusalDetailsSchema, type CalendarResponse } from '../../shared/api/dataSchemas';
import {
  calendarCsv,
  getCalendar,
  importBankHolidays,
  importCalendar,
} from '../../shared/api/endpoints/dataEndpoints';
import { call, type ApiFailure } from '../api/call';
import type { SectionProps } from '../ui/sectionProps';
import { useLoaded } from '../ui/useLoaded';
import { adminFailureMessage, adminRead, asStaff } from './adminRequest';
import { formatLocalDate, plural } from './adminFormat';
import { CalendarTables } from './CalendarTables';
import { downloadTextFile, exportFilename } from '../ui/downloadFile';
import { FilePicker } from './FilePicker';
import type { PickedFile } from './readTextFile';

/** A refusal as lines: the server's message, then each configuration problem and bad row. */
export function refusalLines(error: ApiFailure): string[] {
  const message = adminFailureMessage(error);
  if (error.kind !== 'refused') return [message];
  const details = calendarRefusalDetailsSchema.safeParse(error.details);
  if (!details.success) return [message];
  // The server's message names the first few problems; list the rest it left out.
  const problems = [
    ...(details.data.rowErrors ?? []).map((row) => row.message),
    ...details.data.issues.map((issue) =>
      issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`,
    ),
  ];
  return [message, ...problems.filter((problem) => !message.includes(problem))];
}

type Saved =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly value: CalendarResponse }
  | { readonly kind: 'failed'; readonly message: string };

export function CalendarPanel(props: SectionProps) {
  const id = useId();
  const { staff, fetch } = props;
  const [note, setNote] = useState<{ kind: 'done' | 'error'; lines: string[] } | null>(null);

  const fetchCalendar = useCallback(
    (): Promise<Saved> =>
      adminRead(getCalendar, { staff, fetch }, (value) => ({ kind: 'ready' as const, value })),
    [staff, fetch],
  );

  const {
    value: saved,
    setValue: setSaved,
    reload,
  } = useLoaded<Saved>(fetchCalendar, { kind: 'loading' });

  const exportCsv = async () => {
    setNote(null);
    const answer = await call(calendarCsv, {}, asStaff(props));
    if (!answer.ok) {
      setNote({ kind: 'error', lines: [adminFailureMessage(answer.error)] });
      return;
    }
    const filename = exportFilename(['term-dates', props.staff.schoolName], 'csv');
    downloadTextFile(filename, answer.value, 'text/csv;charset=utf-8');
    setNote({ kind: 'done', lines: [`Downloaded the term dates and closures as “${filename}”.`] });
  };

  return (
    <section className="admin-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Term dates and closures</h2>
      {saved.kind === 'loading' && <p role="status">Loading the school calendar…</p>}
      {saved.kind === 'failed' && (
        <div className="notice notice--error" role="alert">
          <p>{saved.message}</p>
          <button type="button" className="button" onClick={() => void reload()}>
            Try again
          </button>
        </div>
      )}
      {saved.kind === 'ready' && (
        <>
          <Warnings warnings={saved.value.warnings} />
          <CalendarTables calendar={saved.value.calendar} caption="Saved" />
          <div className="admin-actions">
            <button type="button" className="button" onClick={() => void exportCsv()}>
              Download term dates (CSV)
            </button>
          </div>
        </>
      )}
      {note !== null && (
        <div
          className={note.kind === 'error' ? 'notice notice--error' : 'notice'}
          role={note.kind === 'error' ? 'alert' : 'status'}
        >
          {note.lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      )}
      <TermDatesImport {...props} onSaved={(value) => setSaved({ kind: 'ready', value })} />
      <BankHolidaysImport {...props} onSaved={reload} />
    </section>
  );
}

function Warnings({ warnings }: { readonly warnings: CalendarResponse['warnings'] }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="notice notice--warning admin-list" aria-label="Warnings">
      {warnings.map((warning) => (
        <li key={`${warning.path}-${warning.message}`}>
          {warning.path === '' ? warning.message : `${warning.path}: ${warning.message}`}
        </li>
      ))}
    </ul>
  );
}

type Upload<T> =
  | { readonly step: 'choose' }
  | { readonly step: 'checking' }
  | { readonly step: 'checked'; readonly value: T }
  | { readonly step: 'saving' }
  | { readonly step: 'saved'; readonly value: T }
  | { readonly step: 'failed'; readonly lines: string[] };

function TermDatesImport(
  props: SectionProps & { readonly onSaved: (value: CalendarResponse) => void },
) {
  const id = useId();
  const [file, setFile] = useState<PickedFile | null>(null);
  const [upload, setUpload] = useState<Upload<CalendarResponse>>({ step: 'choose' });

  const send = async (dryRun: boolean) => {
    if (file === null) return;
    setUpload({ step: dryRun ? 'checking' : 'saving' });
    const answer = await call(importCalendar, { body: { csv: file.text, dryRun } }, asStaff(props));
    if (!answer.ok) {
      setUpload({ step: 'failed', lines: refusalLines(answer.error) });
      return;
    }
    if (dryRun) {
      setUpload({ step: 'checked', value: answer.value });
      return;
    }
    setUpload({ step: 'saved', value: answer.value });
    props.onSaved(answer.value);
  };

  return (
    <section className="admin-subpanel" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Replace term dates and closures from a file</h3>
      <p className="hint">
        A CSV file with the columns Type (term or closure), Name, From, To, Parts (AM, PM or empty
        for the whole day) and Year groups (empty for the whole school). Dates as 01/09/2025 or
        2025-09-01. It replaces every term and closure shown above.
      </p>
      <FilePicker
        label="Term dates CSV file"
        accept=".csv,text/csv"
        kind="CSV"
        maxBytes={1_000_000}
        onPicked={(picked) => {
          setFile(picked);
          setUpload({ step: 'choose' });
        }}
        onCleared={() => setFile(null)}
      />
      <button
        type="button"
        className="button"
        disabled={file === null || upload.step === 'checking' || upload.step === 'saving'}
        onClick={() => void send(true)}
      >
        Check the file
      </button>
      {upload.step === 'checking' && <p role="status">Checking the term dates…</p>}
      {upload.step === 'saving' && <p role="status">Saving the term dates…</p>}
      {upload.step === 'failed' && (
        <div className="notice notice--error" role="alert">
          {upload.lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
          <p>Nothing was saved.</p>
        </div>
      )}
      {upload.step === 'checked' && (
        <div className="admin-decision">
          <Warnings warnings={upload.value.warnings} />
          <CalendarTables calendar={upload.value.calendar} caption="From the file" />
          <div className="admin-actions">
            <button
              type="button"
              className="button button--primary"
              onClick={() => void send(false)}
            >
              Save these term dates and closures
            </button>
          </div>
        </div>
      )}
      {upload.step === 'saved' && (
        <p className="notice" role="status">
          {upload.value.saved
            ? `Saved ${plural(upload.value.calendar.terms.length, 'term')} and ${plural(upload.value.calendar.closures.length, 'closure')}. Tablets pick them up at their next sync.`
            : 'The file matches the saved calendar: nothing changed.'}
        </p>
      )}
    </section>
  );
}

type BankHolidays = z.infer<typeof bankHolidaysResponseSchema>;

function BankHolidaysImport(props: SectionProps & { readonly onSaved: () => void }) {
  const id = useId();
  const [feed, setFeed] = useState<unknown>(undefined);
  const [readProblem, setReadProblem] = useState<string | null>(null);
  const [upload, setUpload] = useState<Upload<BankHolidays>>({ step: 'choose' });

  const pick = (file: PickedFile) => {
    setUpload({ step: 'choose' });
    try {
      setFeed(JSON.parse(file.text) as unknown);
      setReadProblem(null);
    } catch {
      setFeed(undefined);
      setReadProblem(
        `“${file.name}” is not JSON. Download bank-holidays.json again from https://www.gov.uk/bank-holidays.json and choose it without opening it first.`,
      );
    }
  };

  const send = async (dryRun: boolean) => {
    if (feed === undefined) return;
    setUpload({ step: dryRun ? 'checking' : 'saving' });
    const answer = await call(importBankHolidays, { body: { feed, dryRun } }, asStaff(props));
    if (!answer.ok) {
      setUpload({ step: 'failed', lines: refusalLines(answer.error) });
      return;
    }
    setUpload({ step: dryRun ? 'checked' : 'saved', value: answer.value });
    if (!dryRun) props.onSaved();
  };

  const dayList = (days: readonly string[]) => days.map(formatLocalDate).join(', ');

  return (
    <section className="admin-subpanel" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Bank holidays</h3>
      <p className="hint">
        Download bank-holidays.json from gov.uk (https://www.gov.uk/bank-holidays.json) and choose
        it here. Only the England and Wales dates are used.
      </p>
      <FilePicker
        label="bank-holidays.json file"
        accept=".json,application/json"
        kind="JSON"
        maxBytes={2_000_000}
        onPicked={pick}
        onCleared={() => setFeed(undefined)}
      />
      {readProblem !== null && (
        <p className="form-error" role="alert">
          {readProblem}
        </p>
      )}
      <button
        type="button"
        className="button"
        disabled={feed === undefined || upload.step === 'checking' || upload.step === 'saving'}
        onClick={() => void send(true)}
      >
        Check the bank holidays
      </button>
      {upload.step === 'checking' && <p role="status">Checking the bank holidays…</p>}
      {upload.step === 'saving' && <p role="status">Saving the bank holidays…</p>}
      {upload.step === 'failed' && (
        <div className="notice notice--error" role="alert">
          {upload.lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
          <p>Nothing was saved.</p>
        </div>
      )}
      {upload.step === 'checked' && (
        <div className="admin-decision">
          <p>
            {plural(upload.value.bankHolidays.length, 'bank holiday')} in the file.{' '}
            {upload.value.added.length === 0 && upload.value.removed.length === 0
              ? 'They match the saved ones.'
              : ''}
          </p>
          {upload.value.added.length > 0 && (
            <p>
              {plural(upload.value.added.length, 'day')} to add: {dayList(upload.value.added)}.
            </p>
          )}
          {upload.value.removed.length > 0 && (
            <p>
              {plural(upload.value.removed.length, 'day')} to remove:{' '}
              {dayList(upload.value.removed)}.
            </p>
          )}
          <button type="button" className="button button--primary" onClick={() => void send(false)}>
            Save the bank holidays
          </button>
        </div>
      )}
      {upload.step === 'saved' && (
        <p className="notice" role="status">
          {upload.value.saved
            ? `Saved: ${plural(upload.value.added.length, 'day')} added, ${plural(upload.value.removed.length, 'day')} removed.`
            : 'Nothing changed: the saved bank holidays already match the file.'}
        </p>
      )}
    </section>
  );
}
