/** A pupil as the casework screens name them: the id and the name shown. */
export interface CasePupilRef {
  readonly id: string;
  readonly displayName: string;
}
