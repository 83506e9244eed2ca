import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { DeviceCredentials, KioskConfig } from '../shared';

export interface KioskWebOptions {
  rendererDir?: string;
  config: KioskConfig;
  credentials: DeviceCredentials | null;
  version?: string;
  port?: number;
  host?: string;
}

/**
 * Serves the built kiosk page to any Chromium, with the browser host's bootstrap beside it: the same renderer that
 * Electron loads, with the browser implementation of the host bridge standing in for the preload.
 */
export async function startKioskWebServer(options: KioskWebOptions): Promise<{ app: FastifyInstance; url: string }> {
  const root = resolve(options.rendererDir ?? 'out/renderer');
  if (!existsSync(resolve(root, 'index.html'))) {
    throw new Error(`no built kiosk in ${root}: run \`npm run build\` first`);
  }
  // Static files only, nothing worth waiting for: close() cuts every connection, including a browser's speculative
  // socket that never sends a request (Node would hold the close for headersTimeout, 60 s, on it).
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.get('/kiosk-bootstrap.json', async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return { config: options.config, credentials: options.credentials, version: options.version ?? '0.1.0' };
  });
  await app.register(fastifyStatic, { root, index: ['index.html'] });
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { app, url: `http://${host}:${port}/` };
}
