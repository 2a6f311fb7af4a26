/**
 * The settings endpoints (src/shared/api/endpoints/settingsEndpoints.ts; docs/api.md,
 * "Settings"): the attendance lead and admins read the school's rules and their versions,
 * preview new rules and save them as a new version. Teachers and office staff are refused (403).
 */
import type { Hono } from 'hono';
import * as settings from '../../shared/api/endpoints/settingsEndpoints';
import type { AppDeps } from '../appDeps';
import type { AppEnv } from '../http/appEnv';
import { serveEndpoint } from '../http/serveEndpoint';
import {
  previewSettings,
  readSettings,
  saveSettings,
  type SettingsAuthor,
} from './settingsService';

export function registerSettingsRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const { db, clock } = deps;

  serveEndpoint(app, deps, settings.readSettings, async ({ auth }) =>
    readSettings(db, auth.school.id, clock.now()),
  );

  serveEndpoint(app, deps, settings.previewSettings, async ({ body, auth }) =>
    previewSettings(db, auth.school.id, clock.now(), body),
  );

  serveEndpoint(app, deps, settings.saveSettings, async ({ body, auth }) => {
    // The role the change is recorded under: admin when the person is one, else attendance lead.
    const author: SettingsAuthor = {
      staffId: auth.staff.id,
      name: auth.staff.name,
      role: auth.roles.includes('admin') ? 'admin' : 'attendance_lead',
    };
    return saveSettings(db, auth.school.id, author, clock.now(), body);
  });
}
