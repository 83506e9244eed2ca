import { kioskConfigSchema, deviceCredentialsSchema } from '../shared';
import { startDemoStack } from './demo-stack';
import { startKioskWebServer } from './kiosk-web-server';

/**
 * `npm run start:web`: the central API with demo data plus the kiosk served to any Chromium. With API_URL set, the
 * kiosk points at that API instead and no local API is started.
 */
async function main(): Promise<void> {
  let stop: () => Promise<void> = async () => {};
  let config;
  let credentials = null;
  if (process.env.API_URL) {
    config = kioskConfigSchema.parse({ apiUrl: process.env.API_URL, cityName: 'City of Boston', vanName: 'City Hall To Go' });
    if (process.env.DEVICE_CREDENTIALS) credentials = deviceCredentialsSchema.parse(JSON.parse(process.env.DEVICE_CREDENTIALS));
    console.log(`Kiosk pointed at the API at ${config.apiUrl}`);
  } else {
    // The API answers CORS only for the kiosk's own origins: the Electron app's and this page's (both spellings of loopback).
    const webPort = Number(process.env.WEB_PORT ?? 5173);
    const origins = [process.env.CORS_ORIGINS ?? 'app://kiosk', `http://127.0.0.1:${webPort}`, `http://localhost:${webPort}`].join(',');
    const stack = await startDemoStack({ ...process.env, CORS_ORIGINS: origins });
    config = stack.config;
    credentials = stack.credentials;
    stop = () => stack.server.close();
  }
  const web = await startKioskWebServer({ config, credentials, port: Number(process.env.WEB_PORT ?? 5173) });
  console.log(`Kiosk: open ${web.url} in Chromium`);
  const shutdown = async () => {
    await web.app.close();
    await stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
