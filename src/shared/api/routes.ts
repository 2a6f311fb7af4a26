/** Every API path lives here so that client and server cannot drift apart. */
export const API_PREFIX = '/api';

/**
 * Header naming the staff member using the device. A shared tablet keeps one server session (the
 * last online sign-in) for everyone who unlocks it with a PIN, so the server refuses a request
 * whose header names someone other than the session's owner.
 */
export const STAFF_HEADER = 'X-Tickmark-Staff';

export const ROUTES = {
  health: `${API_PREFIX}/health`,
  signIn: `${API_PREFIX}/auth/sign-in`,
  signOut: `${API_PREFIX}/auth/sign-out`,
  me: `${API_PREFIX}/auth/me`,
  adminDevices: `${API_PREFIX}/admin/devices`,
  /** `:id` is the device id. */
  adminRevokeDevice: `${API_PREFIX}/admin/devices/:id/revoke`,
  /** `:id` is the device id. */
  adminRenameDevice: `${API_PREFIX}/admin/devices/:id/name`,
  syncBase: `${API_PREFIX}/sync`,
  syncPush: `${API_PREFIX}/sync/push`,
  syncPull: `${API_PREFIX}/sync/pull`,
  syncSnapshot: `${API_PREFIX}/sync/snapshot`,
  pupilsBase: `${API_PREFIX}/pupils`,
  /** `:id` is the pupil id; query `from` and `to` (yyyy-MM-dd). */
  pupilEntries: `${API_PREFIX}/pupils/:id/entries`,
} as const;

/** Fills the `:name` placeholders of a route with (URI-encoded) values. */
export function routePath(route: string, params: Readonly<Record<string, string>>): string {
  return route.replace(/:([A-Za-z]+)/g, (whole: string, name: string) => {
    const value = params[name];
    return value === undefined ? whole : encodeURIComponent(value);
  });
}
