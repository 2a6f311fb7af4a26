/** The school's trips, for the office: what was made, by whom, for whom and when. */
import { useEffect, useState } from 'react';
import { localDate } from '../../domain/index';
import { listTrips } from '../../shared/api/endpoints/tripEndpoints';
import type { TripDetail } from '../../shared/api/tripSchemas';
import { call } from '../api/call';
import { formatSession } from '../ui/format';
import type { SectionProps } from '../ui/sectionProps';

export function TripList(props: SectionProps & { readonly version: number }) {
  const { staff } = props;
  const [state, setState] = useState<{ trips: readonly TripDetail[] } | { error: string } | null>(
    null,
  );
  useEffect(() => {
    let live = true;
    void call(
      listTrips,
      { query: {} },
      {
        staffId: staff.staffId,
        ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
      },
    ).then((answer) => {
      if (!live) return;
      setState(answer.ok ? { trips: answer.value.trips } : { error: answer.error.message });
    });
    return () => {
      live = false;
    };
    // Fetched again after each trip made here (`version`).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [staff.staffId, props.version]);

  return (
    <section aria-labelledby="trip-list-heading">
      <h2 id="trip-list-heading">The school’s trips</h2>
      {state === null && <p>Loading…</p>}
      {state !== null && 'error' in state && (
        <p className="notice notice--warning">{state.error}</p>
      )}
      {state !== null && 'trips' in state && state.trips.length === 0 && <p>No trips yet.</p>}
      {state !== null && 'trips' in state && state.trips.length > 0 && (
        <ul className="trip-list">
          {state.trips.map((trip) => (
            <li key={trip.id}>
              <strong>{trip.name}</strong> ({trip.code}):{' '}
              {formatSession({ date: localDate(trip.from.date), part: trip.from.part })} to{' '}
              {formatSession({ date: localDate(trip.to.date), part: trip.to.part })};{' '}
              {trip.pupils.length} pupils; led by {trip.leaders.map((l) => l.name).join(', ')}.
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
