/**
 * The page an account link opens (`/account/password#TOKEN`): it greets the person by name, takes
 * a new password and sends them to sign in (a tablet then asks for a PIN, as always). Loaded as
 * a chunk of its own, like the setup page. The password is checked with the server's own schema
 * first; the server's strength check then answers on the same field.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { setPasswordRequestSchema, type LinkCheckResponse } from '../../shared/api/accountSchemas';
import {
  checkLink,
  setPassword as setPasswordEndpoint,
} from '../../shared/api/endpoints/accountEndpoints';
import { call, type FetchLike } from '../api/call';
import { fieldErrorsFromIssues, fieldErrorsOf, type FieldErrors } from '../ui/fieldErrors';
import { LinkPageFrame } from '../ui/LinkPageFrame';
import { TextField } from '../ui/TextField';

type State =
  | { readonly kind: 'checking' }
  | { readonly kind: 'ready'; readonly link: LinkCheckResponse }
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'done'; readonly email: string };

export function SetPasswordPage(props: { readonly token: string; readonly fetch?: FetchLike }) {
  const request = props.fetch === undefined ? {} : { fetch: props.fetch };
  // Without a token there is nothing to ask the server.
  const [state, setState] = useState<State>(
    props.token === ''
      ? {
          kind: 'refused',
          message:
            'This page needs the whole link from your email or from your administrator: it ends in a long code after #.',
        }
      : { kind: 'checking' },
  );
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  useEffect(() => {
    document.title = 'Choose your password – Tickmark';
    if (props.token === '') return;
    void call(checkLink, { body: { token: props.token } }, request).then((answer) =>
      setState(
        answer.ok
          ? { kind: 'ready', link: answer.value }
          : { kind: 'refused', message: answer.error.message },
      ),
    );
    // Runs once: whose link this is does not change while the page is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const body = { token: props.token, password };
    const checked = setPasswordRequestSchema.safeParse(body);
    if (!checked.success) {
      setErrors(fieldErrorsOf(checked.error));
      return;
    }
    setErrors({});
    setIsBusy(true);
    const answer = await call(setPasswordEndpoint, { body }, request);
    setIsBusy(false);
    if (answer.ok) {
      setState({ kind: 'done', email: answer.value.email });
      return;
    }
    const issues = answer.error.kind === 'refused' ? answer.error.issues : [];
    if (issues.length > 0) setErrors(fieldErrorsFromIssues(issues));
    else setFormError(answer.error.message);
  };

  if (state.kind === 'done') {
    return (
      <LinkPageFrame>
        <h1>Your password is set</h1>
        <p className="lede">
          Sign in as <strong>{state.email}</strong> with your new password. On a tablet you will
          then choose a PIN to unlock it.
        </p>
        <a className="button button--primary button--wide" href="/">
          Sign in
        </a>
      </LinkPageFrame>
    );
  }
  if (state.kind !== 'ready') {
    return (
      <LinkPageFrame>
        <h1>Choose your password</h1>
        <p className="lede" role={state.kind === 'refused' ? 'alert' : 'status'}>
          {state.kind === 'checking' ? 'Checking your link…' : state.message}
        </p>
      </LinkPageFrame>
    );
  }
  const { link } = state;
  return (
    <LinkPageFrame>
      <h1>Choose your password</h1>
      <p className="lede">
        Hello {link.name}.{' '}
        {link.kind === 'invitation' ? 'Choose the password' : 'Choose a new password'} for{' '}
        <strong>{link.email}</strong>.
      </p>
      <form onSubmit={(event) => void submit(event)} noValidate className="stack">
        {/* For password managers: the account this password belongs to. */}
        <input
          type="email"
          name="username"
          autoComplete="username"
          value={link.email}
          readOnly
          hidden
        />
        <TextField
          label="New password"
          type="password"
          hint="At least 10 characters. A few random words make a strong, memorable password; no symbols needed."
          value={password}
          onChange={setPassword}
          error={errors.password}
          autoComplete="new-password"
        />
        <div aria-live="assertive">
          {formError !== null && <p className="form-error">{formError}</p>}
        </div>
        <button type="submit" className="button button--primary button--wide" disabled={isBusy}>
          {isBusy ? 'Saving…' : 'Save password'}
        </button>
      </form>
    </LinkPageFrame>
  );
}
