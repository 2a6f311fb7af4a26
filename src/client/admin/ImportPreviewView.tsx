/**
 * What an import would do, before anything is written: how many people or marks are new,
 * changed, unchanged or leaving; every row with a problem, in the words the server gave
 * ("row 14: year group 'Year Seven' is not one of N1, N2, R, 1–13"); warnings; how each column
 * was read; and the first changes line by line. The decision (confirm, skip bad rows) is made by
 * the screen around it.
 */
import { useId } from 'react';
import type { ImportChanges, ImportKind, ImportPreview } from '../../shared/api/dataSchemas';
import { formatCount, plural } from './adminFormat';

/** How each kind of import names what it counts. */
export const IMPORT_NOUNS: Readonly<
  Record<ImportKind, { readonly one: string; readonly many: string; readonly title: string }>
> = {
  pupils: { one: 'pupil', many: 'pupils', title: 'Pupils and registration groups' },
  staff: { one: 'member of staff', many: 'staff', title: 'Staff' },
  marks: { one: 'mark', many: 'marks', title: 'Historical marks' },
  contacts: { one: 'contact', many: 'contacts', title: 'Contacts' },
  characteristics: {
    one: 'characteristic history',
    many: 'characteristic histories',
    title: 'Pupil characteristics history',
  },
};

const CHANGE_WORDS: Readonly<Record<'new' | 'updated' | 'leaver', string>> = {
  new: 'New',
  updated: 'Changed',
  leaver: 'Leaving',
};

/** The counts as a short list of sentences ("12 new pupils", "2 leavers given a leaving date"). */
export function changeSentences(
  kind: ImportKind,
  changes: ImportChanges,
  tense: 'would' | 'did',
): string[] {
  const noun = IMPORT_NOUNS[kind];
  const many = (n: number) => (n === 1 ? noun.one : noun.many);
  const lines = [
    `${formatCount(changes.new)} new ${many(changes.new)}`,
    `${formatCount(changes.updated)} ${kind === 'marks' ? 'entries changed' : `${many(changes.updated)} updated`}`,
    `${formatCount(changes.unchanged)} unchanged`,
  ];
  if (kind === 'pupils' || changes.leavers > 0) {
    lines.push(
      `${plural(changes.leavers, 'leaver')} ${tense === 'would' ? 'would be given' : 'given'} a leaving date (no history is deleted)`,
    );
  }
  if (changes.groupsNew > 0) {
    lines.push(`${plural(changes.groupsNew, 'new registration group')}`);
  }
  // In a preview the rows with problems are listed, and leaving them out is the admin's choice.
  if (tense === 'did' && changes.skippedRows > 0) {
    const verb = changes.skippedRows === 1 ? 'was' : 'were';
    lines.push(`${plural(changes.skippedRows, 'row')} with problems ${verb} left out`);
  }
  return lines;
}

export interface ImportPreviewViewProps {
  readonly kind: ImportKind;
  readonly fileName: string;
  readonly preview: ImportPreview;
}

export function ImportPreviewView({ kind, fileName, preview }: ImportPreviewViewProps) {
  const id = useId();
  const listedAll = preview.errors.length >= preview.rowsWithErrors;
  return (
    <div className="admin-preview">
      <h3 id={`${id}-summary`}>What importing “{fileName}” would do</h3>
      <p>
        {plural(preview.rowsTotal, 'row')} read: {formatCount(preview.rowsValid)} ready to import
        {preview.rowsWithErrors > 0 && `, ${plural(preview.rowsWithErrors, 'row')} with problems`}.
      </p>
      <ul className="admin-counts" aria-labelledby={`${id}-summary`}>
        {changeSentences(kind, preview.changes, 'would').map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>

      {preview.errors.length > 0 && (
        <section aria-labelledby={`${id}-errors`}>
          <h3 id={`${id}-errors`}>Problems in the file</h3>
          {!listedAll && (
            <p className="hint">
              The first {formatCount(preview.errors.length)} of{' '}
              {plural(preview.rowsWithErrors, 'row')} with problems are listed.
            </p>
          )}
          <div className="admin-table-wrap">
            <table className="admin-table admin-table--errors">
              <caption className="visually-hidden">Rows with problems</caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Column</th>
                  <th scope="col">Value</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {preview.errors.map((error, index) => (
                  <tr key={`${error.row ?? 'file'}-${index}`}>
                    <th scope="row">{error.row === null ? 'Whole file' : error.row}</th>
                    <td>{error.column ?? '—'}</td>
                    <td>{error.value ?? '—'}</td>
                    <td>{error.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {preview.warnings.length > 0 && (
        <section aria-labelledby={`${id}-warnings`}>
          <h3 id={`${id}-warnings`}>Warnings</h3>
          <ul className="notice notice--warning admin-list">
            {preview.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </section>
      )}

      {preview.changeList.length > 0 && (
        <section aria-labelledby={`${id}-changes`}>
          <h3 id={`${id}-changes`}>Changes</h3>
          {preview.changeList.length <
            preview.changes.new + preview.changes.updated + preview.changes.leavers && (
            <p className="hint">
              The first {formatCount(preview.changeList.length)} changes are listed.
            </p>
          )}
          <div className="admin-table-wrap">
            <table className="admin-table">
              <caption className="visually-hidden">Changes the import would make</caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Change</th>
                  <th scope="col">
                    {kind === 'marks' ? 'Mark' : kind === 'staff' ? 'Email' : 'UPN'}
                  </th>
                  <th scope="col">{kind === 'marks' ? 'Code' : 'Name'}</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {preview.changeList.map((line, index) => (
                  <tr key={`${line.key}-${index}`}>
                    <th scope="row">{line.row ?? '—'}</th>
                    <td>{CHANGE_WORDS[line.change]}</td>
                    <td>{line.key}</td>
                    <td>{line.label}</td>
                    <td>{line.details.join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {preview.columns.length > 0 && (
        <details className="admin-details">
          <summary>How the columns were read</summary>
          <ul className="admin-list">
            {preview.columns.map((column) => (
              <li key={column.header}>
                “{column.header}”: {column.field === null ? 'ignored' : column.field}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
