import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { importJobResponseSchema, importListResponseSchema } from '../../shared/api/dataSchemas';
import { routePath } from '../../shared/api/routes';
import { STAFF_HEADER } from '../../shared/api/routes';
import type { AppDb } from '../db/appDb';
import { freshDb } from '../testSupport.fixture';
import { ADMIN_OFFLINE_MESSAGE } from './adminRequest';
import {
  ADMIN,
  fakeAdminServer,
  ok,
  refused,
  sectionProps,
  type Handler,
  type RecordedRequest,
} from './adminServer.fixture';
import { IMPORT_ID, importJob, previewWithOneBadRow, YEAR_SEVEN_ERROR } from './importJob.fixture';
import { IMPORT_POLL_MS, ImportFlow } from './ImportFlow';
import * as dataApi from '../../shared/api/endpoints/dataEndpoints';

const CSV = 'UPN,Legal surname,Year group\r\nA123456789012,Adams,6\r\n';

let db: AppDb;
afterEach(() => {
  cleanup();
  db.close();
});

/** An earlier attempt, listed under "Recent imports". */
const EARLIER_FAILED = importJob({
  id: '00000000-0000-4000-8000-0000000e0002',
  fileName: 'pupils-old.csv',
  state: 'failed',
  error: 'The database refused a row: try again.',
  finishedAt: '2025-10-05T15:00:00.000Z',
});

const previewPath = routePath(dataApi.previewImport.path, { id: IMPORT_ID });
const confirmPath = routePath(dataApi.confirmImport.path, { id: IMPORT_ID });
const jobPath = routePath(dataApi.getImport.path, { id: IMPORT_ID });

/** A server whose import has one bad row, and whose job then runs 0 → 1 → 2 of 2 rows. */
function importServer() {
  let polls = 0;
  const handler: Handler = (request) => {
    if (request.method === 'GET' && request.path === dataApi.listImports.path) {
      return ok(importListResponseSchema, { imports: [EARLIER_FAILED] });
    }
    if (request.method === 'POST' && request.path === dataApi.listImports.path) {
      return ok(importJobResponseSchema, { import: importJob() }, 201);
    }
    if (request.method === 'POST' && request.path === previewPath) {
      return ok(importJobResponseSchema, {
        import: importJob({ state: 'previewed', preview: previewWithOneBadRow() }),
      });
    }
    if (request.method === 'POST' && request.path === confirmPath) {
      return ok(
        importJobResponseSchema,
        {
          import: importJob({
            state: 'running',
            rowsTotal: 2,
            skipBadRows: true,
            phase: 'writing pupils',
          }),
        },
        202,
      );
    }
    if (request.method === 'GET' && request.path === jobPath) {
      polls += 1;
      return ok(importJobResponseSchema, {
        import:
          polls === 1
            ? importJob({
                state: 'running',
                rowsDone: 1,
                rowsTotal: 2,
                skipBadRows: true,
                phase: 'writing pupils',
              })
            : importJob({
                state: 'done',
                rowsDone: 2,
                rowsTotal: 2,
                skipBadRows: true,
                result: {
                  new: 1,
                  updated: 1,
                  unchanged: 0,
                  leavers: 2,
                  groupsNew: 1,
                  skippedRows: 1,
                },
                finishedAt: '2025-10-06T09:01:00.000Z',
              }),
      });
    }
    return refused(404, 'not_found', 'No such endpoint.');
  };
  return fakeAdminServer(handler);
}

async function chooseAndCheck(user: ReturnType<typeof userEvent.setup>) {
  await user.upload(
    screen.getByLabelText('CSV file to import'),
    new File([CSV], 'pupils.csv', { type: 'text/csv' }),
  );
  expect(await screen.findByText(/pupils\.csv, \d+ bytes/)).toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Check the file' }));
}

const posts = (requests: readonly RecordedRequest[]) => requests.filter((r) => r.method === 'POST');
const writes = (requests: readonly RecordedRequest[]) =>
  requests.filter((r) => r.path === confirmPath);

