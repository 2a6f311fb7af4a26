/**
 * The home screen (docs/design.md §3.4): the register the clock picks for the person's own class,
 * as large pupil tiles. Tap = present; a second tap or a long press = the other choices; "mark the
 * rest present"; the count still to mark. Another class or an earlier session is two taps away.
 */
import {
  startTransition,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import {
  currentSession,
  formatWallTime,
  mayEnter,
  nextRegister,
  presentCode,
  recentSessions,
  registerClosesAt,
  sessionKey,
  sessionOf,
  timesFor,
  toSchoolWallClock,
  type GroupRef,
  type SchoolConfig,
  type SessionRef,
} from '../../domain/index';
import type { Roster } from '../../shared/api/syncSchemas';
import { recordMark, recordTapMark, type RecordMarkInput } from '../marks/recordMark';
import type { StaffProfile } from '../auth/deviceAuth';
import type { Clock, Timers } from '../clock';
import type { AppDb } from '../db/appDb';
import { useLiveQuery } from '../ui/useLiveQuery';
import { useRegisterView } from '../marks/useRegisterView';
import type { RegisterPupil } from '../marks/registerView';
import {
  groupRefOf,
  loadRoster,
  schoolConfigOf,
  schoolConfigOn,
  type RosterGroup,
} from '../marks/roster';
import { useRegisterChoiceStore } from './registerChoiceStore';
import { recallChoice, rememberChoice, type RememberedChoice } from './registerChoiceMemory';
import { useSyncStatusStore } from '../sync/syncStatusStore';
import { formatSession } from '../ui/format';
import { useNow } from '../ui/useNow';
import type { ProposedMark } from '../marks/markChoices';
import { MarkSheet } from './MarkSheet';
import { RegisterPicker } from './RegisterPicker';
import { RejectedMarks } from './RejectedMarks';
import { ShownTile } from './ShownTile';
import { useOptimisticMarks } from './useOptimisticMarks';
import { TapGate } from './liftTap';
import { UndoToast, useUndoToast } from '../ui/UndoToast';
import { undoMarkInput, type MarkBefore } from '../marks/undoMark';
import { columnsOf, nextTileIndex } from './tileKeys';

export interface RegisterScreenProps {
  readonly db: AppDb;
  readonly staff: StaffProfile;
  readonly clock: Clock;
  readonly timers: Timers;
  /** Makes event ids for new marks (a test may fix them). */
  readonly newEventId?: () => string;
}

const RECENT_SESSIONS = 6;

export function RegisterScreen(props: RegisterScreenProps) {
  const { db, staff, clock, timers } = props;
  const roster = useLiveQuery(() => loadRoster(db), [db]);
  const now = useNow(clock, timers);
  const parsed = useMemo(() => (roster ? schoolConfigOf(roster, now) : null), [roster, now]);

  if (roster === undefined) {
    return <p className="screen notice">Opening the register…</p>;
  }
  if (roster === null || parsed === null) {
    return (
      <section className="screen notice" aria-labelledby="no-roster-heading">
        <h1 id="no-roster-heading">No class lists yet</h1>
        <p>
          The class lists have not reached this tablet yet. They download as soon as the tablet is
          online; the status bar shows when it last synced.
        </p>
      </section>
    );
  }
  if (!parsed.ok) {
    return (
      <section className="screen notice notice--error" aria-labelledby="bad-config-heading">
        <h1 id="bad-config-heading">The school’s settings could not be read</h1>
        <p>Ask your Tickmark administrator to correct them:</p>
        <ul>
          {parsed.errors.map((e) => (
            <li key={`${e.path}:${e.message}`}>
              {e.path === '' ? '' : `${e.path}: `}
              {e.message}
            </li>
          ))}
        </ul>
      </section>
    );
  }
  return (
    <RegisterChooser
      db={db}
      roster={roster}
      school={parsed.value}
      staff={staff}
      clock={clock}
      timers={timers}
      now={now}
      {...(props.newEventId === undefined ? {} : { newEventId: props.newEventId })}
    />
  );
}

interface ChooserProps {
  readonly db: AppDb;
  readonly roster: Roster;
  readonly school: SchoolConfig;
  readonly staff: StaffProfile;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly now: number;
  readonly newEventId?: () => string;
}

/**
 * Puts back the register `staff` chose earlier today on this tablet (registerChoiceMemory.ts),
 * once, when the register opens after a reload or an unlock. Returns whether that is done.
 */
function useRecalledChoice(props: ChooserProps): boolean {
  const { db, roster, school, staff, clock } = props;
  const [isDone, setIsDone] = useState(false);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const put = (kept: RememberedChoice | null) => {
      const store = useRegisterChoiceStore.getState();
      const isFollowingClock = store.groupId === null && store.session === null;
      const groupKnown = kept?.groupId == null || roster.groups.some((g) => g.id === kept.groupId);
      if (kept !== null && isFollowingClock && groupKnown) {
        useRegisterChoiceStore.setState({ groupId: kept.groupId, session: kept.session });
      }
      setIsDone(true);
    };
    // A choice that cannot be read back is not worth a blank screen: the clock's register opens.
    recallChoice(db, staff.staffId, clock.now(), school.timeZone).then(put, () => put(null));
  }, [db, roster, school.timeZone, staff.staffId, clock]);
  return isDone;
}

