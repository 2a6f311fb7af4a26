import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { importJobResponseSchema, importListResponseSchema } from '../../shared/api/dataSchemas';
import { routePath } from '../../shared/api/routes';
import type { AppDb } from '../db/appDb';
import { freshDb } from '../testSupport.fixture';
import { fakeAdminServer, ok, refused, sectionProps, type Handler } from './adminServer.fixture';
import { IMPORT_ID, importJob, previewWithOneBadRow } from './importJob.fixture';
import { ImportFlow } from './ImportFlow';
import * as dataApi from '../../shared/api/endpoints/dataEndpoints';

const CSV = 'UPN,Legal surname,Year group\r\nA123456789012,Adams,6\r\n';
const previewPath = routePath(dataApi.previewImport.path, { id: IMPORT_ID });
const confirmPath = routePath(dataApi.confirmImport.path, { id: IMPORT_ID });

let db: AppDb;
afterEach(() => {
  cleanup();
  db.close();
});

/** A whole-roll preview taking 2 of 3 pupils off roll (more than 5 %). */
const WHOLE_ROLL_PREVIEW = previewWithOneBadRow({
  rowsWithErrors: 0,
  rowsValid: 3,
  errors: [],
  wholeRoll: true,
  rollSize: 3,
  leaverConfirmation: true,
  leavers: [
    { upn: 'C123456789012', name: 'Cat Clark', leavingDate: '2025-10-06' },
    { upn: 'D123456789012', name: 'Dan Dodd', leavingDate: '2025-10-06' },
  ],
});

const DONE_EARLIER = importJob({
  id: '00000000-0000-4000-8000-0000000e0003',
  fileName: 'roll-september.csv',
  state: 'done',
  result: { new: 0, updated: 0, unchanged: 3, leavers: 0, groupsNew: 0, skippedRows: 0 },
  finishedAt: '2025-10-05T15:00:00.000Z',
  undoableUntil: '2025-10-12T15:00:00.000Z',
});

function server(undone: { value: boolean }) {
  const handler: Handler = (request) => {
    if (request.method === 'GET' && request.path === dataApi.listImports.path) {
      const job = undone.value
        ? {
            ...DONE_EARLIER,
            undoableUntil: null,
            undoneAt: '2025-10-06T09:00:00.000Z',
            undoneBy: DONE_EARLIER.createdBy,
          }
        : DONE_EARLIER;
      return ok(importListResponseSchema, { imports: [job] });
    }
    if (request.method === 'POST' && request.path === dataApi.listImports.path) {
      return ok(importJobResponseSchema, { import: importJob({ wholeRoll: true }) }, 201);
    }
    if (request.method === 'POST' && request.path === previewPath) {
      return ok(importJobResponseSchema, {
        import: importJob({ state: 'previewed', wholeRoll: true, preview: WHOLE_ROLL_PREVIEW }),
      });
    }
    if (request.method === 'POST' && request.path === confirmPath) {
      return ok(
        importJobResponseSchema,
        { import: importJob({ state: 'running', rowsTotal: 2 }) },
        202,
      );
    }
    if (
      request.method === 'POST' &&
      request.path === routePath(dataApi.undoImport.path, { id: DONE_EARLIER.id })
    ) {
      undone.value = true;
      return ok(importJobResponseSchema, { import: DONE_EARLIER });
    }
    return refused(404, 'not_found', 'No such endpoint.');
  };
  return fakeAdminServer(handler);
}

describe('a whole-roll pupils import', { timeout: 30_000 }, () => {
  it('is chosen on purpose, lists the leavers, and is written only once their number is typed', async () => {
    db = freshDb();
    const fake = server({ value: false });
    const { props } = sectionProps(db, fake.fetch);
    const user = userEvent.setup();
    render(<ImportFlow {...props} kind="pupils" help={null} askEffectiveDate />);

    expect(
      screen.getByRole('radio', { name: 'Add and update only: nobody leaves the roll' }),
    ).toBeChecked();
    await user.upload(
      screen.getByLabelText('CSV file to import'),
      new File([CSV], 'pupils.csv', { type: 'text/csv' }),
    );
    await user.click(
      screen.getByRole('radio', {
        name: 'This file is our whole roll: pupils missing from it become leavers',
      }),
    );
    await user.click(screen.getByRole('button', { name: 'Check the file' }));

    expect(
      await screen.findByText(/^Cat Clark \(C123456789012\), leaving date .*2025$/),
    ).toBeInTheDocument();
    expect(screen.getByText(/Dan Dodd/)).toBeInTheDocument();
    const created = fake.requests.find(
      (r) => r.method === 'POST' && r.path === dataApi.listImports.path,
    );
    expect(created?.body).toMatchObject({ kind: 'pupils', wholeRoll: true });

    const confirm = screen.getByRole('button', { name: 'Import 3 rows' });
    expect(confirm).toBeDisabled();
    expect(confirm).toHaveAccessibleDescription(
      'This would take 2 pupils of the 3 on roll off it. Read the names, and type 2 if they really have all left.',
    );
    const typed = screen.getByLabelText('Type the number of pupils leaving (2) to confirm');
    await user.type(typed, '3');
    expect(confirm).toBeDisabled();
    await user.clear(typed);
    await user.type(typed, '2');
    expect(confirm).toBeEnabled();
    await user.click(confirm);
    expect(fake.requests.filter((r) => r.path === confirmPath).map((r) => r.body)).toEqual([
      { skipBadRows: false, confirmLeavers: 2 },
    ]);
  });

  it('a done import can be undone from the recent imports list', async () => {
    db = freshDb();
    const fake = server({ value: false });
    const { props } = sectionProps(db, fake.fetch);
    const user = userEvent.setup();
    render(<ImportFlow {...props} kind="pupils" help={null} askEffectiveDate />);

    await user.click(await screen.findByRole('button', { name: /^Undo this import \(until / }));
    expect(await screen.findByText(/“roll-september\.csv” was undone/)).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByText(/^Undone .*: the roll is as it was before$/)).toBeInTheDocument(),
    );
    expect(screen.queryByRole('button', { name: /^Undo this import/ })).not.toBeInTheDocument();
  });
});
