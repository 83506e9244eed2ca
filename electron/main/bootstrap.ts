import type { App, Menu as MenuNamespace, Protocol } from 'electron';
import { appSchemes } from './app-protocol';

/**
 * What must happen before the app is ready: the app:// scheme registered as privileged, every renderer sandboxed,
 * and no application menu at all (the default one carries Reload, Force Reload and Toggle Developer Tools).
 */
export function prepareApp(app: Pick<App, 'enableSandbox'>, menu: Pick<typeof MenuNamespace, 'setApplicationMenu'>, protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged(appSchemes);
  app.enableSandbox();
  menu.setApplicationMenu(null);
}
