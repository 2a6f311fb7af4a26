/**
 * The grounds on which a pupil's name may be deleted from the admission register (regulation 9 of
 * the School Attendance (Pupil Registration) (England) Regulations 2024). A name may be deleted on
 * these grounds only; the register keeps which one applied, and the deletion return to the local
 * authority names it. The keys are stable identifiers for storage and CSV files; the labels are
 * plain English for screens.
 */
export const DELETION_GROUNDS = {
  registered_elsewhere: 'Registered at another school',
  nursery_not_continued: 'Did not continue at the school after nursery',
  dual_registration_ended: 'Also registered at another school, which agreed to the deletion',
  attendance_order_changed: 'School attendance order changed to another school or revoked',
  home_education: 'Parent gave written notice of education otherwise than at school',
  moved_away: 'Stopped attending and no longer lives within reasonable distance',
  medically_unfit: 'Certified unlikely to be fit to attend before the end of compulsory school age',
  custody: 'Detained by court order for four months or more, not expected to return',
  died: 'Died',
  compulsory_age_ended:
    'Leaves compulsory school age before the school next meets and will not continue',
  permanently_excluded: 'Permanently excluded',
  missing: 'Absent 20 school days in a row and cannot be found after reasonable enquiries',
  boarding_charges_unpaid: 'Boarder whose board and lodging charges remain unpaid',
  not_compulsory_age_left: 'Not of compulsory school age and has stopped attending',
} as const;

export type DeletionGround = keyof typeof DELETION_GROUNDS;

export const DELETION_GROUND_KEYS = Object.keys(DELETION_GROUNDS) as [
  DeletionGround,
  ...DeletionGround[],
];

export function isDeletionGround(text: string): text is DeletionGround {
  return Object.hasOwn(DELETION_GROUNDS, text);
}

/** The plain-English label of a ground. */
export function deletionGroundLabel(ground: DeletionGround): string {
  return DELETION_GROUNDS[ground];
}

/** Reads a ground from its key or its label, ignoring case and spaces at the ends; null if neither. */
export function parseDeletionGround(text: string): DeletionGround | null {
  const wanted = text.trim().toLowerCase();
  for (const key of DELETION_GROUND_KEYS) {
    if (key === wanted || DELETION_GROUNDS[key].toLowerCase() === wanted) return key;
  }
  return null;
}
