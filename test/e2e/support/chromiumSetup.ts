/**
 * Once per run of the e2e project: one headless Chromium for every test file
 * (`connectChromium` in browser.ts), closed at the end of the run. Starting a browser per file
 * cost a second or two of both cores each time; the files keep apart through their own browser
 * contexts, servers and ports.
 */
import type { BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { launchChromiumServer } from './browser';

let server: BrowserServer | null = null;

export async function setup(project: TestProject): Promise<void> {
  server = await launchChromiumServer();
  project.provide('e2eChromium', server.wsEndpoint());
}

export async function teardown(): Promise<void> {
  await server?.close();
  server = null;
}
