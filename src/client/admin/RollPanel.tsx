/**
 * The admission register: every pupil with their admission date, leaving date and the ground for
 * deletion, and a form to change them. A leaver is on registers up to their leaving day and gone
 * from the next; the server refuses a leaving date that would hide attendance already recorded,
 * and records who made each change and when.
 */
import { useCallback, useId, useState, type FormEvent } from 'react';
import { DELETION_GROUND_KEYS, DELETION_GROUNDS, type DeletionGround } from '../../domain/index';
import { listRoll, setPupilRoll } from '../../shared/api/endpoints/dataEndpoints';
import { type RollPupil } from '../../shared/api/dataSchemas';
import { call } from '../api/call';
import type { SectionProps } from '../ui/sectionProps';
import { useLoaded } from '../ui/useLoaded';
import { formatInstant, formatLocalDate } from './adminFormat';
import { adminFailureMessage, adminRead, asStaff } from './adminRequest';

type ListState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly pupils: readonly RollPupil[] }
  | { readonly kind: 'failed'; readonly message: string };

interface Draft {
  readonly pupil: RollPupil;
  readonly admissionDate: string;
  readonly leavingDate: string;
  readonly grounds: DeletionGround | '';
}

export function RollPanel(props: SectionProps) {
  const id = useId();
  const { staff, fetch } = props;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const fetchList = useCallback(
    (): Promise<ListState> =>
      adminRead(listRoll, { staff, fetch }, (value) => ({
        kind: 'ready' as const,
        pupils: value.pupils,
      })),
    [staff, fetch],
  );
  const { value: list, setValue: setList } = useLoaded<ListState>(fetchList, { kind: 'loading' });

  const edit = (pupil: RollPupil) => {
    setOutcome(null);
    setDraft({
      pupil,
      admissionDate: pupil.admissionDate,
      leavingDate: pupil.leavingDate ?? '',
      grounds: pupil.grounds ?? '',
    });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (draft === null) return;
    setBusy(true);
    const answer = await call(
      setPupilRoll,
      {
        params: { id: draft.pupil.id },
        body: {
          admissionDate: draft.admissionDate,
          leavingDate: draft.leavingDate === '' ? null : draft.leavingDate,
          grounds: draft.leavingDate === '' || draft.grounds === '' ? null : draft.grounds,
        },
      },
      asStaff(props),
    );
    setBusy(false);
    if (!answer.ok) {
      setOutcome({ ok: false, text: adminFailureMessage(answer.error) });
      return;
    }
    const saved = answer.value.pupil;
    setDraft(null);
    setOutcome({ ok: true, text: `${saved.name}: saved.` });
    setList((current) =>
      current.kind === 'ready'
        ? { kind: 'ready', pupils: current.pupils.map((p) => (p.id === saved.id ? saved : p)) }
        : current,
    );
  };

  return (
    <section className="admin-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Admission register</h2>
      <p className="hint">
        A pupil is on the registers from their admission date up to and including their leaving
        date. Give the ground for deletion with every leaving date. A leaving date cannot be before
        attendance already recorded.
      </p>
      {outcome !== null && (
        <p
          className={outcome.ok ? 'notice' : 'notice notice--error'}
          role={outcome.ok ? 'status' : 'alert'}
        >
          {outcome.text}
        </p>
      )}
      {draft !== null && (
        <form
          className="admin-form"
          onSubmit={(event) => void save(event)}
          aria-label={`Dates for ${draft.pupil.name}`}
        >
          <h3>{draft.pupil.name}</h3>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-admission`}>
              Admission date
            </label>
            <input
              id={`${id}-admission`}
              type="date"
              required
              value={draft.admissionDate}
              onChange={(event) => setDraft({ ...draft, admissionDate: event.target.value })}
            />
          </div>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-leaving`}>
              Leaving date <span className="optional">(empty while on roll)</span>
            </label>
            <input
              id={`${id}-leaving`}
              type="date"
              value={draft.leavingDate}
              onChange={(event) => setDraft({ ...draft, leavingDate: event.target.value })}
            />
          </div>
          {draft.leavingDate !== '' && (
            <div className="field">
              <label className="field-label" htmlFor={`${id}-grounds`}>
                Ground for deletion
              </label>
              <select
                id={`${id}-grounds`}
                required
                value={draft.grounds}
                onChange={(event) =>
                  setDraft({ ...draft, grounds: event.target.value as DeletionGround | '' })
                }
              >
                <option value="">Choose…</option>
                {DELETION_GROUND_KEYS.map((key) => (
                  <option key={key} value={key}>
                    {DELETION_GROUNDS[key]}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="admin-actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              Save
            </button>
            <button type="button" className="button" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {list.kind === 'loading' && <p role="status">Loading pupils…</p>}
      {list.kind === 'failed' && <p className="notice notice--error">{list.message}</p>}
      {list.kind === 'ready' && list.pupils.length === 0 && (
        <p>No pupils yet: import them above.</p>
      )}
      {list.kind === 'ready' && list.pupils.length > 0 && (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <caption className="visually-hidden">
              Pupils with their admission and leaving dates
            </caption>
            <thead>
              <tr>
                <th scope="col">Pupil</th>
                <th scope="col">Admitted</th>
                <th scope="col">Left</th>
                <th scope="col">Last changed</th>
                <th scope="col">
                  <span className="visually-hidden">Change</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.pupils.map((pupil) => (
                <tr key={pupil.id}>
                  <th scope="row">
                    {pupil.name}
                    <span className="admin-table__detail">
                      {pupil.upn ?? 'no UPN'}
                      {pupil.groupName === null ? '' : `, ${pupil.groupName}`}
                    </span>
                  </th>
                  <td>{formatLocalDate(pupil.admissionDate)}</td>
                  <td>
                    {pupil.leavingDate === null ? 'On roll' : formatLocalDate(pupil.leavingDate)}
                    {pupil.leavingDate !== null && (
                      <span className="admin-table__detail">
                        {pupil.grounds === null
                          ? 'Ground not recorded'
                          : DELETION_GROUNDS[pupil.grounds]}
                      </span>
                    )}
                  </td>
                  <td>
                    {pupil.lastChange === null
                      ? '–'
                      : `${formatInstant(pupil.lastChange.at)} by ${pupil.lastChange.byName}`}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button"
                      aria-label={`Change dates for ${pupil.name}`}
                      onClick={() => edit(pupil)}
                    >
                      Change dates
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
