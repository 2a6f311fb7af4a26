/**
 * The page the server's one-time setup link opens (`/setup#TOKEN`): it creates the
 * organisation (a trust, or the school's own), the first school and the first admin, then sends
 * the admin to sign in. Loaded as a chunk of its own: a tablet's everyday first load never
 * carries it. The form checks with the server's own schema first, then shows the server's field
 * problems on the same inputs.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { setupRequestSchema, type SetupResponse } from '../../shared/api/setupSchemas';
import { call, type FetchLike } from '../api/call';
import { runSetup, setupStatus } from '../../shared/api/endpoints/setupEndpoints';
import { fieldErrorsFromIssues, fieldErrorsOf, type FieldErrors } from '../ui/fieldErrors';
import { EMPTY_SCHOOL, SchoolFields, type SchoolForm } from '../ui/SchoolFields';
import { TextField } from '../ui/TextField';
import { LinkPageFrame } from '../ui/LinkPageFrame';

const FIX_FIELDS = 'Some details need changing: each says what to fix.';

type Status = 'checking' | 'needed' | 'done-already' | 'unreachable';

export function SetupPage(props: { readonly token: string; readonly fetch?: FetchLike }) {
  const request = props.fetch === undefined ? {} : { fetch: props.fetch };
  const [status, setStatus] = useState<Status>('checking');
  const [kind, setKind] = useState<'trust' | 'school'>('trust');
  const [organisationName, setOrganisationName] = useState('');
  const [school, setSchool] = useState<SchoolForm>(EMPTY_SCHOOL);
  const [admin, setAdmin] = useState({ name: '', email: '', password: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [result, setResult] = useState<SetupResponse | null>(null);

  useEffect(() => {
    document.title = 'Set up Tickmark';
    void call(setupStatus, {}, request).then((answer) => {
      if (!answer.ok) setStatus('unreachable');
      else setStatus(answer.value.needed ? 'needed' : 'done-already');
    });
    // Runs once: the page asks the server whether setup is still needed when it opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const body = {
      token: props.token,
      organisation: kind === 'trust' ? { kind, name: organisationName } : { kind },
      school,
      admin,
    };
    const checked = setupRequestSchema.safeParse(body);
    if (!checked.success) {
      setErrors(fieldErrorsOf(checked.error));
      setFormError(FIX_FIELDS);
      return;
    }
    setErrors({});
    setIsBusy(true);
    const answer = await call(runSetup, { body }, request);
    setIsBusy(false);
    if (answer.ok) {
      setResult(answer.value);
      return;
    }
    const issues = answer.error.kind === 'refused' ? answer.error.issues : [];
    setErrors(fieldErrorsFromIssues(issues));
    setFormError(issues.length > 0 ? FIX_FIELDS : answer.error.message);
  };

  if (result !== null) {
    return (
      <LinkPageFrame>
        <h1>Tickmark is set up</h1>
        <p className="lede">
          {result.organisation.name} and {result.school.name} are ready. Sign in as{' '}
          <strong>{result.admin.email}</strong> with the password you chose, then enter your term
          dates in Admin → Term dates and import your pupils and staff.
        </p>
        <a className="button button--primary button--wide" href="/">
          Sign in
        </a>
      </LinkPageFrame>
    );
  }
  if (status !== 'needed') {
    const message = {
      checking: 'Checking this server…',
      'done-already': 'Tickmark is already set up on this server, so this link no longer works.',
      unreachable:
        'The office server could not be reached. Check the connection and reload this page.',
    }[status];
    return (
      <LinkPageFrame>
        <h1>Set up Tickmark</h1>
        <p className="lede" role="status">
          {message}
        </p>
        {status === 'done-already' && (
          <a className="button button--primary button--wide" href="/">
            Sign in
          </a>
        )}
      </LinkPageFrame>
    );
  }
  if (props.token === '') {
    return (
      <LinkPageFrame>
        <h1>Set up Tickmark</h1>
        <p className="lede">
          This page needs the setup link the server printed when it started (it ends in{' '}
          <code>/setup#</code> and a long code). Copy the whole link from the server’s console, or
          restart the server for a new one.
        </p>
      </LinkPageFrame>
    );
  }

  return (
    <LinkPageFrame>
      <h1>Set up Tickmark</h1>
      <p className="lede">
        Create your organisation, your first school and your own admin account. You can add more
        schools to a trust later.
      </p>
      <form onSubmit={(event) => void submit(event)} noValidate className="stack">
        <fieldset className="stack">
          <legend>Organisation</legend>
          <label className="choice">
            <input
              type="radio"
              name="kind"
              checked={kind === 'trust'}
              onChange={() => setKind('trust')}
            />{' '}
            A trust or federation (it may hold several schools)
          </label>
          <label className="choice">
            <input
              type="radio"
              name="kind"
              checked={kind === 'school'}
              onChange={() => setKind('school')}
            />{' '}
            A single school (its organisation takes the school’s name)
          </label>
          {kind === 'trust' && (
            <TextField
              label="Trust name"
              value={organisationName}
              onChange={setOrganisationName}
              error={errors['organisation.name']}
              maxLength={200}
            />
          )}
        </fieldset>
        <fieldset className="stack">
          <legend>First school</legend>
          <SchoolFields value={school} onChange={setSchool} errors={errors} prefix="school." />
        </fieldset>
        <fieldset className="stack">
          <legend>Your admin account</legend>
          <TextField
            label="Your name"
            value={admin.name}
            onChange={(name) => setAdmin({ ...admin, name })}
            error={errors['admin.name']}
            autoComplete="name"
          />
          <TextField
            label="Email address"
            type="email"
            value={admin.email}
            onChange={(email) => setAdmin({ ...admin, email })}
            error={errors['admin.email']}
            autoComplete="username"
          />
          <TextField
            label="Password"
            type="password"
            hint="At least 10 characters. A few random words make a strong, memorable password; no symbols needed."
            value={admin.password}
            onChange={(password) => setAdmin({ ...admin, password })}
            error={errors['admin.password']}
            autoComplete="new-password"
          />
        </fieldset>
        <div aria-live="assertive">
          {formError !== null && <p className="form-error">{formError}</p>}
        </div>
        <button type="submit" className="button button--primary button--wide" disabled={isBusy}>
          {isBusy ? 'Setting up…' : 'Set up Tickmark'}
        </button>
      </form>
    </LinkPageFrame>
  );
}
