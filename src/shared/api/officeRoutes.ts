/**
 * The office endpoints' paths by short name, read from their definitions
 * (endpoints/officeEndpoints.ts), for the office screens that still pass a path to their list
 * loader. It holds no path of its own and goes once those screens call their endpoints with `call`.
 */
import * as office from './endpoints/officeEndpoints';

export const OFFICE_ROUTES = {
  today: office.today.path,
  chase: office.chase.path,
  contacts: office.listContacts.path,
  signOuts: office.listSignOuts.path,
  signOutReturn: office.recordReturn.path,
  rollCall: office.rollCall.path,
  fireDrills: office.listFireDrills.path,
  conflicts: office.listConflicts.path,
  conflictResolve: office.resolveConflict.path,
  absentees: office.absentees.path,
  absenteesCsv: office.absenteesCsv.path,
} as const;
