import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { WEEK_SESSION_STATES } from '../../domain/index';
import {
  absenceReportResponseSchema,
  absenceReportsResponseSchema,
  parentChildrenResponseSchema,
  parentLinkResponseSchema,
} from '../../shared/api/parentSchemas';
import { parentCodeResponseSchema } from '../../shared/api/familySchemas';
import { fakeAdminServer, ok, refused } from '../admin/adminServer.fixture';
import { ParentPage } from './ParentPage';

afterEach(cleanup);

const PUPIL = '0b6e8a4e-2f52-4c1e-9c55-6d8f1f9a1c01';
const REPORT = '0b6e8a4e-2f52-4c1e-9c55-6d8f1f9a1c02';
const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';
const day = (date: string, am: WeekState, pm: WeekState) => [
  { date, part: 'AM' as const, state: am },
  { date, part: 'PM' as const, state: pm },
];
type WeekState = (typeof WEEK_SESSION_STATES)[number];
const WEEK = [
  ...day('2025-03-03', 'absent_no_reason', 'absent_authorised'),
  ...day('2025-03-04', 'late', 'not_marked'),
  ...day('2025-03-05', 'to_come', 'to_come'),
  ...day('2025-03-06', 'to_come', 'to_come'),
  ...day('2025-03-07', 'closed', 'closed'),
];

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
                schoolDayHours: 6.5,
                week: WEEK,
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
    // Each form (the absence report, the leave request) offers only the parent's one child.
    const childGroups = screen.getAllByRole('group', { name: 'Child' });
    expect(childGroups.length).toBeGreaterThan(0);
    for (const group of childGroups) expect(within(group).getAllByRole('radio')).toHaveLength(1);
    // In days and hours, not percentages.
    expect(
      screen.getByText('This term Ada has missed 1½ days of school (about 10 hours).'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('This school year Ada has missed 2 days of school (13 hours).'),
    ).toBeInTheDocument();
    // The week strip: each day a row, morning and afternoon in plain words.
    const week = screen.getByRole('table', { name: 'Ada’s week' });
    const monday = within(week).getByRole('row', { name: /Monday 3 March/ });
    expect(
      within(monday)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['Absent, no reason given yet', 'Absent, with the school’s permission']);
    const tuesday = within(week).getByRole('row', { name: /Tuesday 4 March/ });
    expect(
      within(tuesday)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['Late', 'Not marked yet']);
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
        return ok(absenceReportsResponseSchema, {
          reports: [
            {
              id: '9d7c8f3e-4b1a-4c2d-8e5f-0a1b2c3d4e5f',
              pupilId: PUPIL,
              pupilName: 'Zofia Nowak',
              reportedBy: { name: 'Anna Nowak', relationship: 'mother' },
              from: '2026-03-02',
              to: '2026-03-03',
              reason: 'Gorączka',
              expectedReturn: null,
              at: '2026-03-02T07:30:00Z',
              status: 'new',
              entriesChanged: null,
            },
          ],
        });
      return ok(parentChildrenResponseSchema, {
        children: [
          {
            pupilId: PUPIL,
            firstName: 'Zofia',
            schoolName: 'Oakfield Primary',
            language: 'pl',
            attendance: {
              term: null,
              year: { sessionsPossible: 200, sessionsMissed: 2 },
              schoolDayHours: 6.5,
              week: WEEK,
            },
          },
        ],
      });
    });
    render(<ParentPage token="" fetch={server.fetch} />);
    expect(await screen.findByRole('heading', { name: 'Zgłoś nieobecność' })).toBeInTheDocument();
    expect(
      screen.getByText('W tym roku szkolnym – Zofia: nieobecność przez 1 dzień (ok. 7 godzin).'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Wyślij do szkoły' })).toBeInTheDocument();
    const week = screen.getByRole('table', { name: 'Tydzień – Zofia' });
    expect(
      within(within(week).getByRole('row', { name: /poniedziałek, 3 marca/ }))
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['Nieobecność – brak wyjaśnienia', 'Nieobecność usprawiedliwiona']);
    // A report's days are written out in the page's language, never as 2026-03-02.
    expect(
      screen.getByText(/^Zofia Nowak: poniedziałek, 2 marca – wtorek, 3 marca ·/),
    ).toBeInTheDocument();
    // The leave section speaks the page's language too.
    expect(
      screen.getByRole('heading', { name: 'Wniosek o zwolnienie z zajęć' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Wyślij wniosek' })).toBeInTheDocument();
  });

  it('lets a signed-out parent choose Polish before signing in', async () => {
    const server = fakeAdminServer(() => refused(401, 'not_signed_in', 'You are not signed in.'));
    const user = userEvent.setup();
    render(<ParentPage token="" fetch={server.fetch} />);
    await user.click(await screen.findByRole('button', { name: 'Polski' }));
    expect(
      await screen.findByRole('heading', { name: 'Zgłoś nieobecność dziecka w szkole' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Polski' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByLabelText('Twój numer komórki')).toBeInTheDocument();
  });
});

describe('signing in with a code by text', () => {
  it('asks for the mobile, then the code, and signs the parent in', async () => {
    let signedIn = false;
    const server = fakeAdminServer((request) => {
      if (request.path === '/api/parent/children')
        return refused(401, 'not_signed_in', 'You are not signed in.');
      if (request.path === '/api/parent/code')
        return ok(parentCodeResponseSchema, { status: 'sent_if_known' }, 202);
      if (request.path === '/api/parent/code/sign-in') {
        if ((request.body as { code?: string }).code !== '123456')
          return refused(401, 'code_invalid', 'That code is not right.');
        signedIn = true;
        return ok(parentChildrenResponseSchema, {
          children: [
            {
              pupilId: PUPIL,
              firstName: 'Ada',
              schoolName: 'Oakfield Primary',
              language: 'en-GB',
              attendance: {
                term: null,
                year: { sessionsPossible: 10, sessionsMissed: 0 },
                schoolDayHours: 6.5,
                week: WEEK,
              },
            },
          ],
        });
      }
      return ok(absenceReportsResponseSchema, { reports: [] });
    });
    const user = userEvent.setup();
    render(<ParentPage token="" fetch={server.fetch} />);
    await user.type(await screen.findByLabelText('Your mobile number'), '07700 900123');
    await user.click(screen.getByRole('button', { name: 'Text me a sign-in code' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'If 07700 900123 is the number the school has for you, a six-digit code is on its way.',
    );
    await user.type(screen.getByLabelText('The six-digit code'), '654321');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('That code is not right.');
    await user.clear(screen.getByLabelText('The six-digit code'));
    await user.type(screen.getByLabelText('The six-digit code'), '123456');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Report an absence' })).toBeInTheDocument();
    expect(signedIn).toBe(true);
    expect(screen.getByText('This school year Ada has not missed any school.')).toBeInTheDocument();
    expect(server.requests.find((r) => r.path === '/api/parent/code')?.body).toEqual({
      phone: '07700 900123',
    });
  });
});
