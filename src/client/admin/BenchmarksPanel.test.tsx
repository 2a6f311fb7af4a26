import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { benchmarkUploadResponseSchema } from '../../shared/api/benchmarkSchemas';
import * as benchmarks from '../../shared/api/endpoints/benchmarkEndpoints';
import type { AppDb } from '../db/appDb';
import { freshDb } from '../testSupport.fixture';
import { fakeAdminServer, ok, refused, sectionProps } from './adminServer.fixture';
import { BenchmarksPanel } from './BenchmarksPanel';

let db: AppDb;
afterEach(() => {
  cleanup();
  db.close();
});

const CSV = 'time_period,time_identifier,geographic_level\r\n202425,Autumn term,National\r\n';

async function loadFile(user: ReturnType<typeof userEvent.setup>) {
  await user.upload(
    screen.getByLabelText('DfE data file (CSV)'),
    new File([CSV], 'absence_by_characteristic.csv', { type: 'text/csv' }),
  );
  await screen.findByText(/^absence_by_characteristic\.csv, /);
  await user.click(screen.getByRole('button', { name: 'Load the figures' }));
}

describe('loading the DfE figures', { timeout: 30_000 }, () => {
  it('sends the file with its name and publication, and says what was loaded and left out', async () => {
    db = freshDb();
    const server = fakeAdminServer(() =>
      ok(benchmarkUploadResponseSchema, {
        loaded: true,
        fileName: 'absence_by_characteristic.csv',
        publication: 'Pupil absence in schools in England: autumn term',
        rowsRead: 11,
        kept: 9,
        leftOut: [{ reason: 'figures suppressed', rows: 1 }],
        periods: ['Autumn term 2024/25'],
      }),
    );
    const user = userEvent.setup();
    render(<BenchmarksPanel {...sectionProps(db, server.fetch).props} />);
    const publication = screen.getByRole('textbox', { name: 'Publication' });
    await user.type(publication, ': autumn term');
    await loadFile(user);

    expect(
      await screen.findByText(
        'Loaded absence_by_characteristic.csv (Pupil absence in schools in England: autumn term): 9 figures from 11 rows, for Autumn term 2024/25.',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('list', { name: 'Rows left out' })).getByRole('listitem'),
    ).toHaveTextContent('1 row: figures suppressed');
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(benchmarks.upload.path);
    expect(request?.query.get('fileName')).toBe('absence_by_characteristic.csv');
    expect(request?.query.get('publication')).toBe(
      'Pupil absence in schools in England: autumn term',
    );
    expect(request?.body).toBe(CSV);
    expect(new Headers(request?.headers).get('content-type')).toMatch(/^text\/csv/);
  });

  it('lists a malformed file’s problems with their line and column', async () => {
    db = freshDb();
    const server = fakeAdminServer(() =>
      ok(benchmarkUploadResponseSchema, {
        loaded: false,
        problems: [
          {
            line: 7,
            column: 'enrolments (column 14)',
            message: "'-5' is not a whole number of 0 or more (or a DfE symbol such as x or c)",
          },
          { line: 1, column: null, message: 'the header has no sess_possible column' },
        ],
      }),
    );
    const user = userEvent.setup();
    render(<BenchmarksPanel {...sectionProps(db, server.fetch).props} />);
    await loadFile(user);

    const problems = await screen.findByRole('list', { name: 'Problems' });
    expect(
      within(problems)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      "Line 7, enrolments (column 14): '-5' is not a whole number of 0 or more (or a DfE symbol such as x or c)",
      'Line 1: the header has no sess_possible column',
    ]);
    expect(screen.getByText(/The file was not loaded; nothing was changed/)).toBeInTheDocument();
  });

  it('says so when the server refuses', async () => {
    db = freshDb();
    const server = fakeAdminServer(() =>
      refused(413, 'payload_too_large', 'A DfE file may be at most 20 MB.'),
    );
    const user = userEvent.setup();
    render(<BenchmarksPanel {...sectionProps(db, server.fetch).props} />);
    await loadFile(user);
    expect(await screen.findByRole('alert')).toHaveTextContent('A DfE file may be at most 20 MB.');
  });
});
