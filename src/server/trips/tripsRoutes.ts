/** The trips API. Routes are added here and registered by app.ts. */
import type { Hono } from 'hono';
import type { AppDeps } from '../appDeps';
import type { AppEnv } from '../http/appEnv';

/** Adds the trips routes to the app. */
export function registerTripRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  void app;
  void deps;
}
