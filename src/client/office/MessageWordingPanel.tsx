/**
 * The wording of first-day messages, per language: the office (or an admin) edits the text
 * message and the email the families of absent pupils receive, with the merge fields filled in a
 * preview as the family will read it, the text's length in SMS (a Polish letter sends the whole
 * text as Unicode, 70 characters a text), and every problem named before saving: an unknown merge
 * field is refused by the server too (the domain's wordingProblems). Each family is written to in
 * its preferred language where the school has it; otherwise in English (docs/parents.md).
 */
import { useEffect, useState } from 'react';
import {
  fillWording,
  sampleMergeValues,
  smsLength,
  wordingProblems,
  MERGE_FIELD_NAMES,
  type FamilyLanguage,
  type LocalDate,
} from '../../domain/index';
import {
  getFirstDayWording,
  saveFirstDayWording,
} from '../../shared/api/endpoints/familyEndpoints';
import type { WordingResponse } from '../../shared/api/familySchemas';
import { call, type FetchLike } from '../api/call';
import './parents.css';

const FIELD_MEANINGS: Readonly<Record<(typeof MERGE_FIELD_NAMES)[number], string>> = {
  first_name: 'the child’s first name',
  session: 'the morning or afternoon, with its date',
  school_phone: 'the school’s phone number, below',
};

interface Draft {
  readonly schoolPhone: string;
  readonly smsBody: string;
  readonly emailSubject: string;
  readonly emailBody: string;
}

function draftOf(answer: WordingResponse, language: FamilyLanguage): Draft {
  const wording = answer.languages.find((l) => l.language === language)?.wording;
  return {
    schoolPhone: answer.schoolPhone,
    smsBody: wording?.smsBody ?? '',
    emailSubject: wording?.emailSubject ?? '',
    emailBody: wording?.emailBody ?? '',
  };
}

export function MessageWordingPanel(props: {
  readonly staffId: string;
  readonly today: LocalDate;
  readonly fetch?: FetchLike | undefined;
}) {
  const options = {
    staffId: props.staffId,
    ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
  };
  const [answer, setAnswer] = useState<WordingResponse | null>(null);
  const [language, setLanguage] = useState<FamilyLanguage>('en-GB');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  useEffect(() => {
    void call(getFirstDayWording, {}, options).then((a) => {
      if (!a.ok) {
        setMessage({ ok: false, text: a.error.message });
        return;
      }
      setAnswer(a.value);
      setDraft(draftOf(a.value, 'en-GB'));
    });
    // Read once when the panel opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (answer === null || draft === null) {
    return message === null ? (
      <p role="status">Reading the wording…</p>
    ) : (
      <p className="form-error" role="alert">
        {message.text}
      </p>
    );
  }

  const choose = (next: FamilyLanguage) => {
    setLanguage(next);
    setDraft({ ...draftOf(answer, next), schoolPhone: draft.schoolPhone });
    setMessage(null);
  };
  const problems = wordingProblems(draft);
  const sample = sampleMergeValues(language, draft.schoolPhone, props.today);
  const smsPreview = fillWording(draft.smsBody, sample);
  const length = smsLength(smsPreview);
  const current = answer.languages.find((l) => l.language === language);

  const save = async () => {
    setIsBusy(true);
    setMessage(null);
    const saved = await call(saveFirstDayWording, { params: { language }, body: draft }, options);
    setIsBusy(false);
    if (!saved.ok) {
      setMessage({ ok: false, text: saved.error.message });
      return;
    }
    setAnswer(saved.value);
    setMessage({ ok: true, text: `The ${current?.name ?? ''} wording is saved.` });
  };

  return (
    <div className="wording-panel stack">
      <p>
        Families are written to in their preferred language where the school has wording for it, and
        in English otherwise. Merge fields:{' '}
        {MERGE_FIELD_NAMES.map((f, i) => (
          <span key={f}>
            {i > 0 ? ', ' : ''}
            <code>{`{${f}}`}</code> ({FIELD_MEANINGS[f]})
          </span>
        ))}
        .
      </p>
      <div role="group" aria-label="Language" className="wording-panel__languages">
        {answer.languages.map((l) => (
          <button
            key={l.language}
            type="button"
            className="button"
            aria-pressed={language === l.language}
            onClick={() => choose(l.language)}
          >
            {l.name}
            {l.saved ? '' : ' (as shipped)'}
          </button>
        ))}
      </div>
      <div className="field">
        <label htmlFor="wording-phone" className="field-label">
          School phone (every language)
        </label>
        <input
          id="wording-phone"
          value={draft.schoolPhone}
          maxLength={40}
          onChange={(e) => setDraft({ ...draft, schoolPhone: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="wording-sms" className="field-label">
          Text message ({current?.name})
        </label>
        <textarea
          id="wording-sms"
          rows={3}
          value={draft.smsBody}
          aria-describedby="wording-sms-length"
          onChange={(e) => setDraft({ ...draft, smsBody: e.target.value })}
        />
        <p id="wording-sms-length" className="hint" role="status">
          With the example filled in: {length.characters} characters,{' '}
          {length.segments === 1 ? '1 text message' : `${length.segments} text messages`}
          {length.unicode
            ? ' (it has letters outside the basic text alphabet, so each text holds 70 characters, not 160)'
            : ''}
          .
        </p>
      </div>
      <div className="field">
        <label htmlFor="wording-subject" className="field-label">
          Email subject ({current?.name})
        </label>
        <input
          id="wording-subject"
          value={draft.emailSubject}
          maxLength={200}
          onChange={(e) => setDraft({ ...draft, emailSubject: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="wording-email" className="field-label">
          Email ({current?.name})
        </label>
        <textarea
          id="wording-email"
          rows={8}
          value={draft.emailBody}
          onChange={(e) => setDraft({ ...draft, emailBody: e.target.value })}
        />
      </div>
      {problems.length > 0 && (
        <ul className="form-error" aria-label="Problems with the wording">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <section aria-labelledby="wording-preview-heading">
        <h4 id="wording-preview-heading">Preview, for a pupil called {sample.first_name}</h4>
        <p className="field-label">Text message</p>
        <p className="wording-panel__preview" aria-label="Text message preview">
          {smsPreview}
        </p>
        <p className="field-label">Email: {fillWording(draft.emailSubject, sample)}</p>
        <p className="wording-panel__preview" aria-label="Email preview">
          {fillWording(draft.emailBody, sample)}
        </p>
      </section>
      {message !== null && (
        <p className={message.ok ? 'notice' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <button
        type="button"
        className="button button--primary"
        disabled={isBusy || problems.length > 0 || draft.schoolPhone.trim() === ''}
        onClick={() => void save()}
      >
        Save the {current?.name} wording
      </button>
    </div>
  );
}
