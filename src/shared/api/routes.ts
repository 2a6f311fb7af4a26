/** Every API path lives here so that client and server cannot drift apart. */
export const API_PREFIX = '/api';

export const ROUTES = {
  health: `${API_PREFIX}/health`,
} as const;
