/**
 * One interface for writing the register into a school's management information system (MIS),
 * so the MIS can be swapped: the first adapter is Wonde's writeback API (wonde.ts). A pupil is
 * named by their UPN, which both sides hold; the adapter finds the MIS's own ids. docs/mis.md.
 */
import type { SessionPart } from '../../domain/index';

/** One session's mark to write. `key` is the caller's (the event id), handed back in the result. */
export interface MisMarkToWrite {
  readonly key: string;
  /** The pupil's UPN, or null when Tickmark has none (then the mark cannot be matched). */
  readonly upn: string | null;
  readonly date: string;
  readonly session: SessionPart;
  readonly code: string;
  readonly minutesLate: number | null;
  /** The reason or note on the mark, sent as the MIS's comment. */
  readonly comment: string | null;
}

/** What became of one mark of a batch the MIS answered. */
export type MisMarkResult =
  | { readonly key: string; readonly written: true; readonly ack: string }
  | { readonly key: string; readonly written: false; readonly error: string };

/** A session's mark as the MIS holds it. */
export interface MisMarkRead {
  readonly upn: string;
  readonly date: string;
  readonly session: SessionPart;
  readonly code: string;
  readonly minutesLate: number | null;
  readonly comment: string | null;
}

export interface MisWriter {
  /** Which MIS, for the log and the screen (never a credential). */
  readonly describe: string;
  /**
   * Writes a batch of marks. Marks the adapter cannot send (no such pupil or code in the MIS)
   * come back `written: false` and were not sent.
   *
   * @throws MisError when the MIS did not answer the batch: `refused` when nothing was written,
   *   `unknown` when it may have been.
   */
  writeMarks(marks: readonly MisMarkToWrite[]): Promise<readonly MisMarkResult[]>;
  /**
   * The MIS's marks for sessions from `from` to `to` (inclusive), for pupils it can match to a
   * UPN. @throws MisError (`refused`: nothing was read).
   */
  readMarks(range: { readonly from: string; readonly to: string }): Promise<readonly MisMarkRead[]>;
}

export class MisError extends Error {
  constructor(
    message: string,
    /** 'refused': the MIS holds nothing new; 'unknown': it may have taken the marks. */
    readonly outcome: 'refused' | 'unknown',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MisError';
  }
}
