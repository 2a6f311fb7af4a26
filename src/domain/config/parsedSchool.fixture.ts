/**
 * A school as its configuration is written (a small primary: autumn 2025, one INSET day) and
 * parsed by the domain's own parser, so the defaults (codes per role, thresholds) are the real
 * ones. Tests pass a patch for what they are about.
 */
import type { SchoolConfig } from './schoolConfig';
import { parseSchoolConfig } from './parseConfig';

export const RAW_TEST_SCHOOL = {
  id: 'test-school',
  name: 'Test Primary',
  timeZone: 'Europe/London',
  sessions: {
    AM: { start: '08:45', registerCloses: '09:15' },
    PM: { start: '13:00', registerCloses: '13:15' },
  },
  terms: [
    { name: 'Autumn 1', start: '2025-09-01', end: '2025-10-24' },
    { name: 'Autumn 2', start: '2025-11-03', end: '2025-12-19' },
  ],
  closures: [{ name: 'INSET day', from: '2025-10-17', to: '2025-10-17', parts: ['AM', 'PM'] }],
};

export function parsedSchool(patch: Record<string, unknown> = {}): SchoolConfig {
  const parsed = parseSchoolConfig({ ...RAW_TEST_SCHOOL, ...patch });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}
