import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bankHolidaysResponseSchema,
  calendarResponseSchema,
  type CalendarResponse,
} from '../../shared/api/dataSchemas';
import type { AppDb } from '../db/appDb';
import { freshDb } from '../testSupport.fixture';
import { fakeAdminServer, ok, refused, sectionProps } from './adminServer.fixture';
import { CalendarPanel } from './CalendarPanel';
import * as dataApi from '../../shared/api/endpoints/dataEndpoints';

let db: AppDb;
afterEach(() => {
  cleanup();
  db.close();
});

const SAVED: CalendarResponse = {
  calendar: {
    terms: [
      { name: 'Autumn 1', start: '2025-09-01', end: '2025-10-24' },
      { name: 'Autumn 2', start: '2025-11-03', end: '2025-12-19' },
    ],
    closures: [{ name: 'INSET day', from: '2025-10-17', parts: ['AM', 'PM'] }],
    bankHolidays: ['2025-12-25', '2025-12-26'],
  },
  saved: false,
  warnings: [],
};

const FEED = {
  'england-and-wales': {
    division: 'england-and-wales',
    events: [{ title: 'Christmas Day', date: '2025-12-25', notes: '', bunting: true }],
  },
};

async function pickFile(user: ReturnType<typeof userEvent.setup>, label: string, file: File) {
  await user.upload(screen.getByLabelText(label), file);
  expect(
    await screen.findByText(new RegExp(`^${file.name.replace('.', '\\.')}, `)),
  ).toBeInTheDocument();
}

describe('term dates and closures', { timeout: 30_000 }, () => {
  it('shows the saved terms and closures', async () => {
    db = freshDb();
    const server = fakeAdminServer(() => ok(calendarResponseSchema, SAVED));
    const { props } = sectionProps(db, server.fetch);
    render(<CalendarPanel {...props} />);

    const terms = await screen.findByRole('table', { name: 'Saved: terms (2)' });
    expect(within(terms).getByRole('rowheader', { name: 'Autumn 2' })).toBeInTheDocument();
    const closures = screen.getByRole('table', { name: 'Saved: closures and INSET days (1)' });
    expect(within(closures).getByText('Whole day')).toBeInTheDocument();
    expect(within(closures).getByText('Whole school')).toBeInTheDocument();
  });

  it('checks a bank-holidays.json file first and saves it only when asked', async () => {
    db = freshDb();
    const server = fakeAdminServer((request) => {
      if (request.path === dataApi.getCalendar.path) return ok(calendarResponseSchema, SAVED);
      const { dryRun } = request.body as { dryRun: boolean };
      return ok(bankHolidaysResponseSchema, {
        bankHolidays: ['2025-12-25'],
        added: [],
        removed: ['2025-12-26'],
        saved: !dryRun,
      });
    });
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<CalendarPanel {...props} />);
    await screen.findByRole('table', { name: 'Saved: terms (2)' });

    await pickFile(
      user,
      'bank-holidays.json file',
      new File([JSON.stringify(FEED)], 'bank-holidays.json', { type: 'application/json' }),
    );
    await user.click(screen.getByRole('button', { name: 'Check the bank holidays' }));

    expect(await screen.findByText(/1 day to remove: Fri, 26 Dec 2025\./)).toBeInTheDocument();
    const posts = () => server.requests.filter((r) => r.path === dataApi.importBankHolidays.path);
    expect(posts().map((r) => r.body)).toEqual([{ feed: FEED, dryRun: true }]);

    await user.click(screen.getByRole('button', { name: 'Save the bank holidays' }));
    expect(await screen.findByText('Saved: 0 days added, 1 day removed.')).toBeInTheDocument();
    expect(posts().map((r) => (r.body as { dryRun: boolean }).dryRun)).toEqual([true, false]);
  });

  it('a term-dates file the configuration refuses shows each problem and saves nothing', async () => {
    db = freshDb();
    const server = fakeAdminServer((request) => {
      if (request.path === dataApi.getCalendar.path) return ok(calendarResponseSchema, SAVED);
      return refused(
        400,
        'invalid_request',
        'The calendar was not saved: row 3: “31/02/2026” is not a date.',
        {
          issues: [{ path: 'terms.1', message: 'ends before it starts' }],
          rowErrors: [
            {
              row: 3,
              column: 'From',
              value: '31/02/2026',
              message: 'row 3: “31/02/2026” is not a date.',
            },
          ],
        },
      );
    });
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<CalendarPanel {...props} />);
    await screen.findByRole('table', { name: 'Saved: terms (2)' });

    await pickFile(
      user,
      'Term dates CSV file',
      new File(['Type,Name,From,To\r\nterm,Spring 1,31/02/2026,13/02/2026\r\n'], 'terms.csv', {
        type: 'text/csv',
      }),
    );
    await user.click(screen.getByRole('button', { name: 'Check the file' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'The calendar was not saved: row 3: “31/02/2026” is not a date.',
    );
    expect(alert).toHaveTextContent('terms.1: ends before it starts');
    expect(alert).toHaveTextContent('Nothing was saved.');
    expect(
      screen.queryByRole('button', { name: 'Save these term dates and closures' }),
    ).not.toBeInTheDocument();
  });
});
