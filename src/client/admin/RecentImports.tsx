/**
 * The school's recent imports of one kind, newest first: who started each, when, and how it
 * ended. An import runs on the server, so one started here and left (or started on another
 * computer) shows its progress or outcome here.
 */
import { useCallback, useId, useState } from 'react';
import { type ImportJob, type ImportKind } from '../../shared/api/dataSchemas';
import { listImports } from '../../shared/api/endpoints/dataEndpoints';
import type { SectionProps } from '../ui/sectionProps';
import { useLoaded } from '../ui/useLoaded';
import { formatCount, formatInstant } from './adminFormat';
import { adminRead, asStaff } from './adminRequest';
import { changeSentences } from './ImportPreviewView';
import { undoImport } from './importClient';

/** How an import stands, in words. */
export function importStateText(job: ImportJob): string {
  switch (job.state) {
    case 'uploading':
      return 'Uploaded, not checked (nothing written)';
    case 'previewed':
      return 'Checked, not confirmed (nothing written)';
    case 'running':
      return `Importing: ${formatCount(job.rowsDone)} of ${formatCount(job.rowsTotal)} rows`;
    case 'done':
      if (job.undoneAt !== null) {
        return `Undone ${formatInstant(job.undoneAt)}${job.undoneBy === null ? '' : ` by ${job.undoneBy.name}`}: the roll is as it was before`;
      }
      return `Imported${job.finishedAt === null ? '' : ` ${formatInstant(job.finishedAt)}`}${
        job.result === null ? '' : `: ${changeSentences(job.kind, job.result, 'did').join(', ')}`
      }`;
    case 'failed':
      return `Stopped, nothing written${job.error === null ? '' : `: ${job.error}`}`;
  }
}

type ListState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly imports: readonly ImportJob[] }
  | { readonly kind: 'failed'; readonly message: string };

export interface RecentImportsProps extends SectionProps {
  readonly importKind: ImportKind;
  /** Changes when an import on this screen ends, to read the list again. */
  readonly refreshKey: number;
}

export function RecentImports(props: RecentImportsProps) {
  const id = useId();
  const { staff, fetch, importKind, refreshKey } = props;
  const [undoing, setUndoing] = useState<string | null>(null);
  const [undoMessage, setUndoMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const now = props.clock.now();

  const fetchList = useCallback(
    (): Promise<ListState> =>
      adminRead(listImports, { staff, fetch }, (value) => ({
        kind: 'ready' as const,
        imports: value.imports.filter((j) => j.kind === importKind),
      })),
    [staff, fetch, importKind],
  );

  const { value: list, reload: refresh } = useLoaded<ListState>(
    fetchList,
    { kind: 'loading' },
    refreshKey,
  );

  const undo = async (job: ImportJob) => {
    setUndoing(job.id);
    setUndoMessage(null);
    const answer = await undoImport(job.id, (options) => asStaff(props, options));
    setUndoing(null);
    setUndoMessage(
      answer.ok
        ? {
            ok: true,
            text: `“${job.fileName}” was undone: the pupils, groups and leaving dates it changed are as they were before it.`,
          }
        : { ok: false, text: answer.message },
    );
    void refresh();
  };

  return (
    <section className="admin-subpanel" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Recent imports</h3>
      {list.kind === 'loading' && <p role="status">Loading recent imports…</p>}
      {list.kind === 'failed' && <p className="notice notice--error">{list.message}</p>}
      {list.kind === 'ready' && list.imports.length === 0 && <p>None yet.</p>}
      {list.kind === 'ready' && list.imports.length > 0 && (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <caption className="visually-hidden">Recent imports</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Started</th>
                <th scope="col">How it stands</th>
              </tr>
            </thead>
            <tbody>
              {list.imports.slice(0, 10).map((job) => (
                <tr key={job.id}>
                  <th scope="row">{job.fileName}</th>
                  <td>
                    {formatInstant(job.createdAt)}
                    <span className="admin-table__detail">
                      <span className="visually-hidden">, </span>by {job.createdBy.name}
                    </span>
                  </td>
                  <td>
                    {importStateText(job)}
                    {job.undoableUntil !== null && Date.parse(job.undoableUntil) > now && (
                      <button
                        type="button"
                        className="button admin-table__action"
                        disabled={undoing !== null}
                        onClick={() => void undo(job)}
                      >
                        Undo this import (until {formatInstant(job.undoableUntil)})
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {undoMessage !== null && (
        <p
          className={`notice ${undoMessage.ok ? '' : 'notice--error'}`}
          role={undoMessage.ok ? 'status' : 'alert'}
        >
          {undoMessage.text}
        </p>
      )}
      <button type="button" className="button" onClick={() => void refresh()}>
        Refresh the list
      </button>
    </section>
  );
}
