/**
 * Admin → Staff: the school's staff accounts, adding a person, sending each a single-use link to
 * set a password (an invitation, or a reset once they have one), disabling and enabling, and the
 * staff import from the MIS below. With no email set up on the server, the link is shown here
 * for the admin to hand over. Disabling asks first, saying what will happen.
 */
import { useCallback, useId, useState, type FormEvent } from 'react';
import type { Role } from '../../domain';
import {
  newStaffSchema,
  type StaffAccount,
  type StaffListResponse,
} from '../../shared/api/accountSchemas';
import {
  addStaff,
  disableStaff,
  enableStaff,
  listStaff,
  sendStaffLink,
} from '../../shared/api/endpoints/accountEndpoints';
import { call } from '../api/call';
import type { SectionProps } from '../ui/sectionProps';
import { useLoaded } from '../ui/useLoaded';
import { fieldErrorsFromIssues, fieldErrorsOf, type FieldErrors } from '../ui/fieldErrors';
import { TextField } from '../ui/TextField';
import { adminFailureMessage, adminRead, asStaff } from './adminRequest';
import { formatInstant } from './adminFormat';
import { ImportFlow } from './ImportFlow';

const ROLE_NAMES: Readonly<Record<Role, string>> = {
  teacher: 'Teacher',
  office: 'Office',
  attendance_lead: 'Attendance lead',
  admin: 'Admin',
  governor: 'Governor (read-only)',
};
const ROLE_ORDER: readonly Role[] = ['teacher', 'office', 'attendance_lead', 'admin', 'governor'];

type ListState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly list: StaffListResponse }
  | { readonly kind: 'failed'; readonly message: string };

type Outcome =
  | {
      readonly kind: 'done';
      readonly text: string;
      readonly link?: { readonly name: string; readonly url: string };
    }
  | { readonly kind: 'error'; readonly text: string };

function statusText(account: StaffAccount): string {
  switch (account.status) {
    case 'active':
      return account.link === null
        ? 'Active'
        : `Active; reset link until ${formatInstant(account.link.expiresAt)}`;
    case 'invited':
      return `Invited; link until ${formatInstant(account.link?.expiresAt ?? '')}`;
    case 'no_password':
      return 'No password yet';
    case 'disabled':
      return `Disabled ${formatInstant(account.disabledAt ?? '')}`;
  }
}

