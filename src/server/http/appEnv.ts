/**
 * The Hono environment every route shares: what the Node adapter binds (absent when tests call
 * `app.request()` directly) and the per-request values middleware sets.
 */
import type { Role } from '../../domain';
import type { SchoolRole } from '../../shared/api/authSchemas';

/** The signed-in person, set by `requireSession`. */
export interface AuthContext {
  readonly staff: { readonly id: string; readonly name: string; readonly email: string };
  /** The school this session acts at, and the person's roles there. */
  readonly school: { readonly id: string; readonly name: string };
  readonly roles: readonly Role[];
  /** Every role the person has, at every school. */
  readonly allRoles: readonly SchoolRole[];
  readonly deviceId: string;
  readonly sessionTokenHash: string;
  readonly expiresAt: Date;
  /** True only on the push, for a device an administrator revoked (requireSession options). */
  readonly deviceWithdrawn?: boolean;
}

export interface AppEnv {
  // Structural subset of @hono/node-server's HttpBindings, so tests can pass a fake address.
  Bindings: { incoming?: { socket?: { remoteAddress?: string | undefined } } };
  /** `requestId`: set for every request by requestLog's assignRequestId. */
  Variables: { auth: AuthContext; requestId: string };
}
