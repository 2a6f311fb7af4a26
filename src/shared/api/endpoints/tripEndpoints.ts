/**
 * Trips (docs/api.md, "Trips"). The office makes them; anyone reads the trips they lead. Marks
 * on a trip go through the outbox and the push like any other.
 */
import { defineEndpoint, jsonBody, jsonResponse } from '../endpoint';
import {
  createTripRequestSchema,
  createTripResponseSchema,
  leadingTripsResponseSchema,
  tripIdParamSchema,
  tripListQuerySchema,
  tripListResponseSchema,
  tripResponseSchema,
} from '../tripSchemas';

const office = { roles: ['office', 'attendance_lead', 'admin'] } as const;
const anyRole = { roles: ['teacher', 'office', 'attendance_lead', 'admin'] } as const;

// `leading` comes before `:id`, so `/api/trips/leading` is not read as a trip id.
export const leadingTrips = defineEndpoint({
  name: 'trips.leading',
  method: 'GET',
  path: '/api/trips/leading',
  summary: 'The trips the signed-in person leads, for the device to keep offline.',
  access: anyRole,
  response: jsonResponse(leadingTripsResponseSchema),
  errors: [],
});

export const listTrips = defineEndpoint({
  name: 'trips.list',
  method: 'GET',
  path: '/api/trips',
  summary: 'Every trip of the school, optionally within dates.',
  access: office,
  query: tripListQuerySchema,
  response: jsonResponse(tripListResponseSchema),
  errors: [],
});

export const createTrip = defineEndpoint({
  name: 'trips.create',
  method: 'POST',
  path: '/api/trips',
  summary: "Creates a trip and pre-enters its pupils' sessions.",
  access: office,
  body: jsonBody(createTripRequestSchema),
  response: jsonResponse(createTripResponseSchema, { status: 201 }),
  errors: [],
});

export const trip = defineEndpoint({
  name: 'trips.get',
  method: 'GET',
  path: '/api/trips/:id',
  summary: 'One trip (office roles, or a leader of it).',
  access: anyRole,
  params: tripIdParamSchema,
  response: jsonResponse(tripResponseSchema),
  errors: ['not_found'],
});

export const TRIP_ENDPOINTS = [leadingTrips, listTrips, createTrip, trip] as const;
