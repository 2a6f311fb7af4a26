/** The report screens, in menu order, with the one-line description shown under each title. */
export type ReportScreenId =
  | 'certificate'
  | 'summary'
  | 'absence'
  | 'penaltyNotices'
  | 'lateness'
  | 'dutyAlerts'
  | 'absenceMapping'
  | 'benchmarks';

export interface ReportScreenInfo {
  readonly id: ReportScreenId;
  readonly title: string;
  readonly description: string;
}

export const REPORT_SCREENS: readonly ReportScreenInfo[] = [
  {
    id: 'certificate',
    title: 'Attendance certificate',
    description: 'One pupil’s attendance, time missed and marks, printable for parents.',
  },
  {
    id: 'summary',
    title: 'Summaries',
    description: 'A group, year, school or trust by session, weekday and week, against the target.',
  },
  {
    id: 'absence',
    title: 'Persistent and severe absence',
    description: 'Pupils missing one session in ten or more, with the at-risk bands.',
  },
  {
    id: 'penaltyNotices',
    title: 'Penalty-notice threshold',
    description: 'Pupils with 10 unauthorised sessions in 10 school weeks, or near it.',
  },
  {
    id: 'lateness',
    title: 'Lateness',
    description: 'Lates and minutes per pupil against the letter and escalation thresholds.',
  },
  {
    id: 'dutyAlerts',
    title: 'Duty alerts',
    description: 'What the local authority must be told, and pupils who fell a band.',
  },
  {
    id: 'absenceMapping',
    title: 'Absence mapping',
    description: 'Pupils absent on the same sessions as a chosen pupil more often than chance.',
  },
  {
    id: 'benchmarks',
    title: 'DfE comparison',
    description:
      'The school beside the DfE’s national, regional and local figures, with the gap in days per pupil.',
  },
];
