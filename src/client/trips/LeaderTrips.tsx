/**
 * "Trips you lead": the trips kept on this device for the unlocked person, refreshed when the
 * section opens with a signal. Offline, the last copy is used and its age is shown.
 */
import { useEffect, useState } from 'react';
import { localDate } from '../../domain/index';
import { formatInstant, formatSession } from '../ui/format';
import { useLiveQuery } from '../ui/useLiveQuery';
import { loadRoster, schoolConfigOf } from '../marks/roster';
import type { SectionProps } from '../ui/sectionProps';
import { cachedTrips, refreshLeaderTrips } from './tripCache';
import { TripLeaderView } from './TripLeaderView';

export function LeaderTrips(props: SectionProps) {
  const { db, staff, clock } = props;
  const [refresh, setRefresh] = useState<'checking' | 'done' | string>('checking');
  const [chosen, setChosen] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void refreshLeaderTrips(db, {
      staffId: staff.staffId,
      fetch: props.fetch,
      now: clock.now(),
    }).then((result) => {
      if (!live) return;
      setRefresh(result.ok ? 'done' : result.error.message);
      // The pre-entered marks the leader's marks build on come down with the next pull.
      if (result.ok) props.requestSync?.();
    });
    return () => {
      live = false;
    };
    // Once per opening of the section for this person.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, staff.staffId]);

  const cached = useLiveQuery(() => cachedTrips(db, staff.staffId), [db, staff.staffId]);
  const roster = useLiveQuery(() => loadRoster(db), [db]);

  if (cached === undefined || roster === undefined) {
    return <p className="notice">Loading your trips…</p>;
  }
  const heading = <h2 id="leader-trips-heading">Trips you lead</h2>;
  const offlineNote =
    refresh !== 'checking' && refresh !== 'done' ? (
      <p className="notice notice--warning" role="status">
        {cached === null
          ? `Your trips could not be fetched: ${refresh}`
          : `Showing the trips as fetched on ${formatInstant(cached.fetchedAt)}. ${refresh}`}
      </p>
    ) : null;
  if (cached === null || cached.trips.length === 0) {
    return (
      <section aria-labelledby="leader-trips-heading">
        {heading}
        {offlineNote}
        <p>
          {refresh === 'checking'
            ? 'Looking for your trips…'
            : 'You are not named as a leader of any trip.'}
        </p>
      </section>
    );
  }
  const parsed = roster === null ? null : schoolConfigOf(roster, clock.now());
  if (roster === null || parsed === null || !parsed.ok) {
    return (
      <section aria-labelledby="leader-trips-heading">
        {heading}
        <p className="notice notice--warning">
          This device has not received the school’s details yet. Connect once to sync, then open
          Trips again.
        </p>
      </section>
    );
  }
  const trip = cached.trips.find((t) => t.id === chosen) ?? cached.trips[0];
  return (
    <section aria-labelledby="leader-trips-heading">
      {heading}
      {offlineNote}
      {cached.trips.length > 1 && (
        <ul className="trip-choices" aria-label="Your trips">
          {cached.trips.map((t) => (
            <li key={t.id}>
              <button
                type="button"
                className="button button--choice"
                aria-pressed={t.id === trip?.id}
                onClick={() => setChosen(t.id)}
              >
                {t.name}: {formatSession({ date: localDate(t.from.date), part: t.from.part })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {trip !== undefined && (
        <TripLeaderView
          key={trip.id}
          {...props}
          trip={trip}
          school={parsed.value}
          groups={roster.groups}
        />
      )}
    </section>
  );
}
