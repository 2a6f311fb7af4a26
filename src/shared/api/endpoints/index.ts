/**
 * Every endpoint of the API, grouped by room. Import a room's definitions by name
 * (`import { today } from '…/endpoints/officeEndpoints'`), or the whole list here: the server
 * checks it serves exactly these (test/tooling/apiContract.test.ts) and the OpenAPI document is
 * generated from it.
 */
import type { Endpoint } from '../endpoint';
import { ACCOUNT_ENDPOINTS } from './accountEndpoints';
import { BENCHMARK_ENDPOINTS } from './benchmarkEndpoints';
import {
  CASEWORK_ENDPOINTS,
  LETTER_EMAIL_ENDPOINTS,
  PART_TIME_ENDPOINTS,
  PENALTY_NOTICE_ENDPOINTS,
} from './caseworkEndpoints';
import { CASEWORK_IMPACT_ENDPOINTS } from './caseworkImpactEndpoints';
import { CORE_ENDPOINTS } from './coreEndpoints';
import { CTF_ENDPOINTS } from './ctfEndpoints';
import { DATA_ENDPOINT_LIST } from './dataEndpoints';
import { FAMILY_ENDPOINTS } from './familyEndpoints';
import { GOVERNOR_ENDPOINTS } from './governorEndpoints';
import { OFFICE_ENDPOINT_LIST } from './officeEndpoints';
import { PARENT_ENDPOINTS } from './parentEndpoints';
import { LEAVE_ENDPOINTS } from './leaveEndpoints';
import { OIDC_ENDPOINTS } from './oidcEndpoints';
import { PHOTO_ENDPOINTS } from './photoEndpoints';
import { REPORT_ENDPOINTS } from './reportEndpoints';
import { SETTINGS_ENDPOINTS } from './settingsEndpoints';
import { SETUP_ENDPOINTS } from './setupEndpoints';
import { STATUTORY_ENDPOINTS } from './statutoryEndpoints';
import { TRIP_ENDPOINTS } from './tripEndpoints';
import { MIS_ENDPOINTS } from './misEndpoints';

export const ENDPOINTS: readonly Endpoint[] = [
  ...CORE_ENDPOINTS,
  ...OFFICE_ENDPOINT_LIST,
  ...TRIP_ENDPOINTS,
  ...REPORT_ENDPOINTS,
  ...DATA_ENDPOINT_LIST,
  ...SETUP_ENDPOINTS,
  ...SETTINGS_ENDPOINTS,
  ...ACCOUNT_ENDPOINTS,
  ...PARENT_ENDPOINTS,
  ...OIDC_ENDPOINTS,
  ...PHOTO_ENDPOINTS,
  ...CASEWORK_ENDPOINTS,
  ...PART_TIME_ENDPOINTS,
  ...FAMILY_ENDPOINTS,
  ...STATUTORY_ENDPOINTS,
  ...LETTER_EMAIL_ENDPOINTS,
  ...PENALTY_NOTICE_ENDPOINTS,
  ...LEAVE_ENDPOINTS,
  ...CASEWORK_IMPACT_ENDPOINTS,
  ...CTF_ENDPOINTS,
  ...MIS_ENDPOINTS,
  ...BENCHMARK_ENDPOINTS,
  ...GOVERNOR_ENDPOINTS,
];
