/**
 * The DfE benchmarks (docs/api.md, "Benchmarks"): the school's figures beside the DfE's published
 * ones. Office, attendance lead and admin, as the school summary; a teacher gets 403. The figures
 * name no pupil. They are loaded with the command line (`npm run cli -- benchmarks load`).
 */
import { benchmarkQuerySchema, benchmarkResponseSchema } from '../benchmarkSchemas';
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

export const BENCHMARK_ENDPOINTS = [comparison] as const;
