/** The account's own history: who created, invited, reset, disabled or enabled it, and when. */
import type { Queryable } from '../db/database';

export type AccountEventAction =
  'created' | 'invitation_sent' | 'reset_sent' | 'password_set' | 'disabled' | 'enabled';

export async function recordAccountEvent(
  tx: Queryable,
  event: {
    staffId: string;
    action: AccountEventAction;
    /** null when the person acted on their own account. */
    byStaffId: string | null;
    schoolId: string | null;
    now: Date;
    delivery?: 'email' | 'shown';
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO account_event (staff_id, action, by_staff_id, school_id, at, delivery)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      event.staffId,
      event.action,
      event.byStaffId,
      event.schoolId,
      event.now,
      event.delivery ?? null,
    ],
  );
}
