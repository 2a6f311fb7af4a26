/* global module -- dependency-cruiser reads its configuration as CommonJS */
// The rooms and their walls (docs/design.md §1 and §1.1), checked by dependency-cruiser as a step
// of `npm test` (.ci/runTests.mjs, after lint). Each rule's comment is what the checker prints when
// an import breaks it. test/tooling/dependencyRules.test.ts feeds it imports that break each rule.

/** Server rooms every other server room may use: the plumbing and the register's own store. */
const SERVER_SHARED = ['http', 'db', 'auth', 'school', 'register', 'mail'];
/** Server rooms with one job each: none imports another. `cli/` is an entry point, like main.ts. */
const SERVER_FEATURES = [
  'sync',
  'accounts',
  'office',
  'trips',
  'reports',
  'data',
  'admin',
  'setup',
  'retention',
  'demo',
  'ops',
  'pupils',
  'parents',
  'casework',
  'statutory',
  'mis',
];
/** Client rooms every feature may use. */
const CLIENT_SHARED = ['db', 'api', 'ui', 'marks', 'auth', 'sync', 'pwa'];
/** Client features: the sections and screens a person opens. None imports another. */
const CLIENT_FEATURES = [
  'register',
  'office',
  'trips',
  'reports',
  'admin',
  'setup',
  'account',
  'parent',
  'casework',
  'statutory',
  'governors',
];

const any = (names) => `(${names.join('|')})`;
const isTest = '\\.(test|fixture)\\.tsx?$|testSupport\\.fixture\\.ts$';

/**
 * One rule per feature room: it may not import another feature room of the same side. Tests and
 * their fixtures may, as the app itself does when it puts the sections together.
 */
function featureWalls(side, features) {
  return features.map((room) => ({
    name: `${side}-${room}-stays-in-its-room`,
    comment: `src/${side}/${room}/ is a feature room: it may use src/${side}'s shared rooms, never another feature (docs/design.md §1.1).`,
    severity: 'error',
    from: { path: `^src/${side}/${room}/`, pathNot: isTest },
    to: {
      path: `^src/${side}/${any(features)}/`,
      pathNot: `^src/${side}/${room}/`,
    },
  }));
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'src has no circle of imports: a module may not import, directly or not, itself.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'domain-imports-only-domain',
      comment:
        'src/domain may import only itself, zod, date-fns and @date-fns/tz (docs/design.md §1).',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: isTest },
      to: {
        pathNot: ['^src/domain/', '^node_modules/(zod|date-fns|@date-fns/tz)/'],
      },
    },
    {
      name: 'shared-imports-only-shared-and-domain',
      comment: 'src/shared may import only itself, src/domain and zod (docs/design.md §1).',
      severity: 'error',
      from: { path: '^src/shared/', pathNot: isTest },
      to: { pathNot: ['^src/shared/', '^src/domain/', '^node_modules/zod/'] },
    },
    {
      name: 'client-never-imports-server',
      comment: 'The client and the server never import each other (docs/design.md §1).',
      severity: 'error',
      from: { path: '^src/client/' },
      to: { path: '^src/server/' },
    },
    {
      name: 'server-never-imports-client',
      comment: 'The client and the server never import each other (docs/design.md §1).',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/client/' },
    },
    {
      name: 'server-shared-rooms-never-import-features',
      comment:
        'A shared server room (http, db, auth, school, register, mail) is used by the features and never uses one (docs/design.md §1.1).',
      severity: 'error',
      from: { path: `^src/server/${any(SERVER_SHARED)}/` },
      to: { path: `^src/server/${any(SERVER_FEATURES)}/` },
    },
    {
      name: 'server-rooms-never-import-the-entry-points',
      comment:
        'main.ts, app.ts, prepareDatabase.ts and cli/ put the server together; no room imports them (docs/design.md §1.1).',
      severity: 'error',
      from: { path: `^src/server/${any([...SERVER_SHARED, ...SERVER_FEATURES])}/` },
      to: { path: '^src/server/(main|app|prepareDatabase)\\.ts$|^src/server/cli/' },
    },
    ...featureWalls('server', SERVER_FEATURES),
    {
      name: 'client-shared-rooms-never-import-features',
      comment:
        'A shared client room (db, api, ui, marks, auth, sync, pwa) is used by the features and never uses one, nor the shell that puts them together (docs/design.md §1.1).',
      severity: 'error',
      from: { path: `^src/client/${any(CLIENT_SHARED)}/`, pathNot: isTest },
      to: {
        path: `^src/client/(${CLIENT_FEATURES.join('|')}|shell|startup)/|^src/client/(App|main)\\.tsx$`,
      },
    },
    ...featureWalls('client', CLIENT_FEATURES),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
    cache: false,
  },
};
