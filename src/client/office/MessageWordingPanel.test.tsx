import '@testing-library/jest-dom/vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_FIRST_DAY_WORDING, localDate } from '../../domain/index';
import {
  pupilRepliesResponseSchema,
  wordingResponseSchema,
  type WordingResponse,
} from '../../shared/api/familySchemas';
import { fakeAdminServer, ok } from '../admin/adminServer.fixture';
import { FamilyReplies } from './FamilyReplies';
import { MessageWordingPanel } from './MessageWordingPanel';

afterEach(cleanup);

const STAFF = '0b6e8a4e-2f52-4c1e-9c55-6d8f1f9a1c09';
const WORDING: WordingResponse = {
  schoolPhone: '01632 960000',
  languages: [
    {
      language: 'en-GB',
      name: 'English',
      wording: DEFAULT_FIRST_DAY_WORDING['en-GB'],
      saved: true,
    },
    { language: 'pl', name: 'Polish', wording: DEFAULT_FIRST_DAY_WORDING.pl, saved: false },
  ],
  channels: { sms: true, email: true },
};

describe('the message wording screen', { timeout: 30_000 }, () => {
  it('previews the wording filled in, names an unknown merge field, and saves a language', async () => {
    const server = fakeAdminServer((request) => {
      if (request.method === 'PUT') {
        const body = request.body as { smsBody: string };
        return ok(wordingResponseSchema, {
          ...WORDING,
          languages: WORDING.languages.map((l) =>
            l.language === 'pl'
              ? {
                  ...l,
                  wording: { ...DEFAULT_FIRST_DAY_WORDING.pl, smsBody: body.smsBody },
                  saved: true,
                }
              : l,
          ),
        });
      }
      return ok(wordingResponseSchema, WORDING);
    });
    const user = userEvent.setup();
    render(
      <MessageWordingPanel staffId={STAFF} today={localDate('2025-03-04')} fetch={server.fetch} />,
    );
    const sms = await screen.findByLabelText('Text message (English)');
    expect(screen.getByLabelText('Text message preview')).toHaveTextContent(
      'Amelia is not in school this morning (4 March 2025) and we have not heard why. Please contact 01632 960000 today.',
    );
    expect(
      screen.getByText(/^With the example filled in: \d+ characters, 1 text message\.$/),
    ).toBeInTheDocument();

    fireEvent.change(sms, { target: { value: 'Hello {firstname}, please call {school_phone}.' } });
    expect(
      within(screen.getByRole('list', { name: 'Problems with the wording' })).getByRole('listitem'),
    ).toHaveTextContent('The text message uses {firstname}, which is not a merge field.');
    expect(screen.getByRole('button', { name: 'Save the English wording' })).toBeDisabled();

    // Polish: the shipped wording; a Polish letter makes the text Unicode (70 characters a text).
    await user.click(screen.getByRole('button', { name: 'Polish (as shipped)' }));
    const polish = screen.getByLabelText('Text message (Polish)');
    expect(polish).toHaveValue(DEFAULT_FIRST_DAY_WORDING.pl.smsBody);
    expect(screen.getByLabelText('Text message preview')).toHaveTextContent(
      'Zofia nie ma w szkole (rano, 4 marca 2025)',
    );
    fireEvent.change(polish, {
      target: { value: '{first_name}: nieobecność. Tel. {school_phone}.' },
    });
    expect(screen.getByText(/each text holds 70 characters, not 160/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save the Polish wording' }));
    expect(await screen.findByText('The Polish wording is saved.')).toBeInTheDocument();
    const put = server.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe('/api/parents/wording/pl');
    expect(put?.body).toEqual({
      schoolPhone: '01632 960000',
      smsBody: '{first_name}: nieobecność. Tel. {school_phone}.',
      emailSubject: DEFAULT_FIRST_DAY_WORDING.pl.emailSubject,
      emailBody: DEFAULT_FIRST_DAY_WORDING.pl.emailBody,
    });
  });
});

describe('replies from the family', () => {
  it('shows each reply with who wrote, the message it answers and the text as written', async () => {
    const server = fakeAdminServer(() =>
      ok(pupilRepliesResponseSchema, {
        replies: [
          {
            id: '0b6e8a4e-2f52-4c1e-9c55-6d8f1f9a1c11',
            messageId: '0b6e8a4e-2f52-4c1e-9c55-6d8f1f9a1c12',
            session: { date: '2025-03-04', part: 'AM' },
            from: 'grandad@family.example',
            fromContact: false,
            subject: 'Re: Absence',
            text: 'Her mum is at the hospital with her.\nBack Thursday.',
            at: '2025-03-04T09:15:00.000Z',
          },
        ],
      }),
    );
    render(
      <FamilyReplies
        pupilId="0b6e8a4e-2f52-4c1e-9c55-6d8f1f9a1c13"
        staffId={STAFF}
        fetch={server.fetch}
      />,
    );
    expect(await screen.findByText(/Her mum is at the hospital with her/)).toBeInTheDocument();
    expect(
      screen.getByText(
        /answering the first-day email about the morning of 4 March 2025 \(not the address it was sent to\)/,
      ),
    ).toBeInTheDocument();
    expect(server.requests[0]?.path).toBe('/api/parents/replies');
  });
});
