/**
 * A trip stays on its leaders' devices for this many days after it ends (late corrections), and
 * its leaders keep reading its pupils' reasons for as long (docs/api.md, "Trips"). The server's
 * trip lists and its reason reader both apply it.
 */
export const LEADING_KEEP_DAYS = 14;
