/**
 * Start-up: open the database, start the sync engine and its triggers (flush on start, online,
 * tab visible, after marks, on a timer), mirror its status into the status store, ask for
 * persistent storage, and render the app with the update prompt beside it.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, type AppServices } from './App';
import { systemClock, systemTimers } from './clock';
import { getDb } from './db/db';
import { browserPlatform } from './pwa/platform';
import { ReloadPrompt } from './pwa/ReloadPrompt';
import { bindSyncStatusStore } from './stores/syncStatusStore';
import { requestPersistentStorage } from './sync/storagePersistence';
import { createSyncClient } from './sync/syncClient';
import { createSyncEngine } from './sync/syncEngine';
import { startSyncTriggers } from './sync/syncTriggers';
import './styles/base.css';
import './styles/screens.css';
import './styles/register.css';

const db = getDb();
const engine = createSyncEngine({
  db,
  client: createSyncClient(),
  clock: systemClock,
  timers: systemTimers,
});
bindSyncStatusStore(engine);
startSyncTriggers(engine, window);

const askToPersist = () => {
  void requestPersistentStorage(db).catch(() => undefined);
};
askToPersist();

const services: AppServices = {
  db,
  clock: systemClock,
  timers: systemTimers,
  platform: browserPlatform(),
  requestSync: () => engine.requestFlush('manual'),
  requestPersistence: askToPersist,
};

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App services={services} />
    <ReloadPrompt db={db} />
  </StrictMode>,
);