/** Works out which group and session to show, and offers the picker. */
function RegisterChooser(props: ChooserProps) {
  const isRecalled = useRecalledChoice(props);
  if (!isRecalled) return <p className="screen notice">Opening the register…</p>;
  return <RegisterChooserView {...props} />;
}

function RegisterChooserView(props: ChooserProps) {
  const { db, roster, school, staff, now, clock } = props;
  const choice = useRegisterChoiceStore();
  const [pickerFrom, setPickerFrom] = useState<HTMLElement | null>(null);
  // Every choice is kept on the tablet, so a reload or an unlock lands back on it. A write that
  // fails costs only that: the clock's register opens next time.
  const remember = (next: RememberedChoice) => {
    void rememberChoice(db, staff.staffId, next, clock.now()).catch(() => undefined);
  };
  const ownGroupIds = roster.staff.find((s) => s.id === staff.staffId)?.groupIds ?? [];
  const groupId =
    choice.groupId ??
    ownGroupIds.find((id) => roster.groups.some((g) => g.id === id)) ??
    (roster.groups.length === 1 ? (roster.groups[0]?.id ?? null) : null);
  const group = roster.groups.find((g) => g.id === groupId) ?? null;
  const groupRef = useMemo(() => (group === null ? null : groupRefOf(group)), [group]);
  const clockSession = currentSession(school, groupRef, now);
  const session = choice.session ?? clockSession;
  const recent =
    clockSession === null ? [] : recentSessions(school, groupRef, clockSession, RECENT_SESSIONS);

  const picker = pickerFrom !== null && (
    <RegisterPicker
      school={school}
      groups={roster.groups}
      ownGroupIds={ownGroupIds}
      groupId={groupId}
      groupRef={groupRef}
      session={session}
      recent={recent}
      onGroup={(id) => {
        choice.chooseGroup(id);
        remember({ groupId: id, session: choice.session });
        setPickerFrom(null);
      }}
      onSession={(s) => {
        choice.chooseSession(s);
        remember({ groupId: choice.groupId, session: s });
        setPickerFrom(null);
      }}
      onFollowClock={() => {
        choice.followClock();
        remember({ groupId: null, session: null });
        setPickerFrom(null);
      }}
      onClose={() => setPickerFrom(null)}
      returnFocusTo={pickerFrom}
    />
  );
  const changeButton = (
    <button
      type="button"
      className="button"
      aria-haspopup="dialog"
      onClick={(event) => setPickerFrom(event.currentTarget)}
    >
      Change register
    </button>
  );

  if (group === null || session === null) {
    return (
      <section className="screen" aria-labelledby="choose-heading">
        <h1 id="choose-heading">
          {group === null ? 'Choose a class' : 'No school sessions near today'}
        </h1>
        <p>
          {group === null
            ? 'You have no class of your own on this tablet. Choose the register to take.'
            : 'The school calendar has no term near today. Choose a date, or ask the office to check the term dates.'}
        </p>
        {changeButton}
        {picker}
      </section>
    );
  }

  // The register is judged by the rules in force on the session's own day: a past session keeps
  // the times it had, and a change saved for a later day leaves today alone (docs/design.md §2.1).
  // The base parsed, so a version for that day parses too (each was checked when saved).
  const onDay = schoolConfigOn(roster, session.date);
  const sessionSchool = onDay.ok ? onDay.value : school;
  return (
    <>
      <RegisterBoard
        key={`${group.id}|${sessionKey(session)}`}
        {...props}
        school={sessionSchool}
        group={group}
        groupRef={groupRef}
        session={session}
        isFollowingClock={choice.session === null && choice.groupId === null}
        onFollowClock={() => {
          choice.followClock();
          remember({ groupId: null, session: null });
        }}
        changeButton={changeButton}
      />
      {picker}
    </>
  );
}

