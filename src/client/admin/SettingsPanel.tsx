/**
 * The school's settings (docs/design.md §2.1): register times and their overrides by key stage,
 * year group and class, with a live preview of what an arrival becomes; thresholds, lateness
 * letters, the penalty-notice rule, days to resolve `N`, the local authority's duty thresholds;
 * the codes each role may enter; hours in the school day. Every change is checked by the rules
 * core on the server (the preview endpoint) and its message is shown beside the field. Saving
 * makes a new version in force from a chosen day; the history lists each version in words.
 */
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import {
  KEY_STAGES,
  PART_NAME,
  REGISTER_ROLES,
  YEAR_GROUPS,
  type RegisterRole,
} from '../../domain/index';
import {
  previewSettings,
  readSettings,
  saveSettings,
} from '../../shared/api/endpoints/settingsEndpoints';
import type {
  PreviewSettingsResponse,
  SettingsIssue,
  SettingsResponse,
  SettingsVersion,
} from '../../shared/api/settingsSchemas';
import { call } from '../api/call';
import type { SectionProps } from '../ui/sectionProps';
import { useLoaded } from '../ui/useLoaded';
import { adminFailureMessage, adminRead, asStaff } from './adminRequest';
import { formatLocalDate } from './adminFormat';
import {
  codeList,
  issuesFor,
  numberOrText,
  unplacedIssues,
  valueAt,
  withValue,
  type Path,
  type Rules,
} from './settingsDraft';

/** Each role's codes box, in the domain's order of roles. */
const ROLE_LABEL: Readonly<Record<RegisterRole, string>> = {
  teacher: 'Teachers',
  office: 'Office staff',
  attendance_lead: 'Attendance lead',
  admin: 'Admins',
};
const ROLE_LABELS = REGISTER_ROLES.map((role) => [role, ROLE_LABEL[role]] as const);
const PART_LABEL = PART_NAME;
const ROLE_WORDS: Readonly<Record<string, string>> = {
  teacher: 'teacher',
  office: 'office',
  attendance_lead: 'attendance lead',
  admin: 'admin',
};

/** The threshold boxes, so a problem no box shows is listed apart rather than lost. */
const THRESHOLD_FIELDS: readonly Path[] = [
  ['persistentAbsencePercent'],
  ['severeAbsencePercent'],
  ['attendanceTargetPercent'],
  ['latenessLetterCount'],
  ['smallGroupMinimum'],
  ['latenessEscalation', 'lates'],
  ['latenessEscalation', 'schoolWeeks'],
  ['penaltyNotice', 'sessions'],
  ['penaltyNotice', 'schoolWeeks'],
  ['nResolveSchoolDays'],
  ['localAuthority', 'unauthorisedSessions'],
  ['localAuthority', 'illnessSessions'],
];

/** Where a warning's path is on this screen: "School times", "Other times 2". */
export function whereIs(path: string): string {
  const override = /^sessionOverrides\[(\d+)\]/.exec(path);
  if (override !== null) return `Other times ${Number(override[1]) + 1}`;
  return path.startsWith('sessions') ? 'School times' : path;
}

const yearLabel = (y: string) =>
  /^\d+$/.test(y) ? `Year ${y}` : y === 'R' ? 'Reception' : `Nursery ${y}`;

type Loaded =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'ready'; readonly settings: SettingsResponse };

export function SettingsPanel(props: SectionProps) {
  const id = useId();
  const { staff, fetch } = props;

  const load = useCallback(
    (): Promise<Loaded> =>
      adminRead(readSettings, { staff, fetch }, (value) => ({
        kind: 'ready' as const,
        settings: value,
      })),
    [staff, fetch],
  );
  const { value: loaded, setValue: setLoaded } = useLoaded<Loaded>(load, { kind: 'loading' });

  return (
    <section className="admin-panel settings" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Settings</h2>
      <p className="hint">
        The school’s register times and rules. A change is a new version in force from the day you
        choose: marks already made keep the decision made under the times in force on their day.
        Term dates are kept apart, under Term dates (admins).
      </p>
      {loaded.kind === 'loading' && <p role="status">Loading the settings…</p>}
      {loaded.kind === 'failed' && (
        <div className="notice notice--error" role="alert">
          <p>{loaded.message}</p>
          <button type="button" className="button" onClick={() => void load().then(setLoaded)}>
            Try again
          </button>
        </div>
      )}
      {loaded.kind === 'ready' && (
        <SettingsForm
          key={loaded.settings.versions[0]?.version ?? 0}
          {...props}
          settings={loaded.settings}
          onSaved={(settings) => setLoaded({ kind: 'ready', settings })}
        />
      )}
    </section>
  );
}

