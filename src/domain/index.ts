/**
 * The public API of the rules core. Other rooms import from here only.
 */
export * from './result';
export * from './time/localDate';
export * from './time/wallTime';
export * from './time/longDate';
export * from './codes/attendanceCodes';
export * from './config/schoolConfig';
export * from './marks/markEvent';
export * from './marks/precedence';
export * from './marks/decideEvent';
export * from './marks/foldEntry';
export * from './marks/validateMark';
export * from './calendar/schoolCalendar';
export * from './calendar/schoolWeeks';
export * from './calendar/schoolDays';
export * from './stats/statEntry';
export * from './stats/attendanceStats';
export * from './stats/timeMissed';
export * from './stats/thresholds';
export * from './stats/schoolWeekWindows';
export * from './stats/penaltyNotice';
export * from './stats/lateness';
export * from './stats/nOverdue';
export * from './stats/dutyAlerts';
export * from './stats/coAbsence';
export * from './time/schoolTime';
export * from './config/configIssue';
export * from './config/configDefaults';
export * from './config/configSchema';
export * from './config/parseConfig';
export * from './config/bankHolidays';
export * from './register/sessionTimes';
export * from './register/registerWindow';
export * from './rollCall/rollCall';
export * from './names/nameSearch';
export * from './register/arrivalCheck';
