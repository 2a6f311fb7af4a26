import { fillPath } from './endpoint';
import * as core from './endpoints/coreEndpoints';

/** Every API path starts here; each endpoint's own path is in its definition (endpoints/). */
export const API_PREFIX = '/api';

/**
 * Header naming the staff member using the device. A shared tablet keeps one server session (the
 * last online sign-in) for everyone who unlocks it with a PIN, so the server refuses a request
 * whose header names someone other than the session's owner.
 */
export const STAFF_HEADER = 'X-Tickmark-Staff';

/**
 * The core endpoints' paths by short name, read from their definitions
 * (endpoints/coreEndpoints.ts), and the prefixes the sync and pupil routes share. Tests still
 * address the core endpoints by these names; a path is written only in its definition.
 */
export const ROUTES = {
  health: core.health.path,
  signIn: core.signIn.path,
  signOut: core.signOut.path,
  me: core.me.path,
  adminDevices: core.listDevices.path,
  adminRevokeDevice: core.revokeDevice.path,
  adminRenameDevice: core.renameDevice.path,
  syncBase: `${API_PREFIX}/sync`,
  syncPush: core.syncPush.path,
  syncPull: core.syncPull.path,
  syncSnapshot: core.syncSnapshot.path,
  pupilsBase: `${API_PREFIX}/pupils`,
  pupilEntries: core.pupilEntries.path,
} as const;

/** Fills the `:name` placeholders of a path with (URI-encoded) values: the contract's `fillPath`. */
export const routePath = fillPath;
