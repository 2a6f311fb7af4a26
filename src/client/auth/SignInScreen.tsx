/**
 * The online sign-in (docs/design.md §3.3): email and password, once per person per tablet (and
 * again after a lock-out). The server's message is shown as it is: bad credentials, a wait after
 * too many attempts, or the connection the first sign-in needs. Where the server offers it, a
 * button signs in through the school's Microsoft or Google account instead (oidcSignIn.ts); the
 * provider sends the browser back here with `oidcReturn`, which this screen finishes.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { fetchOidcProvider, finishOidcSignIn, startOidcSignIn } from './oidcSignIn';
import { signIn } from './signIn';
import type { FetchLike } from './signInRequest';
import type { SignedInStaff } from './pinLock';
import type { AppDb } from '../db/appDb';

export interface SignInScreenProps {
  readonly db: AppDb;
  readonly hasSignedInBefore: boolean;
  /** Offer a "Tablet name" field: only before this tablet has a device id. */
  readonly isNewTablet: boolean;
  readonly initialEmail?: string;
  readonly fetch?: FetchLike;
  readonly onSignedIn: (staff: SignedInStaff) => void;
  /** Back to the lock screen, when someone could unlock instead. */
  readonly onCancel?: () => void;
  /** The provider's answer (the return page's query string), to finish signing in with. */
  readonly oidcReturn?: string;
  /** Opens the provider's sign-in page; the browser's own navigation unless a test gives one. */
  readonly navigate?: (url: string) => void;
}

export function SignInScreen(props: SignInScreenProps) {
  const { db, hasSignedInBefore, isNewTablet, onSignedIn, onCancel } = props;
  const [email, setEmail] = useState(props.initialEmail ?? '');
  const [password, setPassword] = useState('');
  const [deviceLabel, setDeviceLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(props.oidcReturn !== undefined);
  const [provider, setProvider] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const finishing = useRef(false);
  const ids = { email: useId(), password: useId(), label: useId(), error: useId() };
  const { fetch, oidcReturn } = props;

  useEffect(() => headingRef.current?.focus(), []);

  useEffect(() => {
    let isCurrent = true;
    void fetchOidcProvider(fetch).then((name) => {
      if (isCurrent) setProvider(name);
    });
    return () => {
      isCurrent = false;
    };
  }, [fetch]);

  // Back from the provider: finish once (the answer works only once).
  useEffect(() => {
    if (oidcReturn === undefined || finishing.current) return;
    finishing.current = true;
    void finishOidcSignIn(db, oidcReturn, fetch === undefined ? {} : { fetch }).then((outcome) => {
      setIsBusy(false);
      if (outcome.ok) onSignedIn(outcome.staff);
      else setError(outcome.error.message);
    });
  }, [db, oidcReturn, fetch, onSignedIn]);

  const signInWithProvider = async () => {
    setIsBusy(true);
    setError(null);
    const started = await startOidcSignIn(db, fetch === undefined ? {} : { fetch });
    if (started.ok) {
      (props.navigate ?? ((url: string) => window.location.assign(url)))(started.url);
    } else {
      setIsBusy(false);
      setError(started.message);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (email.trim() === '' || password === '') {
      setError('Enter your email address and password.');
      return;
    }
    setIsBusy(true);
    setError(null);
    const outcome = await signIn(
      db,
      { email, password, ...(isNewTablet ? { deviceLabel } : {}) },
      { hasSignedInBefore, ...(props.fetch === undefined ? {} : { fetch: props.fetch }) },
    );
    setIsBusy(false);
    if (outcome.ok) {
      setPassword('');
      onSignedIn(outcome.staff);
    } else {
      setError(outcome.error.message);
    }
  };

  return (
    <section className="screen screen--narrow" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading" ref={headingRef} tabIndex={-1}>
        Sign in to Tickmark
      </h1>
      <p className="lede">
        Sign in once on this tablet with your school email and password. After that you unlock it
        with a PIN, with or without wifi.
      </p>
      <form onSubmit={(event) => void submit(event)} noValidate className="stack">
        <div className="field">
          <label htmlFor={ids.email} className="field-label">
            Email address
          </label>
          <input
            id={ids.email}
            type="email"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            aria-describedby={error === null ? undefined : ids.error}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.password} className="field-label">
            Password
          </label>
          <input
            id={ids.password}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-describedby={error === null ? undefined : ids.error}
          />
        </div>
        {isNewTablet && (
          <div className="field">
            <label htmlFor={ids.label} className="field-label">
              Name for this tablet <span className="optional">(optional)</span>
            </label>
            <input
              id={ids.label}
              type="text"
              maxLength={100}
              placeholder="Class 3 iPad"
              value={deviceLabel}
              onChange={(event) => setDeviceLabel(event.target.value)}
            />
          </div>
        )}
        <div aria-live="assertive">
          {error !== null && (
            <p id={ids.error} className="form-error">
              {error}
            </p>
          )}
        </div>
        <button type="submit" className="button button--primary button--wide" disabled={isBusy}>
          {isBusy ? 'Signing in…' : 'Sign in'}
        </button>
        {provider !== null && (
          <button
            type="button"
            className="button button--wide"
            disabled={isBusy}
            onClick={() => void signInWithProvider()}
          >
            Sign in with {provider}
          </button>
        )}
        {onCancel !== undefined && (
          <button type="button" className="button button--wide" onClick={onCancel}>
            Back to unlock with a PIN
          </button>
        )}
      </form>
    </section>
  );
}
