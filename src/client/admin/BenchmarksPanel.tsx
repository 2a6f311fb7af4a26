/**
 * Loading the DfE's published absence figures (docs/design.md §8.12): the admin downloads a
 * "Pupil absence in schools in England" data file from explore-education-statistics.service.gov.uk
 * and loads it here. The file loads whole or not at all; a malformed one is listed line by line.
 * Files over the upload limit are loaded with `npm run cli -- benchmarks load FILE.csv`.
 */
import { useId, useState } from 'react';
import {
  MAX_BENCHMARK_FILE_BYTES,
  type BenchmarkUploadResponse,
} from '../../shared/api/benchmarkSchemas';
import * as benchmarks from '../../shared/api/endpoints/benchmarkEndpoints';
import { call } from '../api/call';
import type { SectionProps } from '../ui/sectionProps';
import { adminFailureMessage, asStaff } from './adminRequest';
import { FilePicker } from './FilePicker';
import type { PickedFile } from './readTextFile';

const DEFAULT_PUBLICATION = 'Pupil absence in schools in England';
const count = (n: number) => n.toLocaleString('en-GB');

type LoadState =
  | { readonly step: 'choose' }
  | { readonly step: 'loading' }
  | { readonly step: 'done'; readonly answer: BenchmarkUploadResponse }
  | { readonly step: 'failed'; readonly message: string };

export function BenchmarksPanel(props: SectionProps) {
  const id = useId();
  const [file, setFile] = useState<PickedFile | null>(null);
  const [publication, setPublication] = useState(DEFAULT_PUBLICATION);
  const [state, setState] = useState<LoadState>({ step: 'choose' });

  async function load(picked: PickedFile) {
    setState({ step: 'loading' });
    const result = await call(
      benchmarks.upload,
      {
        query: {
          fileName: picked.name,
          ...(publication.trim() === '' ? {} : { publication: publication.trim() }),
        },
        body: picked.text,
      },
      asStaff(props),
    );
    setState(
      result.ok
        ? { step: 'done', answer: result.value }
        : { step: 'failed', message: adminFailureMessage(result.error) },
    );
  }

  return (
    <section className="admin-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>DfE figures</h2>
      <p>
        The reports compare the school with the DfE’s published absence figures for England, the
        region and the local authority. Download a data file of “Pupil absence in schools in
        England” from explore-education-statistics.service.gov.uk (the files by geographic level or
        by pupil characteristic, as CSV) and load it here. A later file replaces the figures of the
        same period; each figure keeps the name of the file it came from.
      </p>
      <FilePicker
        label="DfE data file (CSV)"
        accept=".csv,text/csv"
        kind="CSV"
        maxBytes={MAX_BENCHMARK_FILE_BYTES}
        tooLargeHint="Load a file this large on the server with npm run cli -- benchmarks load FILE.csv."
        onPicked={(picked) => {
          setFile(picked);
          setState({ step: 'choose' });
        }}
        onCleared={() => setFile(null)}
      />
      <div className="field">
        <label className="field-label" htmlFor={`${id}-publication`}>
          Publication
        </label>
        <input
          id={`${id}-publication`}
          type="text"
          value={publication}
          onChange={(event) => setPublication(event.target.value)}
        />
      </div>
      <div className="admin-actions">
        <button
          type="button"
          className="button button--primary"
          disabled={file === null || state.step === 'loading'}
          onClick={() => {
            if (file !== null) void load(file);
          }}
        >
          Load the figures
        </button>
      </div>
      {state.step === 'loading' && <p role="status">Loading {file?.name ?? 'the file'}…</p>}
      {state.step === 'failed' && (
        <p className="notice notice--error" role="alert">
          {state.message}
        </p>
      )}
      {state.step === 'done' && state.answer.loaded && (
        <div role="status">
          <p>
            Loaded {state.answer.fileName} ({state.answer.publication}): {count(state.answer.kept)}{' '}
            figures from {count(state.answer.rowsRead)} rows, for{' '}
            {state.answer.periods.join(', ') || 'no period'}.
          </p>
          {state.answer.leftOut.length > 0 && (
            <ul aria-label="Rows left out">
              {state.answer.leftOut.map((l) => (
                <li key={l.reason}>
                  {count(l.rows)} {l.rows === 1 ? 'row' : 'rows'}: {l.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {state.step === 'done' && !state.answer.loaded && (
        <div role="alert">
          <p>The file was not loaded; nothing was changed. Fix these and load it again:</p>
          <ul aria-label="Problems">
            {state.answer.problems.map((p) => (
              <li key={`${p.line ?? ''}-${p.column ?? ''}-${p.message}`}>
                {[p.line === null ? null : `Line ${p.line}`, p.column]
                  .filter((s) => s !== null)
                  .join(', ')}
                {p.line === null && p.column === null ? '' : ': '}
                {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
