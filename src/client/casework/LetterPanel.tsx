/**
 * An action's letters: choose a template and preview its wording (the merge fields in braces are
 * filled from the register when the PDF is made), make the PDF on the server, open it to print or
 * save, and email it to the parents. Each letter lists whom it was sent to, when, and what came of
 * each email.
 */
import { useCallback, useId, useState } from 'react';
import { fillPath } from '../../shared/api/endpoint';
import * as endpoints from '../../shared/api/endpoints/caseworkEndpoints';
import type { CaseAction, CaseLetter } from '../../shared/api/caseworkSchemas';
import { formatInstant } from '../ui/format';
import { useLoaded } from '../ui/useLoaded';
import {
  caseworkCall,
  caseworkFailureMessage,
  readOf,
  type CaseworkEnv,
  type Read,
} from './caseworkRequest';

export interface LetterPanelProps {
  readonly env: CaseworkEnv;
  readonly action: CaseAction;
  /** The template the action's ladder stage names, chosen first. */
  readonly suggested: string | null;
  readonly onChanged: (message: string) => void;
}

const OUTCOME_TEXT = { sent: 'Emailed', failed: 'Email failed', not_sent: 'Not emailed' } as const;

export function letterHref(letter: Pick<CaseLetter, 'id'>): string {
  return fillPath(endpoints.letterPdf.path, { letterId: letter.id });
}

export function LetterPanel({ env, action, suggested, onChanged }: LetterPanelProps) {
  const id = useId();
  const load = useCallback(() => readOf(env, endpoints.letterTemplates, {}), [env]);
  const { value: templates } = useLoaded<
    Read<{ templates: { id: string; name: string; subject: string; body: string }[] }>
  >(load, { kind: 'loading' });
  const [chosen, setChosen] = useState<string | null>(suggested);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const list = templates.kind === 'ready' ? templates.value.templates : [];
  const template = list.find((t) => t.id === chosen) ?? list[0];

  async function make() {
    if (template === undefined) return;
    setBusy(true);
    setProblem(null);
    const answer = await caseworkCall(env, endpoints.makeLetter, {
      params: { actionId: action.id },
      body: { templateId: template.id },
    });
    setBusy(false);
    if (!answer.ok) {
      setProblem(caseworkFailureMessage(answer.error));
      return;
    }
    onChanged(
      `Letter made: ${answer.value.letter.fileName}, to ${answer.value.letter.sentTo}. Open it to print, or email it.`,
    );
  }

  async function email(letter: CaseLetter) {
    setBusy(true);
    setProblem(null);
    const answer = await caseworkCall(env, endpoints.emailLetter, {
      params: { letterId: letter.id },
    });
    setBusy(false);
    if (!answer.ok) {
      setProblem(caseworkFailureMessage(answer.error));
      return;
    }
    const sent = answer.value.letter.deliveries.filter((d) => d.outcome === 'sent');
    const others = answer.value.letter.deliveries.filter((d) => d.outcome !== 'sent');
    onChanged(
      sent.length === 0
        ? `The letter was not emailed to anyone: ${others.map((d) => `${d.contact.name}: ${d.detail ?? ''}`).join(' ')}`
        : `The letter was emailed to ${sent.map((d) => d.contact.name).join(', ')}.${
            others.length === 0 ? '' : ' Some parents were not emailed: see below.'
          }`,
    );
  }

  return (
    <div className="casework-letters">
      {action.letters.length > 0 && (
        <ul className="casework-letters__list" aria-label={`Letters for ${action.title}`}>
          {action.letters.map((letter) => (
            <li key={letter.id}>
              <p className="casework-card__head">
                <strong>{letter.fileName}</strong> to {letter.sentTo} · made{' '}
                {formatInstant(letter.madeAt)} by {letter.madeBy.name} ·{' '}
                {letter.how === 'email' ? 'emailed' : 'printed'}
              </p>
              {letter.deliveries.length > 0 && (
                <ul aria-label={`Emails of ${letter.fileName}`}>
                  {letter.deliveries.map((d, i) => (
                    <li key={`${d.contact.id}:${i}`}>
                      {OUTCOME_TEXT[d.outcome]}: {d.contact.name}
                      {d.email === null ? '' : ` (${d.email})`}, {formatInstant(d.at)}
                      {d.detail === null ? '' : ` — ${d.detail}`}
                    </li>
                  ))}
                </ul>
              )}
              <div className="casework-card__buttons">
                <a
                  className="button"
                  href={letterHref(letter)}
                  target="_blank"
                  rel="noopener"
                  aria-label={`Open ${letter.fileName} to print or save`}
                >
                  Open PDF to print
                </a>
                <button
                  type="button"
                  className="button"
                  disabled={busy}
                  onClick={() => void email(letter)}
                  aria-label={`Email ${letter.fileName} to the parents`}
                >
                  Email to parents
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {templates.kind === 'failed' && (
        <p className="notice notice--error" role="alert">
          {templates.message}
        </p>
      )}
      {list.length > 0 && (
        <div className="casework-form">
          <div>
            <label htmlFor={`${id}-template`} className="field-label">
              Letter template
            </label>
            <select
              id={`${id}-template`}
              value={template?.id ?? ''}
              onChange={(e) => setChosen(e.target.value)}
            >
              {list.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          <div className="casework-form__buttons">
            <button
              type="button"
              className="button button--primary"
              disabled={busy || template === undefined}
              onClick={() => void make()}
            >
              {busy ? 'Working…' : 'Make the letter (PDF)'}
            </button>
          </div>
          {template !== undefined && (
            <details style={{ gridColumn: '1 / -1' }}>
              <summary className="button">Preview the wording</summary>
              <div className="casework-preview" aria-label="Letter preview">
                <p>
                  <strong>{template.subject}</strong>
                </p>
                {template.body.split(/\n\s*\n/).map((paragraph, i) => (
                  <p key={i} style={{ whiteSpace: 'pre-line' }}>
                    {paragraph}
                  </p>
                ))}
                <p className="casework-card__meta">
                  Words in double braces are filled in from the register when the letter is made.
                </p>
              </div>
            </details>
          )}
        </div>
      )}
      {problem !== null && (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