describe('importing pupils', { timeout: 30_000 }, () => {
  it('shows each bad row’s problem and blocks the import until the admin leaves bad rows out', async () => {
    db = freshDb();
    const server = importServer();
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<ImportFlow {...props} kind="pupils" help={null} askEffectiveDate />);

    await chooseAndCheck(user);

    const errors = await screen.findByRole('table', { name: 'Rows with problems' });
    expect(within(errors).getByText(YEAR_SEVEN_ERROR)).toBeInTheDocument();
    expect(within(errors).getByRole('rowheader', { name: '14' })).toBeInTheDocument();
    expect(screen.getByText('1 new pupil')).toBeInTheDocument();
    expect(screen.getByText('1 pupil updated')).toBeInTheDocument();
    expect(
      screen.getByText('2 leavers would be given a leaving date (no history is deleted)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The column “Shoe size” is not used and was ignored.'),
    ).toBeInTheDocument();

    const confirm = screen.getByRole('button', { name: 'Import 2 rows' });
    expect(confirm).toBeDisabled();
    expect(confirm).toHaveAccessibleDescription(
      '1 row has problems, so nothing will be imported. Fix the file and choose it again, or leave the bad rows out.',
    );
    // The file went up as one JSON body, was previewed, and nothing was confirmed.
    expect(posts(server.requests).map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST ${dataApi.listImports.path}`,
      `POST ${previewPath}`,
    ]);
    expect(posts(server.requests)[0]?.body).toEqual({
      kind: 'pupils',
      fileName: 'pupils.csv',
      csv: CSV,
    });
    expect(server.requests.every((r) => r.headers[STAFF_HEADER] === ADMIN.staffId)).toBe(true);
    expect(writes(server.requests)).toHaveLength(0);

    await user.click(
      screen.getByRole('checkbox', {
        name: 'Leave out the 1 row with problems and import the other 2 rows',
      }),
    );
    expect(confirm).toBeEnabled();
  });

  it('confirming sends the choice, shows the progress until the job is done, then a summary', async () => {
    db = freshDb();
    const server = importServer();
    const { props, timers } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<ImportFlow {...props} kind="pupils" help={null} />);

    await chooseAndCheck(user);
    await user.click(await screen.findByRole('checkbox', { name: /^Leave out the 1 row/ }));
    await user.click(screen.getByRole('button', { name: 'Import 2 rows' }));

    expect(writes(server.requests).map((r) => r.body)).toEqual([{ skipBadRows: true }]);
    const bar = await screen.findByRole('progressbar', {
      name: /^Importing pupils \(writing pupils\)/,
    });
    expect(bar).toHaveAttribute('value', '0');
    expect(screen.getByText('0 of 2 rows')).toBeInTheDocument();

    await act(async () => timers.advance(IMPORT_POLL_MS));
    expect(await screen.findByText('1 of 2 rows')).toBeInTheDocument();
    expect(screen.getByRole('progressbar')).toHaveAttribute('value', '1');

    await act(async () => timers.advance(IMPORT_POLL_MS));
    expect(await screen.findByRole('heading', { name: 'Import finished' })).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(screen.getByText('1 row with problems was left out')).toBeInTheDocument();
    expect(
      screen.getByText('2 leavers given a leaving date (no history is deleted)'),
    ).toBeInTheDocument();
    expect(timers.waiting).toEqual([]);
    // The list of recent imports is read again now that this one has ended.
    await waitFor(() =>
      expect(
        server.requests.filter((r) => r.method === 'GET' && r.path === dataApi.listImports.path),
      ).toHaveLength(2),
    );
    expect(
      screen.getByText('Stopped, nothing written: The database refused a row: try again.'),
    ).toBeInTheDocument();
  });

  it('a file-wide problem cannot be skipped: there is no import button to press', async () => {
    db = freshDb();
    const preview = previewWithOneBadRow({
      rowsValid: 0,
      rowsWithErrors: 3,
      errors: [
        {
          row: null,
          column: 'UPN',
          value: null,
          message: 'The file has no “UPN” column. Export the pupils again with the UPN included.',
        },
      ],
    });
    const server = fakeAdminServer((request) =>
      request.path === previewPath
        ? ok(importJobResponseSchema, { import: importJob({ state: 'previewed', preview }) })
        : ok(importJobResponseSchema, { import: importJob() }, 201),
    );
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<ImportFlow {...props} kind="pupils" help={null} />);

    await chooseAndCheck(user);

    expect(await screen.findByRole('rowheader', { name: 'Whole file' })).toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import 0 rows' })).toBeDisabled();
  });

  it('offline, it says plainly that the admin screens need a connection', async () => {
    db = freshDb();
    const server = fakeAdminServer(() => ({ offline: true }));
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<ImportFlow {...props} kind="marks" help={null} />);

    await chooseAndCheck(user);

    expect(await screen.findByRole('alert')).toHaveTextContent(ADMIN_OFFLINE_MESSAGE);
    expect(screen.getByRole('button', { name: 'Check the file' })).toBeEnabled();
  });

  it('refuses a spreadsheet saved as .xlsx before sending anything', async () => {
    db = freshDb();
    const server = importServer();
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup({ applyAccept: false });
    render(<ImportFlow {...props} kind="pupils" help={null} />);

    await user.upload(
      screen.getByLabelText('CSV file to import'),
      new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])], 'pupils.xlsx'),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      '“pupils.xlsx” is not a CSV text file (it looks like a spreadsheet or other binary file). Save or export it as CSV, then choose it again.',
    );
    expect(screen.getByRole('button', { name: 'Check the file' })).toBeDisabled();
    expect(posts(server.requests)).toHaveLength(0);
  });
});
