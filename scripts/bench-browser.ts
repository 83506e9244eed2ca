import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Fastify from 'fastify';
import fastifyStatic from '@fastify/static';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

/**
 * Builds the benchmark page (the kiosk's own db, outbox and sync modules) and opens it in Debian's Chromium with an
 * on-disk profile: an incognito context would keep IndexedDB in memory and flatter every figure.
 */
export async function openBenchPage(): Promise<{ page: Page; context: BrowserContext; origin: string; close: () => Promise<void> }> {
  const outDir = mkdtempSync(join(tmpdir(), 'chtg-bench-page-'));
  const profileDir = mkdtempSync(join(tmpdir(), 'chtg-bench-profile-'));
  await build({
    root: resolve('tests/bench'),
    base: './',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, rolldownOptions: { input: resolve('tests/bench/index.html') } },
  });
  const web = Fastify();
  await web.register(fastifyStatic, { root: outDir });
  const url = await web.listen({ port: 0, host: '127.0.0.1' });
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${url}/index.html`);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  return {
    page,
    context,
    origin: new URL(url).origin,
    async close() {
      await context.close();
      await web.close();
      rmSync(outDir, { recursive: true, force: true });
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