interface BoardProps extends ChooserProps {
  readonly group: RosterGroup;
  readonly groupRef: GroupRef | null;
  readonly session: SessionRef;
  readonly isFollowingClock: boolean;
  readonly onFollowClock: () => void;
  readonly changeButton: ReactNode;
}

/** One group's register for one session. */
function RegisterBoard(props: BoardProps) {
  const { db, roster, school, staff, clock, timers, now, group, groupRef, session } = props;
  const view = useRegisterView(group.id, session, db, roster);
  const optimistic = useOptimisticMarks(view);
  const clockOffsetMs = useSyncStatusStore((s) => s.clockOffsetMs);
  const [sheet, setSheet] = useState<{ pupilId: string; from: HTMLElement } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isMarkingRest, setIsMarkingRest] = useState(false);
  // The tile Tab stops on (roving tabindex): the last one focused, else the first pupil.
  const [tabStopId, setTabStopId] = useState<string | null>(null);
  const toast = useUndoToast(timers);
  // Pupils whose mark is still being saved: a quick second tap must not queue a second mark, nor
  // open the choices on a mark that is not on the tablet yet.
  const saving = useRef(new Set<string>());
  const [gate] = useState(() => new TapGate());

  // Worked out in the school's time zone (slow on a tablet): once per register, not per tap.
  const times = useMemo(
    () => timesFor(school, groupRef, session.part),
    [school, groupRef, session.part],
  );
  const closesAt = useMemo(
    () => registerClosesAt(school, groupRef, session),
    [school, groupRef, session],
  );
  // Both format dates through Intl, which is slow on a tablet: once per clock tick, not per tap.
  const today = useMemo(() => toSchoolWallClock(now, school.timeZone).date, [now, school.timeZone]);
  const sessionText = useMemo(() => formatSession(session), [session]);
  const status = useMemo(
    () => sessionOf(school, session, groupRef?.yearGroup),
    [school, session, groupRef?.yearGroup],
  );
  const isFuture = session.date > today;
  const canMark = status === 'open' && !isFuture;
  // Whether the register has closed is judged as the server will judge it: on the tablet's clock
  // corrected by the last offset measured, so a reason is asked for exactly when it is needed.
  const registerClosed = now + (clockOffsetMs ?? 0) >= closesAt;
  const present = presentCode(session.part);
  const pupils = optimistic.pupils;
  const unmarked = pupils.filter((p) => p.code === null);
  const newEventId = props.newEventId ?? (() => crypto.randomUUID());

  /** Shows the mark on the tile at once, then saves it; the tile goes back if the save fails. */
  const save = async (
    pupil: RegisterPupil,
    mark: ProposedMark,
    eventId: string = newEventId(),
  ): Promise<string | null> => saveInput(pupil.pupilId, eventId, mark, markInput(pupil, mark));

  /** Saves an undo of `made` (see marks/undoMark.ts); the tile shows the result at once. */
  const saveUndo = async (
    pupilId: string,
    before: MarkBefore,
    made: { eventId: string; mark: ProposedMark },
  ): Promise<string | null> => {
    const input = undoMarkInput({
      pupilId,
      session,
      actor: { staffId: staff.staffId, role: staff.role },
      before,
      made: { eventId: made.eventId, ...made.mark },
    });
    const shown =
      input.kind === 'withdrawn'
        ? null
        : {
            code: input.code,
            minutesLate: input.minutesLate ?? null,
            arrivedAt: input.arrivedAt ?? null,
            reason: input.reason ?? null,
          };
    return saveInput(pupilId, newEventId(), shown, input);
  };

  const saveInput = async (
    pupilId: string,
    eventId: string,
    shown: ProposedMark | null,
    input: RecordMarkInput,
  ): Promise<string | null> => saveWith(pupilId, eventId, shown, () => record(input, eventId));

  const saveWith = async (
    pupilId: string,
    eventId: string,
    shown: ProposedMark | null,
    write: () => Promise<string | null>,
  ): Promise<string | null> => {
    saving.current.add(pupilId);
    // The write starts first, so storage works while the tile is drawn (the tap is handled
    // before React renders the mark shown below).
    const recorded = write();
    optimistic.show(pupilId, eventId, shown);
    const failed = await recorded;
    saving.current.delete(pupilId);
    if (failed === null) optimistic.saved(eventId);
    else optimistic.refused(eventId);
    return failed;
  };

  const record = async (input: RecordMarkInput, eventId: string): Promise<string | null> => {
    try {
      return await recordOnTablet(input, eventId);
    } catch (err) {
      // IndexedDB refused the write (storage full, or the browser closed the database): the mark is
      // not on the tablet, and the teacher must hear so while the child is still in front of them.
      return storageFailureMessage(err);
    }
  };

  /** A tap's present mark: built here from checked data, so written with no parse first. */
  const recordTap = async (pupil: RegisterPupil, eventId: string): Promise<string | null> => {
    try {
      await recordTapMark(
        db,
        {
          pupilId: pupil.pupilId,
          session,
          code: present,
          actor: { staffId: staff.staffId, role: staff.role },
          seenHeadEventId: pupil.headEventId,
        },
        { clock, newEventId: () => eventId },
      );
      return null;
    } catch (err) {
      return storageFailureMessage(err);
    }
  };

  const markInput = (pupil: RegisterPupil, mark: ProposedMark): RecordMarkInput => ({
    pupilId: pupil.pupilId,
    session,
    code: mark.code,
    minutesLate: mark.minutesLate,
    arrivedAt: mark.arrivedAt,
    reason: mark.reason,
    actor: { staffId: staff.staffId, role: staff.role },
    seenHeadEventId: pupil.headEventId,
  });

  const recordOnTablet = async (
    input: RecordMarkInput,
    eventId: string,
  ): Promise<string | null> => {
    const result = await recordMark(db, input, { clock, newEventId: () => eventId });
    if (result.ok) return null;
    return `The mark could not be saved: ${result.errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`;
  };

  /** Whether a tap on `pupil` marks them present (otherwise it opens the choices). */
  const tapMarks = (pupil: RegisterPupil) =>
    pupil.code === null && mayEnter(school, staff.role, present);

  const tap = (pupil: RegisterPupil, tile: HTMLButtonElement) => {
    if (saving.current.has(pupil.pupilId)) return;
    if (!tapMarks(pupil)) {
      setSheet({ pupilId: pupil.pupilId, from: tile });
      return;
    }
    markPresent(pupil);
  };

  /**
   * A finger's tap as it lifts: a tap that marks is acted on now and its click swallowed; one
   * that opens the choices is left to its click, so the sheet does not open under the finger
   * before the browser's click lands on it.
   */
  const liftTap = (pupil: RegisterPupil) => {
    if (saving.current.has(pupil.pupilId) || !tapMarks(pupil)) return;
    gate.handled();
    markPresent(pupil);
  };

  const markPresent = (pupil: RegisterPupil) => {
    const mark = { code: present, minutesLate: null, arrivedAt: null, reason: null };
    const eventId = newEventId();
    const saved = saveWith(pupil.pupilId, eventId, mark, () => recordTap(pupil, eventId));
    setError(null);
    void saved.then((failed) => {
      setError(failed);
      if (failed === null) offerAfter(pupil, mark, eventId);
    });
  };

  /**
   * After a mark is saved: "Undo" for a few seconds. The undo is a new event: a pupil who had no
   * mark before has the mark withdrawn (no mark again); otherwise the earlier mark is recorded
   * again (marks/undoMark.ts).
   */
  const offerAfter = (before: RegisterPupil, mark: ProposedMark, eventId: string) => {
    toast.offer({
      text: `${before.displayName}: ${mark.code} recorded.`,
      actionLabel: 'Undo',
      action: () => {
        toast.dismiss();
        setError(null);
        void saveUndo(before.pupilId, before, { eventId, mark }).then(setError);
      },
    });
  };

  const choices = (pupil: RegisterPupil, tile: HTMLButtonElement) => {
    if (saving.current.has(pupil.pupilId)) return;
    setSheet({ pupilId: pupil.pupilId, from: tile });
  };

  // The tiles get handlers that keep their identity, so a tap re-renders only the tapped tile;
  // they call the latest closures (which see the latest view and session).
  const pupilNow = optimistic.pupilNow;
  const handlers = useRef({ tap, liftTap, choices, pupilNow });
  useLayoutEffect(() => {
    handlers.current = { tap, liftTap, choices, pupilNow };
  });
  const onTap = useCallback(
    (pupil: RegisterPupil, tile: HTMLButtonElement) => handlers.current.tap(pupil, tile),
    [],
  );
  const onLiftTap = useCallback((pupil: RegisterPupil) => handlers.current.liftTap(pupil), []);
  const onChoices = useCallback(
    (pupil: RegisterPupil, tile: HTMLButtonElement) => handlers.current.choices(pupil, tile),
    [],
  );

  const markRest = async () => {
    setIsMarkingRest(true);
    setError(null);
    const presentMark = { code: present, minutesLate: null, arrivedAt: null, reason: null };
    // Every tile shows its mark at once; they are saved one by one, and the ones not saved when
    // a save fails go back to unmarked. The board hears of a tap only once it is saved, so a
    // pupil tapped a moment ago is left out here by their tile's mark in hand.
    const queued = unmarked
      .filter((p) => !saving.current.has(p.pupilId) && pupilNow(p.pupilId)?.code === null)
      .map((pupil) => ({ pupil, eventId: newEventId() }));
    for (const { pupil, eventId } of queued) optimistic.show(pupil.pupilId, eventId, presentMark);
    const saved: typeof queued = [];
    for (const [i, { pupil, eventId }] of queued.entries()) {
      const failed = await record(markInput(pupil, presentMark), eventId);
      if (failed === null) {
        optimistic.saved(eventId);
        saved.push({ pupil, eventId });
        continue;
      }
      for (const rest of queued.slice(i)) optimistic.refused(rest.eventId);
      setError(failed);
      break;
    }
    setIsMarkingRest(false);
    if (saved.length > 0) offerAfterRest(saved, presentMark);
  };

  /** One toast for the whole "mark the rest present": its undo withdraws every mark it made. */
  const offerAfterRest = (
    saved: readonly { pupil: RegisterPupil; eventId: string }[],
    mark: ProposedMark,
  ) => {
    const count = saved.length;
    toast.offer({
      text: `${count} ${count === 1 ? 'pupil' : 'pupils'} marked present.`,
      actionLabel: 'Undo',
      action: () => {
        toast.dismiss();
        setError(null);
        void undoRest(saved, mark);
      },
    });
  };

  const undoRest = async (
    saved: readonly { pupil: RegisterPupil; eventId: string }[],
    mark: ProposedMark,
  ) => {
    setIsMarkingRest(true);
    for (const { pupil, eventId } of saved) {
      // A pupil changed since (tapped again, or the office) keeps the newer mark.
      const now = handlers.current.pupilNow(pupil.pupilId);
      if (now?.headEventId !== eventId) continue;
      const failed = await saveUndo(pupil.pupilId, pupil, { eventId, mark });
      if (failed !== null) {
        setError(failed);
        break;
      }
    }
    setIsMarkingRest(false);
  };

  const tabStop = pupils.some((p) => p.pupilId === tabStopId) ? tabStopId : pupils[0]?.pupilId;

  const onTileKey = (event: KeyboardEvent<HTMLUListElement>) => {
    const tiles = [
      ...event.currentTarget.querySelectorAll<HTMLButtonElement>('button[data-pupil-id]'),
    ];
    const current = tiles.findIndex((t) => t === event.target);
    if (current < 0) return;
    const next = nextTileIndex(event.key, current, tiles.length, columnsOf(tiles));
    if (next === null) return;
    event.preventDefault();
    tiles[next]?.focus();
  };

  const onTileFocus = (event: FocusEvent<HTMLUListElement>) => {
    const target = event.target as HTMLElement;
    const id = target.dataset.pupilId;
    if (id === undefined) return;
    // The Tab stop moves with focus in this same task: a Tab pressed straight after an arrow key
    // (or Home, End) must leave from the focused tile, not from the old Tab stop's place, even
    // when the render below has not run yet on a busy tablet. The render then writes the same.
    for (const other of event.currentTarget.querySelectorAll<HTMLElement>('[data-pupil-id]')) {
      if (other !== target && other.tabIndex === 0) other.tabIndex = -1;
    }
    target.tabIndex = 0;
    // Not urgent: a finger's tap focuses the tile just after the tap is handled, and the board
    // drawn again for the Tab stop must not hold up the tapped tile's paint or its commit.
    startTransition(() => setTabStopId(id));
  };

  const sheetPupil = sheet === null ? undefined : pupils.find((p) => p.pupilId === sheet.pupilId);
  // Out of school hours (a weekend, after school, a holiday) the register on screen is the last
  // one, kept for late changes; the teacher is also told when the next one is.
  const next = useMemo(
    () => (registerClosed ? nextRegister(school, groupRef, now) : null),
    [registerClosed, school, groupRef, now],
  );
  const nextText =
    next === null
      ? null
      : `Next register: ${formatSession(next.session)}, ${formatWallTime(next.start)}`;
  const closedText = registerClosed
    ? `Register closed at ${formatWallTime(times.registerCloses)}`
    : `Register ${formatWallTime(times.start)}–${formatWallTime(times.registerCloses)}`;

  return (
    // Every press on the board starts afresh; the browser makes no click of a tap acted on as
    // it lifted, and one that comes all the same is swallowed before anything below sees it
    // (liftTap.ts).
    <section
      className="register"
      aria-labelledby="register-heading"
      onPointerDownCapture={() => gate.pressed()}
      onTouchEnd={(event) => {
        if (gate.cancelsTouchEnd()) event.preventDefault();
      }}
      onClickCapture={(event) => {
        if (!gate.swallows(event)) return;
        event.stopPropagation();
        event.preventDefault();
      }}
    >
      <header className="register__header">
        <h1 id="register-heading">
          {group.name} <span className="register__session">{sessionText}</span>
        </h1>
        <p className="register__times">
          {closedText}
          {nextText !== null && <strong className="register__next"> · {nextText}</strong>}
        </p>
        <UndoToast offer={toast.current} />
      </header>

      {!props.isFollowingClock && (
        <div className="notice register__chosen">
          <p>You are looking at a register you chose, not the one for now.</p>
          <button type="button" className="button" onClick={props.onFollowClock}>
            Back to my register now
          </button>
        </div>
      )}
      {status !== 'open' && (
        <p className="notice notice--warning">
          {status === 'closed'
            ? 'The school is closed for this session, so no register is taken.'
            : 'This is not a school day, so no register is taken.'}
        </p>
      )}
      {status === 'open' && isFuture && (
        <p className="notice notice--warning">This register is for a day that has not come yet.</p>
      )}

      <RejectedMarks db={db} roster={roster} />

      <div className="register__toolbar">
        <p className="register__count" role="status">
          {view === undefined
            ? 'Loading pupils…'
            : unmarked.length === 0
              ? `All ${pupils.length} marked`
              : `${unmarked.length} of ${pupils.length} still to mark`}
        </p>
        {props.changeButton}
        <button
          type="button"
          className="button button--primary"
          disabled={
            !canMark ||
            unmarked.length === 0 ||
            isMarkingRest ||
            !mayEnter(school, staff.role, present)
          }
          onClick={() => void markRest()}
        >
          Mark the rest present
          {unmarked.length > 0 ? ` (${unmarked.length})` : ''}
        </button>
      </div>

      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}

      {view !== undefined && pupils.length === 0 && (
        <p className="notice">No pupils are on roll in {group.name} on this day.</p>
      )}
      {/* The arrow keys move between the buttons inside (roving tabindex); the list takes no focus. */}
      <ul
        className="tiles"
        aria-label={`Pupils in ${group.name}`}
        onKeyDown={onTileKey}
        onFocus={onTileFocus}
      >
        {(view?.pupils ?? []).map((pupil) => (
          <ShownTile
            key={pupil.pupilId}
            pupil={pupil}
            marks={optimistic.marks}
            date={session.date}
            isDisabled={!canMark || isMarkingRest}
            isTabStop={pupil.pupilId === tabStop}
            onTap={onTap}
            onLiftTap={onLiftTap}
            onChoices={onChoices}
          />
        ))}
      </ul>

      {sheet !== null && sheetPupil !== undefined && (
        <MarkSheet
          pupil={sheetPupil}
          session={session}
          school={school}
          group={groupRef}
          staff={staff}
          clock={clock}
          isToday={session.date === today}
          registerClosed={registerClosed}
          onRecord={async (mark) => {
            const eventId = newEventId();
            const failed = await save(sheetPupil, mark, eventId);
            if (failed === null) offerAfter(sheetPupil, mark, eventId);
            return failed;
          }}
          onClose={() => setSheet(null)}
          returnFocusTo={sheet.from}
        />
      )}
    </section>
  );
}

/** What to tell the teacher when the tablet's storage refused a mark. */
function storageFailureMessage(err: unknown): string {
  const name = err instanceof Error ? err.name : '';
  const full = name === 'QuotaExceededError' || /quota/i.test(String(err));
  return full
    ? 'The mark was NOT saved: this tablet’s storage is full. Free some space (close other apps or delete unused files), then mark again.'
    : 'The mark was NOT saved: this tablet could not write to its storage. Reload Tickmark, then mark again.';
}
