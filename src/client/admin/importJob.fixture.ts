/** Import jobs and previews shaped (and checked) by the contract, for the admin screen tests. */
import {
  importJobSchema,
  importPreviewSchema,
  type ImportJob,
  type ImportPreview,
} from '../../shared/api/dataSchemas';
import { ADMIN } from './adminServer.fixture';

export const IMPORT_ID = '00000000-0000-4000-8000-0000000e0001';

export const YEAR_SEVEN_ERROR = "row 14: year group 'Year Seven' is not one of N1, N2, R, 1–13";

export function importJob(patch: Partial<ImportJob> = {}): ImportJob {
  return importJobSchema.parse({
    id: IMPORT_ID,
    kind: 'pupils',
    fileName: 'pupils.csv',
    state: 'uploading',
    createdAt: '2025-10-06T09:00:00.000Z',
    createdBy: { id: ADMIN.staffId, name: ADMIN.name },
    receivedChars: 0,
    effectiveDate: null,
    preview: null,
    rowsDone: 0,
    rowsTotal: 0,
    phase: null,
    skipBadRows: false,
    result: null,
    error: null,
    finishedAt: null,
    wholeRoll: false,
    undoableUntil: null,
    undoneAt: null,
    undoneBy: null,
    ...patch,
  });
}

/** Three pupils: one new, one changed, one with a year group the server cannot read. */
export function previewWithOneBadRow(patch: Partial<ImportPreview> = {}): ImportPreview {
  return importPreviewSchema.parse({
    rowsTotal: 3,
    rowsValid: 2,
    rowsWithErrors: 1,
    errors: [{ row: 14, column: 'Year group', value: 'Year Seven', message: YEAR_SEVEN_ERROR }],
    warnings: ['The column “Shoe size” is not used and was ignored.'],
    columns: [
      { header: 'UPN', field: 'upn' },
      { header: 'Shoe size', field: null },
    ],
    changes: { new: 1, updated: 1, unchanged: 0, leavers: 2, groupsNew: 1, skippedRows: 0 },
    changeList: [
      { row: 2, change: 'new', key: 'A123456789012', label: 'Ada Adams', details: [] },
      {
        row: 3,
        change: 'updated',
        key: 'B123456789012',
        label: 'Ben Brown',
        details: ['registration group 6A → 6B'],
      },
      { row: null, change: 'leaver', key: 'C123456789012', label: 'Cat Clark', details: [] },
    ],
    ...patch,
  });
}
