/**
 * Admin → Schools: the schools of the organisation, and adding one to the trust. The admin who
 * adds a school becomes its admin and switches to it from the bar at the top to set it up.
 */
import { useCallback, useId, useState, type FormEvent } from 'react';
import {
  schoolDetailsSchema,
  type OrganisationSchoolsResponse,
} from '../../shared/api/setupSchemas';
import { call } from '../api/call';
import {
  addOrganisationSchool,
  listOrganisationSchools,
} from '../../shared/api/endpoints/setupEndpoints';
import type { SectionProps } from '../ui/sectionProps';
import { useLoaded } from '../ui/useLoaded';
import { fieldErrorsFromIssues, fieldErrorsOf, type FieldErrors } from '../ui/fieldErrors';
import { EMPTY_SCHOOL, SchoolFields, type SchoolForm } from '../ui/SchoolFields';
import { adminFailureMessage, adminRead, asStaff } from './adminRequest';

type ListState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly list: OrganisationSchoolsResponse }
  | { readonly kind: 'failed'; readonly message: string };

export function SchoolsPanel(props: SectionProps) {
  const headingId = useId();
  const { staff, fetch } = props;
  const [form, setForm] = useState<SchoolForm>(EMPTY_SCHOOL);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<{ kind: 'done' | 'error'; text: string } | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const fetchList = useCallback(
    (): Promise<ListState> =>
      adminRead(listOrganisationSchools, { staff, fetch }, (value) => ({
        kind: 'ready' as const,
        list: value,
      })),
    [staff, fetch],
  );
  const { value: list, refresh } = useLoaded<ListState>(fetchList, { kind: 'loading' });

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(null);
    const checked = schoolDetailsSchema.safeParse(form);
    if (!checked.success) {
      setErrors(fieldErrorsOf(checked.error));
      return;
    }
    setErrors({});
    setIsBusy(true);
    const answer = await call(addOrganisationSchool, { body: form }, asStaff(props));
    setIsBusy(false);
    if (!answer.ok) {
      if (answer.error.kind === 'refused') setErrors(fieldErrorsFromIssues(answer.error.issues));
      setOutcome({ kind: 'error', text: adminFailureMessage(answer.error) });
      return;
    }
    setForm(EMPTY_SCHOOL);
    setOutcome({
      kind: 'done',
      text: `${answer.value.school.name} was added, with you as its admin. Switch to it from the bar at the top to enter its term dates and import its pupils.`,
    });
    await refresh();
  };

  return (
    <section className="admin-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Schools</h2>
      {list.kind === 'loading' && <p className="notice">Loading the schools…</p>}
      {list.kind === 'failed' && (
        <p className="notice notice--error" role="alert">
          {list.message}
        </p>
      )}
      {list.kind === 'ready' && (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <caption>Schools of {list.list.organisation.name}</caption>
            <thead>
              <tr>
                <th scope="col">School</th>
                <th scope="col">URN</th>
                <th scope="col">DfE number</th>
                <th scope="col">Time zone</th>
              </tr>
            </thead>
            <tbody>
              {list.list.schools.map((school) => (
                <tr key={school.id}>
                  <td>{school.name}</td>
                  <td>{school.urn ?? '—'}</td>
                  <td>{school.dfeNumber ?? '—'}</td>
                  <td>{school.timeZone}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form onSubmit={(event) => void add(event)} noValidate className="stack">
        <h3>Add a school to the organisation</h3>
        <SchoolFields value={form} onChange={setForm} errors={errors} prefix="" />
        <div aria-live="polite">
          {outcome !== null && (
            <p className={outcome.kind === 'error' ? 'notice notice--error' : 'notice'}>
              {outcome.text}
            </p>
          )}
        </div>
        <button type="submit" className="button button--primary" disabled={isBusy}>
          {isBusy ? 'Adding…' : 'Add school'}
        </button>
      </form>
    </section>
  );
}
