/**
 * The casework screens, in menu order, with the one-line description shown under each title.
 * Other casework screens add their entry here and a line in CaseworkSection.
 */
export type CaseworkScreenId = 'due' | 'case' | 'partTime' | 'penaltyNotices';

export interface CaseworkScreenInfo {
  readonly id: CaseworkScreenId;
  readonly title: string;
  readonly description: string;
}

export const CASEWORK_SCREENS: readonly CaseworkScreenInfo[] = [
  {
    id: 'due',
    title: 'Due today',
    description:
      'Actions due and overdue, reviews due, and what the school’s ladder proposes: accept or decline each.',
  },
  {
    id: 'case',
    title: 'Pupil’s case',
    description:
      'One pupil’s actions, newest first: record what was done, add an action, make and send letters.',
  },
  {
    id: 'partTime',
    title: 'Part-time timetables',
    description:
      'Time-limited timetables, their reviews and the local authority’s list. Off sessions are entered as C2.',
  },
  {
    id: 'penaltyNotices',
    title: 'Penalty notices',
    description:
      'Notices to improve and penalty notices per parent and child, and the record for the local authority.',
  },
];
