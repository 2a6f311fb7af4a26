import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import {
  absenceReportResponseSchema,
  absenceReportsResponseSchema,
  parentChildrenResponseSchema,
  parentLinkResponseSchema,
} from '../../shared/api/parentSchemas';
import { fakeAdminServer, ok, refused } from '../admin/adminServer.fixture';
import { ParentPage } from './ParentPage';

afterEach(cleanup);

const PUPIL = '0b6e8a4e-2f52-4c1e-9c55-6d8f1f9a1c01';
const REPORT = '0b6e8a4e-2f52-4c1e-9c55-6d8f1f9a1c02';
const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';

describe('the parent page', { timeout: 30_000 }, () => {
  it('asks a signed-out parent for their email and says a link may be on its way', async () => {
    const server = fakeAdminServer((request) => {
      if (request.path === '/api/parent/children')
        return refused(401, 'not_signed_in', 'You are not signed in.');
      return ok(parentLinkResponseSchema, { status: 'sent_if_known' }, 202);
    });
    const user = userEvent.setup();
    render(<ParentPage token="" fetch={server.fetch} />);
    await user.type(await screen.findByLabelText('Your email address'), 'amira@family.example');
    await user.click(screen.getByRole('button', { name: 'Email me a sign-in link' }));
    expect(await screen.findByRole('heading', { name: 'Check your email' })).toBeInTheDocument();
    expect(server.requests.find((r) => r.path === '/api/parent/link')?.body).toEqual({
      email: 'amira@family.example',
    });
  });

  it('signs in with the link, offers only the parent’s children, and sends a report', async () => {
    const server = fakeAdminServer((request) => {
      if (request.path === '/api/parent/sign-in') {
        return ok(parentChildrenResponseSchema, {
          children: [
            {
              pupilId: PUPIL,
              firstName: 'Ada',
              schoolName: 'Oakfield Primary',
              language: 'en-GB',
              attendance: {
                term: { sessionsPossible: 80, sessionsMissed: 3 },
                year: { sessionsPossible: 200, sessionsMissed: 4 },
              },
            },
          ],
        });
      }
      if (request.path === '/api/parent/absences' && request.method === 'GET')
        return ok(absenceReportsResponseSchema, { reports: [] });
      return ok(
        absenceReportResponseSchema,
        {
          report: {
            id: REPORT,
            pupilId: PUPIL,
            pupilName: 'Ada Brook',
            reportedBy: { name: 'Amira Khan', relationship: 'Mother' },
            from: '2025-03-04',
            to: '2025-03-04',
            reason: 'A temperature',
            expectedReturn: null,
            at: '2025-03-04T08:00:00.000Z',
            status: 'new',
            entriesChanged: null,
          },
        },
        201,
      );
    });
    const user = userEvent.setup();
    render(<ParentPage token={TOKEN} fetch={server.fetch} />);
    expect(await screen.findByRole('heading', { name: 'Report an absence' })).toBeInTheDocument();
    expect(screen.getAllByRole('radio')).toHaveLength(1);
    // In days, not percentages.
    expect(screen.getByText('This term Ada has missed 1½ days of school.')).toBeInTheDocument();
    expect(
      screen.getByText('This school year Ada has missed 2 days of school.'),
    ).toBeInTheDocument();
    await user.type(screen.getByLabelText('Reason'), 'A temperature');
    await user.click(screen.getByRole('button', { name: 'Send to the school' }));
    expect(
      await screen.findByText('Thank you. The school has your report about Ada.'),
    ).toBeInTheDocument();
    const sent = server.requests.find(
      (r) => r.path === '/api/parent/absences' && r.method === 'POST',
    );
    expect(sent?.body).toMatchObject({
      pupilId: PUPIL,
      reason: 'A temperature',
      expectedReturn: null,
    });
    expect(server.requests[0]).toMatchObject({
      path: '/api/parent/sign-in',
      body: { token: TOKEN },
    });
  });

  it('says plainly when the link has expired', async () => {
    const server = fakeAdminServer(() =>
      refused(
        410,
        'link_invalid',
        'This sign-in link has expired or has been used already. Ask for a new one on the parent page.',
      ),
    );
    render(<ParentPage token={TOKEN} fetch={server.fetch} />);
    expect(await screen.findByRole('alert')).toHaveTextContent(/expired or has been used/);
    expect(screen.getByLabelText('Your email address')).toBeInTheDocument();
  });
});

describe('the parent page in the family’s language', () => {
  it('speaks Polish to a family whose preferred language is Polish', async () => {
    const server = fakeAdminServer((request) => {
      if (request.path === '/api/parent/absences')
        return ok(absenceReportsResponseSchema, { reports: [] });
      return ok(parentChildrenResponseSchema, {
        children: [
          {
            pupilId: PUPIL,
            firstName: 'Zofia',
            schoolName: 'Oakfield Primary',
            language: 'pl',
            attendance: { term: null, year: { sessionsPossible: 200, sessionsMissed: 2 } },
          },
        ],
      });
    });
    render(<ParentPage token="" fetch={server.fetch} />);
    expect(await screen.findByRole('heading', { name: 'Zgłoś nieobecność' })).toBeInTheDocument();
    expect(
      screen.getByText('W tym roku szkolnym Zofia: opuszczone 1 dzień szkoły.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Wyślij do szkoły' })).toBeInTheDocument();
  });
});