interface FormProps extends SectionProps {
  readonly settings: SettingsResponse;
  readonly onSaved: (settings: SettingsResponse) => void;
}

interface PreviewInput {
  readonly who: string;
  readonly part: 'AM' | 'PM';
  readonly arrival: string;
}

type Checked =
  | { readonly kind: 'checking' }
  | { readonly kind: 'ok'; readonly preview: PreviewSettingsResponse }
  | {
      readonly kind: 'problems';
      readonly issues: readonly SettingsIssue[];
      readonly message: string;
    };

function SettingsForm(props: FormProps) {
  const id = useId();
  const { settings } = props;
  const [rules, setRules] = useState<Rules>(settings.rules);
  const [previewInput, setPreviewInput] = useState<PreviewInput>({
    who: `year:${settings.groups[0]?.yearGroup ?? '3'}`,
    part: 'AM',
    arrival: '09:06',
  });
  const [checked, setChecked] = useState<Checked>({ kind: 'checking' });
  const [effectiveFrom, setEffectiveFrom] = useState(settings.today);
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'done' | 'error'; text: string } | null>(null);
  const [saveIssues, setSaveIssues] = useState<readonly SettingsIssue[]>([]);
  const latest = useRef(0);

  // Every change asks the rules core what the rules decide; only the latest answer is shown.
  useEffect(() => {
    const ask = ++latest.current;
    const [kind, value = ''] = previewInput.who.split(':');
    const group = kind === 'class' ? settings.groups.find((g) => g.id === value) : undefined;
    const yearGroup = group?.yearGroup ?? value;
    void call(
      previewSettings,
      {
        body: {
          rules,
          yearGroup,
          ...(group === undefined ? {} : { groupId: group.id }),
          part: previewInput.part,
          arrival: previewInput.arrival,
        },
      },
      asStaff(props),
    ).then((answer) => {
      if (ask !== latest.current) return;
      if (answer.ok) setChecked({ kind: 'ok', preview: answer.value });
      else {
        const issues = answer.error.kind === 'refused' ? answer.error.issues : [];
        setChecked({ kind: 'problems', issues, message: adminFailureMessage(answer.error) });
      }
    });
    // props carries the fetch and the person; a new render of the same props is no new question.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rules, previewInput, settings.groups]);

  const issues = [...(checked.kind === 'problems' ? checked.issues : []), ...saveIssues];
  const set = (path: Path, value: unknown) => {
    setOutcome(null);
    setSaveIssues([]);
    setRules((r) => withValue(r, path, value) as Rules);
  };
  const field = (path: Path, label: string, kind: FieldKind, hint?: string) => (
    <Field
      key={path.join('.')}
      path={path}
      label={label}
      kind={kind}
      hint={hint}
      value={valueAt(rules, path)}
      problems={issuesFor(issues, path)}
      onChange={(value) => set(path, value)}
    />
  );

  const save = async () => {
    setSaving(true);
    setOutcome(null);
    const answer = await call(
      saveSettings,
      { body: { effectiveFrom, rules, ...(note.trim() === '' ? {} : { note }) } },
      asStaff(props),
    );
    setSaving(false);
    if (answer.ok) {
      props.onSaved(answer.value.settings);
      return;
    }
    setSaveIssues(answer.error.kind === 'refused' ? answer.error.issues : []);
    setOutcome({ kind: 'error', text: adminFailureMessage(answer.error) });
  };

  const overrides = (valueAt(rules, ['sessionOverrides']) as unknown[] | undefined) ?? [];
  const bands = (valueAt(rules, ['thresholds', 'atRiskBands']) as unknown[] | undefined) ?? [];
  const placed = [
    ...['AM', 'PM'].flatMap((p) => [
      ['sessions', p, 'start'],
      ['sessions', p, 'registerCloses'],
    ]),
    // An override's row shows every problem inside it, the override as a whole included.
    ...overrides.map((_, i) => ['sessionOverrides', i]),
    ...THRESHOLD_FIELDS.map((path) => ['thresholds', ...path]),
    ...bands.map((_, i) => ['thresholds', 'atRiskBands', i]),
    ...ROLE_LABELS.map(([role]) => ['roleCodes', role]),
    ['schoolDayHours'],
    ['effectiveFrom'],
  ];
  const others = unplacedIssues(issues, placed);

  return (
    <form
      className="settings-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <p className="hint">
        In force today:{' '}
        {settings.inForce === 0
          ? 'the settings the school started with'
          : `version ${settings.inForce}`}
        .
      </p>

      <fieldset className="settings-group">
        <legend>Register times</legend>
        <div className="settings-grid">
          {(['AM', 'PM'] as const).flatMap((part) => [
            field(['sessions', part, 'start'], `${PART_LABEL[part]} register starts`, 'time'),
            field(
              ['sessions', part, 'registerCloses'],
              `${PART_LABEL[part]} register closes`,
              'time',
            ),
          ])}
        </div>
        <h3>Other times for part of the school</h3>
        {overrides.length === 0 && <p className="hint">Every class uses the school’s times.</p>}
        {overrides.map((_, index) => (
          <OverrideRow
            key={index}
            index={index}
            rules={rules}
            groups={settings.groups}
            issues={issues}
            set={set}
            remove={() =>
              set(
                ['sessionOverrides'],
                overrides.filter((__, i) => i !== index),
              )
            }
          />
        ))}
        <button
          type="button"
          className="button"
          onClick={() =>
            set(['sessionOverrides', overrides.length], {
              yearGroup: '1',
              AM: valueAt(rules, ['sessions', 'AM']),
            })
          }
        >
          Add other times
        </button>
      </fieldset>

      <fieldset className="settings-group settings-preview">
        <legend>What an arrival becomes</legend>
        <div className="settings-grid">
          <div className="field">
            <label htmlFor={`${id}-who`} className="field-label">
              Pupil in
            </label>
            <select
              id={`${id}-who`}
              value={previewInput.who}
              onChange={(e) => setPreviewInput({ ...previewInput, who: e.target.value })}
            >
              {YEAR_GROUPS.map((y) => (
                <option key={y} value={`year:${y}`}>
                  {yearLabel(y)}
                </option>
              ))}
              {settings.groups.map((g) => (
                <option key={g.id} value={`class:${g.id}`}>
                  Class {g.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-part`} className="field-label">
              Session
            </label>
            <select
              id={`${id}-part`}
              value={previewInput.part}
              onChange={(e) =>
                setPreviewInput({ ...previewInput, part: e.target.value === 'PM' ? 'PM' : 'AM' })
              }
            >
              <option value="AM">Morning</option>
              <option value="PM">Afternoon</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-arrival`} className="field-label">
              Arriving at
            </label>
            <input
              id={`${id}-arrival`}
              type="time"
              value={previewInput.arrival}
              onChange={(e) => setPreviewInput({ ...previewInput, arrival: e.target.value })}
            />
          </div>
        </div>
        <p className="settings-preview__answer" role="status" aria-live="polite">
          {checked.kind === 'checking' && 'Checking…'}
          {checked.kind === 'ok' && checked.preview.sentence}
          {checked.kind === 'problems' &&
            'Fix the settings marked below to see what an arrival becomes.'}
        </p>
      </fieldset>

      <fieldset className="settings-group">
        <legend>Thresholds</legend>
        <div className="settings-grid">
          {field(
            ['thresholds', 'persistentAbsencePercent'],
            'Persistent absence from (%)',
            'number',
          )}
          {field(['thresholds', 'severeAbsencePercent'], 'Severe absence from (%)', 'number')}
          {field(['thresholds', 'attendanceTargetPercent'], 'Attendance target (%)', 'number')}
          {field(
            ['thresholds', 'smallGroupMinimum'],
            'Smallest group shown in print and exports (pupils)',
            'number',
          )}
        </div>
        <h3>At-risk bands</h3>
        {bands.map((_, index) => (
          <div className="settings-row" key={index}>
            {field(['thresholds', 'atRiskBands', index, 'name'], `Band ${index + 1} name`, 'text')}
            {field(
              ['thresholds', 'atRiskBands', index, 'minAbsencePercent'],
              `Band ${index + 1} from (%)`,
              'number',
            )}
            <button
              type="button"
              className="button"
              onClick={() =>
                set(
                  ['thresholds', 'atRiskBands'],
                  bands.filter((__, i) => i !== index),
                )
              }
            >
              Remove band {index + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button"
          onClick={() =>
            set(['thresholds', 'atRiskBands', bands.length], { name: '', minAbsencePercent: 0 })
          }
        >
          Add a band
        </button>
        <h3>Lateness</h3>
        <div className="settings-grid">
          {field(['thresholds', 'latenessLetterCount'], 'Letter home at late number', 'number')}
          {field(
            ['thresholds', 'latenessEscalation', 'lates'],
            'Escalate at this many lates',
            'number',
          )}
          {field(
            ['thresholds', 'latenessEscalation', 'schoolWeeks'],
            '… within school weeks',
            'number',
          )}
        </div>
        <h3>Penalty notice and unexplained absence</h3>
        <div className="settings-grid">
          {field(
            ['thresholds', 'penaltyNotice', 'sessions'],
            'Penalty notice at unauthorised sessions',
            'number',
          )}
          {field(
            ['thresholds', 'penaltyNotice', 'schoolWeeks'],
            '… within school weeks (rolling)',
            'number',
          )}
          {field(
            ['thresholds', 'nResolveSchoolDays'],
            'School days allowed to resolve N',
            'number',
          )}
        </div>
        <h3>Local authority</h3>
        <div className="settings-grid">
          {field(
            ['thresholds', 'localAuthority', 'unauthorisedSessions'],
            'Inform the LA at unauthorised sessions',
            'number',
          )}
          {field(
            ['thresholds', 'localAuthority', 'illnessSessions'],
            'Sickness return at sessions of illness',
            'number',
          )}
        </div>
      </fieldset>

      <fieldset className="settings-group">
        <legend>Codes each role may enter</legend>
        <p className="hint">Codes separated by spaces, such as / \ L U N.</p>
        {ROLE_LABELS.map(([role, label]) => field(['roleCodes', role], label, 'codes'))}
      </fieldset>

      <fieldset className="settings-group">
        <legend>School day</legend>
        {field(
          ['schoolDayHours'],
          'Hours in the school day',
          'number',
          'Used to tell parents time missed in days and hours.',
        )}
      </fieldset>

      {checked.kind === 'ok' && checked.preview.changes.length > 0 && (
        <div className="notice" role="status">
          <p>Changes from the settings in force today:</p>
          <ul>
            {checked.preview.changes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </div>
      )}
      {checked.kind === 'ok' && checked.preview.warnings.length > 0 && (
        <div className="notice notice--warning">
          {checked.preview.warnings.map((w) => (
            <p key={`${w.path}:${w.message}`}>
              {whereIs(w.path)}: {w.message}
            </p>
          ))}
        </div>
      )}
      {others.length > 0 && (
        <ul className="form-error" role="alert">
          {others.map((i) => (
            <li key={`${i.path}:${i.message}`}>
              {i.path === '' ? i.message : `${i.path}: ${i.message}`}
            </li>
          ))}
        </ul>
      )}

      <fieldset className="settings-group">
        <legend>Save as a new version</legend>
        <div className="settings-grid">
          <Field
            path={['effectiveFrom']}
            label="In force from"
            kind="date"
            value={effectiveFrom}
            problems={issuesFor(issues, ['effectiveFrom'])}
            onChange={(v) => setEffectiveFrom(String(v))}
          />
          <div className="field">
            <label htmlFor={`${id}-note`} className="field-label">
              Why <span className="optional">(optional)</span>
            </label>
            <input
              id={`${id}-note`}
              type="text"
              maxLength={500}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
        </div>
        <button type="submit" className="button button--primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save settings'}
        </button>
        {outcome !== null && (
          <p className={outcome.kind === 'error' ? 'form-error' : 'notice'} role="alert">
            {outcome.text}
          </p>
        )}
      </fieldset>

      <History versions={settings.versions} />
    </form>
  );
}

type FieldKind = 'time' | 'number' | 'text' | 'codes' | 'date';

function Field(props: {
  readonly path: Path;
  readonly label: string;
  readonly kind: FieldKind;
  readonly hint?: string | undefined;
  readonly value: unknown;
  readonly problems: readonly string[];
  readonly onChange: (value: unknown) => void;
}) {
  const id = useId();
  const { kind, value, problems } = props;
  const shown =
    kind === 'codes' && Array.isArray(value)
      ? value.join(' ')
      : value === undefined || value === null
        ? ''
        : String(value);
  // The box keeps what was typed ("1 0" while typing), so a code list is not re-spaced under the cursor.
  const [typed, setTyped] = useState<string | null>(null);
  const describedBy = [props.hint ? `${id}-hint` : '', problems.length > 0 ? `${id}-problem` : '']
    .filter((s) => s !== '')
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {props.label}
      </label>
      {props.hint !== undefined && (
        <span id={`${id}-hint`} className="hint">
          {props.hint}
        </span>
      )}
      <input
        id={id}
        type={kind === 'time' ? 'time' : kind === 'date' ? 'date' : 'text'}
        inputMode={kind === 'number' ? 'decimal' : undefined}
        value={typed ?? shown}
        aria-invalid={problems.length > 0 ? true : undefined}
        aria-describedby={describedBy === '' ? undefined : describedBy}
        onChange={(e) => {
          const text = e.target.value;
          setTyped(kind === 'codes' ? text : null);
          props.onChange(
            kind === 'number' ? numberOrText(text) : kind === 'codes' ? codeList(text) : text,
          );
        }}
        onBlur={() => setTyped(null)}
      />
      {problems.length > 0 && (
        <span id={`${id}-problem`} className="field-problem">
          {problems.join('; ')}
        </span>
      )}
    </div>
  );
}

function OverrideRow(props: {
  readonly index: number;
  readonly rules: Rules;
  readonly groups: SettingsResponse['groups'];
  readonly issues: readonly SettingsIssue[];
  readonly set: (path: Path, value: unknown) => void;
  readonly remove: () => void;
}) {
  const id = useId();
  const { index, rules, groups, issues, set } = props;
  const base: Path = ['sessionOverrides', index];
  const override = (valueAt(rules, base) ?? {}) as Record<string, unknown>;
  const scope =
    override.groupId !== undefined
      ? `class:${String(override.groupId)}`
      : override.yearGroup !== undefined
        ? `year:${String(override.yearGroup)}`
        : `stage:${String(override.keyStage ?? 'KS1')}`;
  const setScope = (value: string) => {
    const [kind, key = ''] = value.split(':');
    const { keyStage: _k, yearGroup: _y, groupId: _g, ...times } = override;
    const scoped =
      kind === 'class'
        ? { groupId: key }
        : kind === 'year'
          ? { yearGroup: key }
          : { keyStage: key };
    set(base, { ...scoped, ...times });
  };
  const scopeProblems = [
    ...issuesFor(issues, [...base, 'keyStage']),
    ...issuesFor(issues, [...base, 'yearGroup']),
    ...issuesFor(issues, [...base, 'groupId']),
    ...issues.filter((i) => i.path === `sessionOverrides[${index}]`).map((i) => i.message),
  ];
  return (
    <div className="settings-override" role="group" aria-label={`Other times ${index + 1}`}>
      <div className="field">
        <label htmlFor={`${id}-scope`} className="field-label">
          Other times {index + 1}: for
        </label>
        <select
          id={`${id}-scope`}
          value={scope}
          aria-invalid={scopeProblems.length > 0 ? true : undefined}
          aria-describedby={scopeProblems.length > 0 ? `${id}-scope-problem` : undefined}
          onChange={(e) => setScope(e.target.value)}
        >
          {KEY_STAGES.map((k) => (
            <option key={k} value={`stage:${k}`}>
              Key stage {k}
            </option>
          ))}
          {YEAR_GROUPS.map((y) => (
            <option key={y} value={`year:${y}`}>
              {yearLabel(y)}
            </option>
          ))}
          {groups.map((g) => (
            <option key={g.id} value={`class:${g.id}`}>
              Class {g.name}
            </option>
          ))}
        </select>
        {scopeProblems.length > 0 && (
          <span id={`${id}-scope-problem`} className="field-problem">
            {scopeProblems.join('; ')}
          </span>
        )}
      </div>
      {(['AM', 'PM'] as const).map((part) => {
        const times = override[part];
        return (
          <div key={part} className="settings-override__part">
            <label className="choice">
              <input
                type="checkbox"
                checked={times !== undefined}
                onChange={(e) =>
                  set(
                    [...base, part],
                    e.target.checked ? valueAt(rules, ['sessions', part]) : undefined,
                  )
                }
              />
              {PART_LABEL[part]} times of their own
            </label>
            {times !== undefined && (
              <div className="settings-grid">
                <OverrideTime
                  base={[...base, part, 'start']}
                  label={`Other times ${index + 1}: ${PART_LABEL[part].toLowerCase()} starts`}
                  {...props}
                />
                <OverrideTime
                  base={[...base, part, 'registerCloses']}
                  label={`Other times ${index + 1}: ${PART_LABEL[part].toLowerCase()} closes`}
                  {...props}
                />
              </div>
            )}
          </div>
        );
      })}
      <button type="button" className="button" onClick={props.remove}>
        Remove other times {index + 1}
      </button>
    </div>
  );
}

function OverrideTime(props: {
  readonly base: Path;
  readonly label: string;
  readonly rules: Rules;
  readonly issues: readonly SettingsIssue[];
  readonly set: (path: Path, value: unknown) => void;
}) {
  return (
    <Field
      path={props.base}
      label={props.label}
      kind="time"
      value={valueAt(props.rules, props.base)}
      problems={issuesFor(props.issues, props.base)}
      onChange={(v) => props.set(props.base, v)}
    />
  );
}

function History(props: { readonly versions: readonly SettingsVersion[] }) {
  const id = useId();
  return (
    <section aria-labelledby={`${id}-history`} className="settings-history">
      <h3 id={`${id}-history`}>History</h3>
      <ul>
        {props.versions.map((v) => (
          <li key={v.version}>
            <VersionText version={v} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function VersionText({ version }: { readonly version: SettingsVersion }): ReactNode {
  if (version.version === 0 || version.effectiveFrom === null) {
    return <p>The settings the school started with.</p>;
  }
  const made =
    version.madeAt === null
      ? ''
      : new Date(version.madeAt).toLocaleString('en-GB', {
          day: 'numeric',
          month: 'long',
          year: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
        });
  return (
    <>
      <p>
        <strong>Version {version.version}</strong>, in force from{' '}
        {formatLocalDate(version.effectiveFrom)}; saved by {version.madeBy?.name ?? 'someone'} (
        {ROLE_WORDS[version.madeBy?.role ?? ''] ?? version.madeBy?.role}) on {made}.
        {version.note === null ? '' : ` “${version.note}”`}
      </p>
      <ul>
        {version.changes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
    </>
  );
}
