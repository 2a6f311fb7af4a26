/**
 * The trips section, loaded on demand so the register's first load stays small. Every
 * role sees the trips they lead (kept on the device for offline use); office staff, the
 * attendance lead and admins also create trips and see the school's list.
 */
import { useState } from 'react';
import type { SectionProps } from '../ui/sectionProps';
import './trips.css';
import { LeaderTrips } from './LeaderTrips';
import { TripCreateForm } from './TripCreateForm';
import { TripList } from './TripList';

export function TripsSection(props: SectionProps) {
  const isOffice = props.staff.role !== 'teacher';
  const [version, setVersion] = useState(0);
  return (
    <section className="screen trips" aria-labelledby="trips-heading">
      <h1 id="trips-heading">Trips</h1>
      <LeaderTrips key={`leading-${version}`} {...props} />
      {isOffice && <TripCreateForm {...props} onCreated={() => setVersion((v) => v + 1)} />}
      {isOffice && <TripList {...props} version={version} />}
    </section>
  );
}
