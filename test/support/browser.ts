/**
 * Headless Chromium for the browser tests (the one chromiumExecutable() picks) driven by playwright-core,
 * a throwaway profile, and screenshots kept under test-artifacts/<name>/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { chromiumExecutable } from './chromium-binary.js';

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Saves a full-page screenshot as test-artifacts/<name>/<shot>.png. */
  shot(shot: string): Promise<void>;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/**
 * Starts Chromium with one page open.
 *
 * @example
 * const browser = await openTestBrowser('review-page');
 * await browser.page.goto(url);
 * await browser.shot('queue');
 * await browser.close();
 */
export async function openTestBrowser(name: string, viewport = { width: 1280, height: 900 }): Promise<TestBrowser> {
  const executablePath = chromiumExecutable();
  const artifacts = path.resolve('test-artifacts', name);
  mkdirSync(artifacts, { recursive: true });
  const profile = mkdtempSync(path.join(tmpdir(), 'kronos-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport,
    });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async shot(shot) {
      await page.screenshot({ path: path.join(artifacts, `${shot}.png`), fullPage: true });
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