export function StaffPanel(props: SectionProps) {
  const headingId = useId();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const { staff, fetch } = props;

  const fetchList = useCallback(
    (): Promise<ListState> =>
      adminRead(listStaff, { staff, fetch }, (value) => ({ kind: 'ready' as const, list: value })),
    [staff, fetch],
  );

  const {
    value: list,
    setValue: setList,
    refresh: reload,
  } = useLoaded<ListState>(fetchList, { kind: 'loading' });

  const replace = (account: StaffAccount) =>
    setList((current) =>
      current.kind === 'ready'
        ? {
            kind: 'ready',
            list: {
              ...current.list,
              staff: current.list.staff.some((s) => s.id === account.id)
                ? current.list.staff.map((s) => (s.id === account.id ? account : s))
                : [...current.list.staff, account].sort((a, b) =>
                    a.name.localeCompare(b.name, 'en-GB'),
                  ),
            },
          }
        : current,
    );

  const sendLink = async (account: StaffAccount) => {
    setBusyId(account.id);
    setOutcome(null);
    const answer = await call(sendStaffLink, { params: { id: account.id } }, asStaff(props));
    setBusyId(null);
    if (!answer.ok) {
      setOutcome({ kind: 'error', text: adminFailureMessage(answer.error) });
      return;
    }
    const sent = answer.value;
    replace(sent.staff);
    const what = sent.kind === 'invitation' ? 'An invitation' : 'A link to reset the password';
    const until = formatInstant(sent.expiresAt);
    setOutcome(
      sent.delivery === 'email' || sent.link === null
        ? {
            kind: 'done',
            text: `${what} was emailed to ${account.name} (${account.email}). It works once, until ${until}.`,
          }
        : {
            kind: 'done',
            text: `${what} for ${account.name} is below: give it to them yourself (this server sends no email). It works once, until ${until}.`,
            link: { name: account.name, url: sent.link },
          },
    );
  };

  const setEnabled = async (account: StaffAccount, enable: boolean) => {
    setBusyId(account.id);
    setOutcome(null);
    const answer = await call(
      enable ? enableStaff : disableStaff,
      { params: { id: account.id } },
      asStaff(props),
    );
    setBusyId(null);
    setConfirming(null);
    if (!answer.ok) {
      setOutcome({ kind: 'error', text: adminFailureMessage(answer.error) });
      return;
    }
    replace(answer.value.staff);
    setOutcome({
      kind: 'done',
      text: enable
        ? `${account.name} can sign in again.`
        : `${account.name} is disabled: signed out everywhere and unable to sign in. Their marks stay in the register.`,
    });
  };

  return (
    <section className="admin-panel stack" aria-labelledby={headingId}>
      <h2 id={headingId}>Staff accounts</h2>
      {list.kind === 'ready' && (
        <p className="hint">
          {list.list.mail === 'email'
            ? 'Each link is emailed to the person. It works once: an invitation for 7 days, a reset for 24 hours.'
            : 'This server sends no email, so each link is shown here for you to give to the person. It works once: an invitation for 7 days, a reset for 24 hours.'}
        </p>
      )}
      <div aria-live="polite">
        {outcome !== null && (
          <div
            className={outcome.kind === 'error' ? 'notice notice--error' : 'notice'}
            role={outcome.kind === 'error' ? 'alert' : 'status'}
          >
            <p>{outcome.text}</p>
            {outcome.kind === 'done' && outcome.link !== undefined && (
              <LinkToHandOver name={outcome.link.name} url={outcome.link.url} />
            )}
          </div>
        )}
      </div>
      {list.kind === 'loading' && <p role="status">Loading staff…</p>}
      {list.kind === 'failed' && (
        <div className="notice notice--error" role="alert">
          <p>{list.message}</p>
          <button type="button" className="button" onClick={() => void reload()}>
            Try again
          </button>
        </div>
      )}
      {list.kind === 'ready' && (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <caption className="visually-hidden">Staff with a role at this school</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Roles</th>
                <th scope="col">Account</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.list.staff.map((account) => (
                <tr key={account.id}>
                  <th scope="row">
                    {account.name}
                    <span className="admin-table__detail">
                      <span className="visually-hidden">, </span>
                      {account.email}
                    </span>
                  </th>
                  <td>{account.roles.map((r) => ROLE_NAMES[r]).join(', ')}</td>
                  <td>{statusText(account)}</td>
                  <td>
                    {confirming === account.id ? (
                      <div
                        className="admin-confirm"
                        role="group"
                        aria-label={`Confirm disabling ${account.name}`}
                      >
                        <p>
                          Disable {account.name}? They are signed out on every device at once and
                          cannot sign in until enabled again.
                        </p>
                        <button
                          type="button"
                          className="button button--primary"
                          disabled={busyId !== null}
                          onClick={() => void setEnabled(account, false)}
                        >
                          Yes, disable {account.name}
                        </button>
                        <button
                          type="button"
                          className="button"
                          onClick={() => setConfirming(null)}
                        >
                          Keep them enabled
                        </button>
                      </div>
                    ) : account.status === 'disabled' ? (
                      <button
                        type="button"
                        className="button"
                        disabled={busyId !== null}
                        onClick={() => void setEnabled(account, true)}
                        aria-label={`Enable ${account.name}`}
                      >
                        Enable
                      </button>
                    ) : (
                      <div className="admin-actions">
                        <button
                          type="button"
                          className="button"
                          disabled={busyId !== null}
                          onClick={() => void sendLink(account)}
                          aria-label={`${account.status === 'active' ? 'Send a password reset link to' : 'Send an invitation to'} ${account.name}`}
                        >
                          {busyId === account.id
                            ? 'Sending…'
                            : account.status === 'active'
                              ? 'Send reset link'
                              : 'Send invitation'}
                        </button>
                        {account.id !== staff.staffId && (
                          <button
                            type="button"
                            className="button"
                            disabled={busyId !== null}
                            onClick={() => setConfirming(account.id)}
                            aria-label={`Disable ${account.name}`}
                          >
                            Disable
                          </button>
                        )}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddStaffForm
        {...props}
        onAdded={(account, name) => {
          replace(account);
          setOutcome({
            kind: 'done',
            text: `${name} was added. Send them an invitation from the list to choose a password.`,
          });
        }}
      />
      <ImportFlow key="staff" {...props} kind="staff" help={<StaffHelp />} onImported={reload} />
    </section>
  );
}

function LinkToHandOver(props: { readonly name: string; readonly url: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="stack">
      <TextField label={`Link for ${props.name}`} value={props.url} onChange={() => undefined} />
      <button
        type="button"
        className="button"
        onClick={() =>
          void navigator.clipboard
            ?.writeText(props.url)
            .then(() => setCopied(true))
            .catch(() => setCopied(false))
        }
      >
        {copied ? 'Copied' : 'Copy link'}
      </button>
    </div>
  );
}

function AddStaffForm(
  props: SectionProps & { readonly onAdded: (account: StaffAccount, name: string) => void },
) {
  const headingId = useId();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<readonly Role[]>(['teacher']);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const body = { name, email, roles: ROLE_ORDER.filter((r) => roles.includes(r)) };
    const checked = newStaffSchema.safeParse(body);
    if (!checked.success) {
      setErrors(fieldErrorsOf(checked.error));
      return;
    }
    setErrors({});
    setIsBusy(true);
    const answer = await call(addStaff, { body }, asStaff(props));
    setIsBusy(false);
    if (!answer.ok) {
      const issues = answer.error.kind === 'refused' ? answer.error.issues : [];
      setErrors(fieldErrorsFromIssues(issues));
      setFormError(adminFailureMessage(answer.error));
      return;
    }
    props.onAdded(answer.value.staff, checked.data.name);
    setName('');
    setEmail('');
    setRoles(['teacher']);
  };

  return (
    <form
      className="stack admin-form"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-labelledby={headingId}
    >
      <h3 id={headingId}>Add a member of staff</h3>
      <TextField
        label="Name"
        value={name}
        onChange={setName}
        error={errors.name}
        autoComplete="off"
        maxLength={200}
      />
      <TextField
        label="Email"
        type="email"
        value={email}
        onChange={setEmail}
        error={errors.email}
      />
      <fieldset className="stack">
        <legend>Roles at this school</legend>
        {ROLE_ORDER.map((role) => (
          <label key={role} className="choice">
            <input
              type="checkbox"
              checked={roles.includes(role)}
              onChange={(event) =>
                setRoles(event.target.checked ? [...roles, role] : roles.filter((r) => r !== role))
              }
            />{' '}
            {ROLE_NAMES[role]}
          </label>
        ))}
        {errors.roles !== undefined && <p className="form-error">Roles {errors.roles}.</p>}
      </fieldset>
      <div aria-live="assertive">
        {formError !== null && <p className="form-error">{formError}</p>}
      </div>
      <button type="submit" className="button button--primary" disabled={isBusy}>
        {isBusy ? 'Adding…' : 'Add'}
      </button>
    </form>
  );
}

function StaffHelp() {
  return (
    <p className="hint">
      Or import them all: one row per member of staff with name, email and roles (teacher, office,
      attendance lead, admin), and the registration groups they take. Staff are matched by email;
      new people appear in the list above without a password, ready for an invitation.
    </p>
  );
}
