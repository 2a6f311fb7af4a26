/**
 * The online sign-in (docs/design.md §3.3): email and password, once per person per tablet (and
 * again after a lock-out). The server's message is shown as it is: bad credentials, a wait after
 * too many attempts, or the connection the first sign-in needs.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
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
}

export function SignInScreen(props: SignInScreenProps) {
  const { db, hasSignedInBefore, isNewTablet, onSignedIn, onCancel } = props;
  const [email, setEmail] = useState(props.initialEmail ?? '');
  const [password, setPassword] = useState('');
  const [deviceLabel, setDeviceLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const ids = { email: useId(), password: useId(), label: useId(), error: useId() };

  useEffect(() => headingRef.current?.focus(), []);

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
        {onCancel !== undefined && (
          <button type="button" className="button button--wide" onClick={onCancel}>
            Back to unlock with a PIN
          </button>
        )}
      </form>
    </section>
  );
}
