/**
 * The CTF API (docs/api.md "Statutory returns: CTF"): the pupils a CTF can be made for, a
 * leaver's CTF out, a joining pupil's CTF in.
 */
import type { Hono } from 'hono';
import * as endpoints from '../../shared/api/endpoints/ctfEndpoints';
import type { AppDeps } from '../appDeps';
import type { AppEnv } from '../http/appEnv';
import { FileReply, serveEndpoint } from '../http/serveEndpoint';
import { ctfPupils, exportLeaverCtf, importCtf } from './ctfService';

/** Adds the CTF routes to the app. */
export function registerCtfRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const actor = (auth: { school: { id: string }; staff: { id: string } }) => ({
    schoolId: auth.school.id,
    staffId: auth.staff.id,
    now: deps.clock.now(),
  });

  serveEndpoint(app, deps, endpoints.ctfPupils, async ({ auth }) =>
    ctfPupils(deps.db, auth.school.id),
  );

  serveEndpoint(app, deps, endpoints.ctfExport, async ({ query, auth }) => {
    const file = await exportLeaverCtf(deps.db, actor(auth), query);
    deps.logger.info('ctf exported', {
      by: auth.staff.id,
      pupil: query.pupilId,
      file: file.fileName,
    });
    // A pupil's data: never kept in a cache.
    return new FileReply(file.xml, { fileName: file.fileName, cacheControl: 'no-store' });
  });

  serveEndpoint(app, deps, endpoints.ctfImport, async ({ body, auth }) => {
    const result = await importCtf(deps.db, actor(auth), body);
    if (result.outcome === 'imported')
      deps.logger.info('ctf imported', {
        by: auth.staff.id,
        import: result.importId,
        pupils: result.pupils.length,
      });
    return result;
  });
}
