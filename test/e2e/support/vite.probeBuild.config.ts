/**
 * The app's own build with the Unlock button's recorder (unlockBoxes.ts `recordUnlockBoxes`) as
 * the first script of index.html, for WebKit: its WebDriver cannot add a script before a page's
 * own, as Playwright does in Chromium. The recorder is a file of the build (`unlock-boxes.js`),
 * so the service worker precaches it with the rest and an offline reload runs it too, under the
 * server's Content-Security-Policy (scripts from the app's own origin only).
 */
import { mergeConfig, type Plugin } from 'vite';
import baseConfig from '../../../vite.config';
import { recordUnlockBoxes } from './unlockBoxes';

const FILE = 'unlock-boxes.js';

const recorder: Plugin = {
  name: 'tickmark-e2e-unlock-boxes',
  transformIndexHtml: (html) => html.replace('<head>', `<head><script src="/${FILE}"></script>`),
  generateBundle() {
    this.emitFile({
      type: 'asset',
      fileName: FILE,
      source: `(${recordUnlockBoxes.toString()})();\n`,
    });
  },
};

export default mergeConfig(baseConfig, { plugins: [recorder] });
