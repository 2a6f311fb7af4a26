/**
 * Every endpoint of the API, grouped by room. Import a room's definitions by name
 * (`import { today } from '…/endpoints/officeEndpoints'`), or the whole list here: the server
 * checks it serves exactly these (test/tooling/apiContract.test.ts) and the OpenAPI document is
 * generated from it.
 */
import type { Endpoint } from '../endpoint';
import { ACCOUNT_ENDPOINTS } from './accountEndpoints';
import { CASEWORK_ENDPOINTS, PART_TIME_ENDPOINTS } from './caseworkEndpoints';
import { CORE_ENDPOINTS } from './coreEndpoints';
import { DATA_ENDPOINT_LIST } from './dataEndpoints';
import { OFFICE_ENDPOINT_LIST } from './officeEndpoints';
import { PARENT_ENDPOINTS } from './parentEndpoints';
import { OIDC_ENDPOINTS } from './oidcEndpoints';
import { PHOTO_ENDPOINTS } from './photoEndpoints';
import { REPORT_ENDPOINTS } from './reportEndpoints';
import { SETTINGS_ENDPOINTS } from './settingsEndpoints';
import { SETUP_ENDPOINTS } from './setupEndpoints';
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
  ...MIS_ENDPOINTS,
];
