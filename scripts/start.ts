import { spawn } from 'node:child_process';
import { startDemoStack } from './demo-stack';
import { findElectronBinary, NO_ELECTRON_MESSAGE } from './electron-binary';

/** `npm start`: the central API on embedded SQLite with demo data, then the Electron kiosk. */
async function main(): Promise<void> {
  const stack = await startDemoStack(process.env);
  const electron = findElectronBinary();
  if (!electron) {
    await stack.server.close();
    console.error(`\n${NO_ELECTRON_MESSAGE}\n`);
    process.exit(1);
  }
  const child = spawn(electron, ['.'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      CHTG_KIOSK_CONFIG: JSON.stringify(stack.config),
      CHTG_DEVICE_CREDENTIALS: JSON.stringify(stack.credentials),
    },
  });
  child.on('exit', (code) => {
    void stack.server.close().then(() => process.exit(code ?? 0));
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
