/**
 * The DfE benchmarks (docs/api.md, "Benchmarks"): the school's figures beside the DfE's published
 * ones. Office, attendance lead and admin, as the school summary; a teacher gets 403. The figures
 * name no pupil. An admin loads them with the command line (`npm run cli -- benchmarks load`) or
 * uploads the file (`upload`).
 */
import {
  benchmarkQuerySchema,
  benchmarkResponseSchema,
  benchmarkUploadQuerySchema,
  benchmarkUploadResponseSchema,
} from '../benchmarkSchemas';
import { defineEndpoint, jsonResponse } from '../endpoint';

export const comparison = defineEndpoint({
  name: 'reports.benchmarks',
  method: 'GET',
  path: '/api/reports/benchmarks',
  summary: "The school's attendance beside the DfE's national, regional and local figures.",
  access: { roles: ['office', 'attendance_lead', 'admin'] },
  query: benchmarkQuerySchema,
  response: jsonResponse(benchmarkResponseSchema),
  errors: [],
});

/**
 * An admin loads a downloaded DfE file, as the command line's `benchmarks load` does: the whole
 * file as the body (up to MAX_BENCHMARK_FILE_BYTES), all or nothing.
 */
export const upload = defineEndpoint({
  name: 'admin.benchmarks.upload',
  method: 'POST',
  path: '/api/admin/benchmarks',
  summary: "Loads a DfE absence data file's figures, all or nothing.",
  access: { roles: ['admin'] },
  query: benchmarkUploadQuerySchema,
  body: { kind: 'text', mediaType: 'text/csv' },
  response: jsonResponse(benchmarkUploadResponseSchema),
  errors: [],
});

export const BENCHMARK_ENDPOINTS = [comparison, upload] as const;
