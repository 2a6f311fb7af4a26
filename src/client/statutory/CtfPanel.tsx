/**
 * Common Transfer Files (docs/statutory.md "CTF"), for office staff, the attendance lead and
 * admins, online only. Out: choose a leaver and where they are going; the server checks every
 * value the specification constrains and the file downloads under the name the specification
 * gives. In: choose a joining pupil's CTF, check it, then import it; a refusal lists each problem
 * by line and field.
 */
import { useEffect, useId, useState } from 'react';
import { ctfFileName } from '../../domain/index';
import type { CtfImportResponse, CtfPupilsResponse } from '../../shared/api/ctfSchemas';
import { ctfExport, ctfImport, ctfPupils } from '../../shared/api/endpoints/ctfEndpoints';
import { call, type ApiFailure } from '../api/call';
import { downloadTextFile } from '../ui/downloadFile';
import { formatDayWithYear } from '../ui/format';
import type { SectionProps } from '../ui/sectionProps';
import { asStaff, failureMessage } from './statutoryRequest';

type Destination = 'school' | 'unknown' | 'abroad';

interface Problem {
  readonly text: string;
  readonly lines: readonly string[];
}

/** A failure as a sentence, with each value the server named on its own line. */
function problemOf(error: ApiFailure): Problem {
  return {
    text: failureMessage(error),
    lines:
      error.kind === 'refused'
        ? error.issues.map(
            (i) => `${i.path.charAt(0).toUpperCase()}${i.path.slice(1)}: ${i.message}`,
          )
        : [],
  };
}

function readFileText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsText(file, 'utf-8');
  });
}

