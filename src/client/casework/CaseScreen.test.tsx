import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, configure, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '../db/appDb';
import { putRoster } from '../ui/screens.fixture';
import { freshDb } from '../testSupport.fixture';
import {
  ADA,
  caseAction,
  FakeCaseworkServer,
  LEAD_ID,
  PARENTS,
  renderCasework,
} from './caseworkServer.fixture';

configure({ asyncUtilTimeout: 10_000 });

let db: AppDb;
beforeEach(async () => {
  db = freshDb();
  await putRoster(db);
});
afterEach(() => {
  cleanup();
  db.close();
});

describe('CaseworkSection: a pupil’s case', () => {
  it('opens from the day’s list: timeline newest first, add an action, record one done', async () => {
    const user = userEvent.setup();
    const server = new FakeCaseworkServer();
    server.actions = [
      caseAction({
        pupilId: ADA.id,
        title: 'Phone call home',
        status: 'done',
        dueOn: '2025-09-02',
        doneOn: '2025-09-02',
        notes: 'Mum says Ada has had a cold.',
      }),
      caseAction({ pupilId: ADA.id, kind: 'meeting', title: 'Attendance meeting' }),
    ];
    renderCasework(db, server.fetch);
    await user.click(
      (await screen.findAllByRole('button', { name: 'Open Ada Adams’s case' }))[0] as HTMLElement,
    );
    expect(await screen.findByRole('heading', { name: 'Ada Adams' })).toBeVisible();
    expect(
      screen.getByText(/Letters go to: Jane Adams \(Mother\); John Adams \(Father, no email\)/),
    ).toBeVisible();
    const timeline = screen.getByRole('list', { name: 'Actions, newest first' });
    const cards = within(timeline).getAllByRole('listitem');
    expect(cards[0]).toHaveTextContent('Planned Attendance meeting (Meeting)');
    expect(cards[1]).toHaveTextContent('Done Phone call home (Phone call)');
    expect(cards[1]).toHaveTextContent('Mum says Ada has had a cold.');

    // Add an action by hand.
    await user.selectOptions(screen.getByLabelText('Kind of action'), 'support_plan');
    await user.type(screen.getByLabelText('Title (optional)'), 'Morning routine plan');
    await user.click(screen.getByRole('button', { name: 'Add action' }));
    expect(
      await screen.findByText('Morning routine plan added to Ada Adams’s case.'),
    ).toBeVisible();
    const added = server.requests.find((r) => r.method === 'POST');
    expect(added?.body).toMatchObject({
      kind: 'support_plan',
      title: 'Morning routine plan',
      dueOn: '2025-09-08',
      ownerId: LEAD_ID,
    });
    expect(
      await within(screen.getByRole('list', { name: 'Actions, newest first' })).findByText(
        'Morning routine plan',
      ),
    ).toBeVisible();

    // Record the meeting done today.
    await user.click(screen.getByRole('button', { name: 'Record Attendance meeting done today' }));
    expect(
      await screen.findByText('Attendance meeting recorded done on 8 September 2025.'),
    ).toBeVisible();
    expect(server.requests.find((r) => r.method === 'PUT')?.body).toEqual({
      status: 'done',
      doneOn: '2025-09-08',
    });
  });

  it('makes a letter from a template, offers the PDF to print, and emails it to the parents', async () => {
    const user = userEvent.setup();
    const server = new FakeCaseworkServer();
    server.actions = [caseAction({ pupilId: ADA.id, kind: 'letter', title: 'Stage one letter' })];
    renderCasework(db, server.fetch);
    await user.click(await screen.findByRole('button', { name: 'Open Ada Adams’s case' }));
    await user.click(await screen.findByRole('button', { name: 'Letters for Stage one letter' }));
    await user.selectOptions(await screen.findByLabelText('Letter template'), 'stage-1');
    await user.click(screen.getByRole('button', { name: 'Preview the letter' }));
    const preview = await screen.findByRole('region', { name: 'Letter preview' });
    expect(preview).toHaveTextContent('To Jane Adams and John Adams');
    expect(preview).toHaveTextContent('Dear Jane Adams and John Adams,');
    expect(
      server.requests.some((r) => r.path.endsWith('/letters/preview') && r.method === 'POST'),
    ).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Make the letter (PDF)' }));
    expect(
      await screen.findByText(
        /Letter made: stage-1-Ada-Adams-2025-09-08.pdf, to Jane Adams and John Adams/,
      ),
    ).toBeVisible();
    const open = await screen.findByRole('link', {
      name: 'Open stage-1-Ada-Adams-2025-09-08.pdf to print or save',
    });
    expect(open.getAttribute('href')).toMatch(/^\/api\/casework\/letters\/[0-9a-f-]{36}$/);

    await user.click(
      screen.getByRole('button', { name: 'Email stage-1-Ada-Adams-2025-09-08.pdf to the parents' }),
    );
    expect(
      await screen.findByText(
        'The letter was emailed to Jane Adams. Some parents were not emailed: see below.',
      ),
    ).toBeVisible();
    const emails = await screen.findByRole('list', {
      name: 'Emails of stage-1-Ada-Adams-2025-09-08.pdf',
    });
    const rows = within(emails).getAllByRole('listitem');
    expect(rows[0]).toHaveTextContent(`Emailed: Jane Adams (${PARENTS[0].email})`);
    expect(rows[1]).toHaveTextContent('Not emailed: John Adams');
    expect(rows[1]).toHaveTextContent('the school holds no email address for them');
  });

  it('shows the penalty-notice rule’s words when a step is refused', async () => {
    const user = userEvent.setup();
    const server = new FakeCaseworkServer();
    server.notices = [
      {
        id: '00000000-0000-4000-8000-0000000ee001',
        pupil: ADA,
        parent: { contactId: PARENTS[0].id, name: 'Jane Adams' },
        actionId: null,
        stage: 'considered',
        steps: [
          {
            stage: 'considered',
            on: '2025-09-01',
            periodEnds: null,
            ordinal: null,
            amountPence: null,
            reason: null,
            recordedBy: { id: LEAD_ID, name: 'Mrs Lead' },
            recordedAt: '2025-09-01T09:00:00.000Z',
          },
        ],
        next: ['notice_to_improve', 'issued', 'withdrawn'],
        reducedBy: null,
        payBy: null,
      },
    ];
    server.refuseNextStep =
      'This parent has already had 2 penalty notices for this child since 1 October 2024, and a third cannot be issued within 3 years of the first (until 1 October 2027).';
    renderCasework(db, server.fetch);
    await user.click(await screen.findByRole('button', { name: 'Penalty notices' }));
    expect(await screen.findByText('Considered 1 September 2025')).toBeVisible();
    await user.selectOptions(screen.getByLabelText('Next step'), 'issued');
    await user.click(screen.getByRole('button', { name: 'Record the next step for Jane Adams' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'a third cannot be issued within 3 years of the first (until 1 October 2027)',
    );
  });
});
