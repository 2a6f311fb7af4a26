/**
 * Staff accounts (docs/api.md, "Staff accounts"): the admin's list, adding a person, links to set
 * a password, disabling and enabling (`/api/admin/staff…`, admins only); and the two endpoints
 * the link's page calls (`/api/account/…`), public because the link's token is all they need.
 */
import { defineEndpoint, jsonBody, jsonResponse } from '../endpoint';
import {
  linkCheckRequestSchema,
  linkCheckResponseSchema,
  linkSentResponseSchema,
  newStaffSchema,
  setPasswordRequestSchema,
  setPasswordResponseSchema,
  staffAccountResponseSchema,
  staffIdParamSchema,
  staffListResponseSchema,
} from '../accountSchemas';

const admin = { roles: ['admin'] } as const;

export const listStaff = defineEndpoint({
  name: 'accounts.listStaff',
  method: 'GET',
  path: '/api/admin/staff',
  summary: "The staff with a role at the admin's school, and how links reach them.",
  access: admin,
  response: jsonResponse(staffListResponseSchema),
  errors: [],
});

export const addStaff = defineEndpoint({
  name: 'accounts.addStaff',
  method: 'POST',
  path: '/api/admin/staff',
  summary: 'Adds a member of staff with their roles at this school.',
  access: admin,
  body: jsonBody(newStaffSchema),
  response: jsonResponse(staffAccountResponseSchema, { status: 201 }),
  errors: ['already_exists'],
});

export const sendStaffLink = defineEndpoint({
  name: 'accounts.sendLink',
  method: 'POST',
  path: '/api/admin/staff/:id/link',
  summary: 'Emails (or shows) a new single-use link to set a password.',
  access: admin,
  params: staffIdParamSchema,
  response: jsonResponse(linkSentResponseSchema),
  // mail_failed (502): the email could not be sent, so no link was issued.
  errors: ['not_found', 'account_disabled', 'mail_failed'],
});

export const disableStaff = defineEndpoint({
  name: 'accounts.disable',
  method: 'POST',
  path: '/api/admin/staff/:id/disable',
  summary: 'The account can no longer sign in; its sessions end.',
  access: admin,
  params: staffIdParamSchema,
  response: jsonResponse(staffAccountResponseSchema),
  errors: ['not_found'],
});

export const enableStaff = defineEndpoint({
  name: 'accounts.enable',
  method: 'POST',
  path: '/api/admin/staff/:id/enable',
  summary: 'The account can sign in again.',
  access: admin,
  params: staffIdParamSchema,
  response: jsonResponse(staffAccountResponseSchema),
  errors: ['not_found'],
});

export const checkLink = defineEndpoint({
  name: 'accounts.checkLink',
  method: 'POST',
  path: '/api/account/link',
  summary: 'Whose link a token is, before they choose a password.',
  access: 'public',
  body: jsonBody(linkCheckRequestSchema),
  response: jsonResponse(linkCheckResponseSchema),
  errors: ['link_invalid'],
});

export const setPassword = defineEndpoint({
  name: 'accounts.setPassword',
  method: 'POST',
  path: '/api/account/password',
  summary: 'Sets the password and spends the link.',
  access: 'public',
  body: jsonBody(setPasswordRequestSchema),
  response: jsonResponse(setPasswordResponseSchema),
  errors: ['link_invalid'],
});

export const ACCOUNT_ENDPOINTS = [
  listStaff,
  addStaff,
  sendStaffLink,
  disableStaff,
  enableStaff,
  checkLink,
  setPassword,
] as const;