function ProblemList({ problem }: { problem: Problem }) {
  return (
    <div className="notice notice--error" role="alert">
      <p>{problem.text}</p>
      {problem.lines.length > 0 && (
        <ul>
          {problem.lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function CtfPanel(props: SectionProps) {
  const id = useId();
  const options = asStaff(props);
  const [list, setList] = useState<CtfPupilsResponse | Problem | null>(null);
  const [pupilId, setPupilId] = useState('');
  const [destination, setDestination] = useState<Destination>('school');
  const [destLea, setDestLea] = useState('');
  const [destEstab, setDestEstab] = useState('');
  const [destName, setDestName] = useState('');
  const [sequence, setSequence] = useState('1');
  const [exportState, setExportState] = useState<'idle' | 'busy' | Problem | { done: string }>(
    'idle',
  );
  const [file, setFile] = useState<File | null>(null);
  const [importState, setImportState] = useState<'idle' | 'busy' | Problem | CtfImportResponse>(
    'idle',
  );

  useEffect(() => {
    let live = true;
    void call(ctfPupils, {}, options).then((answer) => {
      if (!live) return;
      if (!answer.ok) {
        setList(problemOf(answer.error));
        return;
      }
      setList(answer.value);
      setSequence(String(answer.value.nextSequence));
      setPupilId(answer.value.pupils[0]?.id ?? '');
    });
    return () => {
      live = false;
    };
    // Read once when the panel opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const ready = list !== null && 'pupils' in list ? list : null;
  const dest =
    destination === 'unknown'
      ? { lea: 'MMM', estab: 'MMMM' }
      : destination === 'abroad'
        ? { lea: 'XXX', estab: 'XXXX' }
        : { lea: destLea.trim(), estab: destEstab.trim() };
  const formProblem =
    pupilId === ''
      ? 'Choose the pupil who is leaving.'
      : destination === 'school' && !/^[0-9]{3}$/.test(dest.lea)
        ? 'Enter the new school’s local authority number (3 digits).'
        : destination === 'school' && !/^[0-9]{4}$/.test(dest.estab)
          ? 'Enter the new school’s establishment number (4 digits).'
          : !/^[0-9]{1,3}$/.test(sequence) || Number(sequence) < 1
            ? 'The file number is a whole number from 1 to 999.'
            : null;

  const makeCtf = async () => {
    if (formProblem !== null || ready === null) return;
    setExportState('busy');
    const answer = await call(
      ctfExport,
      {
        query: {
          pupilId,
          destLea: dest.lea,
          destEstab: dest.estab,
          ...(destination === 'school' && destName.trim() !== ''
            ? { destName: destName.trim() }
            : {}),
          sequence: Number(sequence),
        },
      },
      options,
    );
    if (!answer.ok) {
      setExportState(problemOf(answer.error));
      return;
    }
    const name =
      ready.school.lea !== null && ready.school.estab !== null
        ? ctfFileName({
            sourceLea: ready.school.lea,
            sourceEstab: ready.school.estab,
            destLea: dest.lea,
            destEstab: dest.estab,
            sequence: Number(sequence),
          })
        : 'ctf.xml';
    downloadTextFile(name, answer.value, 'application/xml;charset=utf-8');
    setExportState({
      done: `Saved “${name}”. Send it to the new school through the DfE’s School to School service.`,
    });
    setSequence(String((Number(sequence) % 999) + 1));
  };

  const sendFile = async (dryRun: boolean) => {
    if (file === null) return;
    setImportState('busy');
    let xml: string;
    try {
      xml = await readFileText(file);
    } catch {
      setImportState({
        text: `“${file.name}” could not be read. Choose the file again.`,
        lines: [],
      });
      return;
    }
    const answer = await call(ctfImport, { body: { fileName: file.name, xml, dryRun } }, options);
    setImportState(answer.ok ? answer.value : problemOf(answer.error));
  };

  return (
    <div className="stack">
      <section aria-labelledby={`${id}-out`}>
        <h2 id={`${id}-out`}>Make a leaver’s CTF</h2>
        <p className="hint">
          The Common Transfer File carries the pupil’s UPN, names, date of birth and every session
          of their attendance here to the next school. It must reach them within 15 school days of
          the pupil leaving.
        </p>
        {list === null && <p role="status">Loading the pupils…</p>}
        {list !== null && !('pupils' in list) && <ProblemList problem={list} />}
        {ready !== null && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void makeCtf();
            }}
          >
            <div className="field">
              <label className="field-label" htmlFor={`${id}-pupil`}>
                Pupil
              </label>
              <select
                id={`${id}-pupil`}
                value={pupilId}
                onChange={(e) => setPupilId(e.target.value)}
              >
                {ready.pupils.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.displayName}
                    {p.onRollTo === null ? '' : ` (left ${formatDayWithYear(p.onRollTo)})`}
                    {p.upn === null ? ' — no UPN' : ''}
                  </option>
                ))}
              </select>
            </div>
            <fieldset>
              <legend>Where the pupil is going</legend>
              {(
                [
                  ['school', 'A school in England'],
                  ['unknown', 'Not known (the file goes to the Lost Pupils Database)'],
                  ['abroad', 'A school abroad'],
                ] as const
              ).map(([value, label]) => (
                <label key={value} className="choice">
                  <input
                    type="radio"
                    name={`${id}-dest`}
                    value={value}
                    checked={destination === value}
                    onChange={() => setDestination(value)}
                  />
                  {label}
                </label>
              ))}
            </fieldset>
            {destination === 'school' && (
              <>
                <div className="field">
                  <label className="field-label" htmlFor={`${id}-lea`}>
                    New school’s LA number
                  </label>
                  <input
                    id={`${id}-lea`}
                    inputMode="numeric"
                    maxLength={3}
                    value={destLea}
                    onChange={(e) => setDestLea(e.target.value)}
                  />
                </div>
                <div className="field">
                  <label className="field-label" htmlFor={`${id}-estab`}>
                    New school’s establishment number
                  </label>
                  <input
                    id={`${id}-estab`}
                    inputMode="numeric"
                    maxLength={4}
                    value={destEstab}
                    onChange={(e) => setDestEstab(e.target.value)}
                  />
                </div>
                <div className="field">
                  <label className="field-label" htmlFor={`${id}-name`}>
                    New school’s name <span className="optional">(optional)</span>
                  </label>
                  <input
                    id={`${id}-name`}
                    maxLength={100}
                    value={destName}
                    onChange={(e) => setDestName(e.target.value)}
                  />
                </div>
              </>
            )}
            <div className="field">
              <label className="field-label" htmlFor={`${id}-seq`}>
                File number
              </label>
              <input
                id={`${id}-seq`}
                inputMode="numeric"
                maxLength={3}
                value={sequence}
                onChange={(e) => setSequence(e.target.value)}
              />
            </div>
            {formProblem !== null && <p className="form-error">{formProblem}</p>}
            <button
              type="submit"
              className="button button--primary"
              disabled={formProblem !== null || exportState === 'busy'}
            >
              {exportState === 'busy' ? 'Making the CTF…' : 'Make the CTF'}
            </button>
            {typeof exportState === 'object' && 'done' in exportState && (
              <p className="notice" role="status">
                {exportState.done}
              </p>
            )}
            {typeof exportState === 'object' && 'text' in exportState && (
              <ProblemList problem={exportState} />
            )}
          </form>
        )}
      </section>

      <section aria-labelledby={`${id}-in`}>
        <h2 id={`${id}-in`}>Import a joining pupil’s CTF</h2>
        <p className="hint">
          Add the pupil to the roll first, with their UPN. Their attendance at the previous school
          is kept as history there: it is not part of this school’s figures, but it counts in the
          penalty-notice window, which may span schools.
        </p>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-file`}>
            CTF file (XML)
          </label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".xml,application/xml,text/xml"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setImportState('idle');
            }}
          />
        </div>
        <div className="stack">
          <button
            type="button"
            className="button"
            disabled={file === null || importState === 'busy'}
            onClick={() => void sendFile(true)}
          >
            Check the file
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={file === null || importState === 'busy'}
            onClick={() => void sendFile(false)}
          >
            Import the history
          </button>
        </div>
        {importState === 'busy' && <p role="status">Reading the file…</p>}
        {typeof importState === 'object' && 'text' in importState && (
          <ProblemList problem={importState} />
        )}
        {typeof importState === 'object' && 'outcome' in importState && (
          <div className="notice" role="status">
            <p>
              {importState.outcome === 'checked'
                ? `The file is a CTF ${importState.ctfVersion} from ${importState.source.name} and can be imported:`
                : `Imported the history from ${importState.source.name}:`}
            </p>
            <ul>
              {importState.pupils.map((p) => (
                <li key={p.pupilId}>
                  {p.displayName} ({p.upn}):{' '}
                  {p.years.length === 0
                    ? 'no attendance in the file'
                    : p.years
                        .map(
                          (y) =>
                            `${y.year}/${String((y.year + 1) % 100).padStart(2, '0')} at ${y.schoolName}, ${y.sessionsPossible} possible sessions, ${y.marks} session marks`,
                        )
                        .join('; ')}
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>
    </div>
  );
}
