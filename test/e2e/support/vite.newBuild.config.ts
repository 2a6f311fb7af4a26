/**
 * The app's own build with one visible difference: index.html carries
 * `<meta name="tickmark-build" content="…">` (from TICKMARK_E2E_BUILD). The update test deploys
 * this as "the new version": its index.html, and so its service worker's precache list, differ
 * from the build the tablet is running.
 */
import { mergeConfig, type Plugin } from 'vite';
import baseConfig from '../../../vite.config';

const buildLabel: Plugin = {
  name: 'tickmark-e2e-build-label',
  transformIndexHtml: (html) =>
    html.replace(
      '</head>',
      `<meta name="tickmark-build" content="${process.env.TICKMARK_E2E_BUILD ?? 'e2e-new'}" /></head>`,
    ),
};

export default mergeConfig(baseConfig, { plugins: [buildLabel] });
