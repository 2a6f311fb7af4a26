/**
 * The public API of the rules core. Other rooms import from here only.
 */
export * from './result';
export * from './time/localDate';
export * from './time/wallTime';
export * from './codes/attendanceCodes';
export * from './config/schoolConfig';
