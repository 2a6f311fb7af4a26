/**
 * The roster is stored as ONE document (key `current`): the school's configuration, groups, pupils
 * and staff exactly as the server sent them. A school's roster is small (hundreds of pupils), it
 * is always replaced whole (a new `version`), and one row makes the replacement atomic; the
 * register reads it once and filters in memory.
 */
import { z } from 'zod';
import { rosterSchema } from '../../shared/api/syncSchemas';

export const ROSTER_ROW_ID = 'current';

export const rosterRowSchema = z.object({
  id: z.literal(ROSTER_ROW_ID),
  roster: rosterSchema,
});

export type RosterRow = z.infer<typeof rosterRowSchema>;
