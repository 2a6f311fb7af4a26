/**
 * The trips API's paths. Creating a trip is the office's (office, attendance lead,
 * admin); anyone may ask for the trips they lead. A trip's marks never go through these routes:
 * leaders mark through the device outbox and `POST /api/sync/push` with the trip's id, so the
 * register works offline for days like any other.
 */
import { API_PREFIX } from './routes';

const TRIPS = `${API_PREFIX}/trips`;

export const TRIP_ROUTES = {
  /** GET (office roles): every trip of the school, optional `from`/`to`; POST: creates one. */
  trips: TRIPS,
  /** GET (any role): the trips the signed-in person leads, for the device to keep offline. */
  leading: `${TRIPS}/leading`,
  /** GET: one trip (office roles, or a leader of it). `:id` is the trip id. */
  trip: `${TRIPS}/:id`,
} as const;
