/**
 * The settings endpoints (docs/api.md, "Settings"): the attendance lead and admins read the
 * school's rules and their versions, preview new rules and save them as a new version. Teachers
 * and office staff are refused (403).
 */
import type { Hono } from 'hono';
import {
  previewSettingsRequestSchema,
  saveSettingsRequestSchema,
  SETTINGS_ROUTES,
} from '../../shared/api/settingsSchemas';
import type { AppDeps } from '../appDeps';
import { requireRole, requireSession } from '../auth/requireSession';
import type { AppEnv } from '../http/appEnv';
import { readJsonBody } from '../http/parseRequest';
import {
  previewSettings,
  readSettings,
  saveSettings,
  type SettingsAuthor,
} from './settingsService';

export function registerSettingsRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const { db, clock } = deps;
  const editors = [requireSession(deps), requireRole('attendance_lead', 'admin')] as const;

  app.get(SETTINGS_ROUTES.settings, ...editors, async (c) =>
    c.json(await readSettings(db, c.get('auth').school.id, clock.now())),
  );

  app.post(SETTINGS_ROUTES.preview, ...editors, async (c) => {
    const request = await readJsonBody(c, previewSettingsRequestSchema);
    return c.json(await previewSettings(db, c.get('auth').school.id, clock.now(), request));
  });

  app.post(SETTINGS_ROUTES.settings, ...editors, async (c) => {
    const request = await readJsonBody(c, saveSettingsRequestSchema);
    const auth = c.get('auth');
    // The role the change is recorded under: admin when the person is one, else attendance lead.
    const author: SettingsAuthor = {
      staffId: auth.staff.id,
      name: auth.staff.name,
      role: auth.roles.includes('admin') ? 'admin' : 'attendance_lead',
    };
    const saved = await saveSettings(db, auth.school.id, author, clock.now(), request);
    return c.json(saved, 201);
  });
}
