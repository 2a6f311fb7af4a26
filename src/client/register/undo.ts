/**
 * Undo on the register: how long the toast after a mark offers it, and the reason the undo's own
 * event carries. An undo never deletes: it records the earlier mark again, so the history keeps
 * the mistake, the correction, who made both and when.
 */
export const UNDO_MS = 10_000;

export const UNDO_REASON = 'Undo of the mark just made on this tablet';
