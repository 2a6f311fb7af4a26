/** The staff-account endpoints (docs/api.md, "Staff accounts"); schemas in accountSchemas.ts. */
import { API_PREFIX } from './routes';

export const ACCOUNT_ROUTES = {
  /** GET: the staff with a role at the admin's school; POST: adds one (`newStaffSchema`). */
  adminStaff: `${API_PREFIX}/admin/staff`,
  /** POST: sends (or shows) a new single-use link to set a password. `:id` is the staff id. */
  adminStaffLink: `${API_PREFIX}/admin/staff/:id/link`,
  /** POST: the account can no longer sign in; its sessions end. */
  adminStaffDisable: `${API_PREFIX}/admin/staff/:id/disable`,
  /** POST: the account can sign in again. */
  adminStaffEnable: `${API_PREFIX}/admin/staff/:id/enable`,
  /** POST `{ token }`: whose link this is, before they choose a password. Open to anyone. */
  linkCheck: `${API_PREFIX}/account/link`,
  /** POST `{ token, password }`: sets the password and spends the link. Open to anyone. */
  setPassword: `${API_PREFIX}/account/password`,
} as const;
