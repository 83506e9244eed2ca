import { readServerEnv } from './config';
import { startServer } from './server';

/** `npm run server`: the central API alone, configured by PORT, DATA_DIR, DATABASE_URL, ADMIN_TOKEN. */
async function main(): Promise<void> {
  const env = readServerEnv(process.env);
  const server = await startServer(env);
  console.log(`City Hall To Go central API listening on ${server.url}`);
  console.log(`  store: ${server.store.kind}${server.store.kind === 'sqlite' ? ` (data in ${server.dataDir})` : ''}`);
  const shutdown = async (signal: string) => {
    console.log(`${signal}: finishing in-flight requests, then stopping`);
    await server.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
