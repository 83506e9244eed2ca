import { z } from 'zod';
import { apiUrlSchema, deviceCredentialsSchema, kioskConfigSchema, type DeviceCredentials, type KioskConfig } from '../../shared';

/** https for the update server, like the API (plain http only on this machine). */
const updateUrlSchema = apiUrlSchema;
const pinnedVersionSchema = z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, { error: 'CHTG_PINNED_VERSION must be a version like 1.4.2' });

export interface LaunchSettings {
  config: KioskConfig;
  /** Credentials handed over by `npm start` for the demo device; stored encrypted on first launch. */
  provisionedCredentials: DeviceCredentials | null;
  kioskMode: boolean;
  /** Open the resident touchscreen window beside the staff window (default on). */
  residentWindow: boolean;
  /** CHTG_ACCEPT_BASIC_TEXT_STORAGE=1: run on Linux's basic_text safeStorage backend despite its risk. */
  acceptBasicTextStorage: boolean;
  /** CHTG_UPDATE_URL: the city's update server (electron-builder generic provider); no updates without it. */
  updateFeedUrl: string | null;
  /** CHTG_PINNED_VERSION: the version the office pinned this van to, if any. */
  pinnedVersion: string | null;
}

/** Reads what `npm start` passes in the environment; bad values stop the app with the reason. */
export function readLaunchSettings(env: Record<string, string | undefined>): LaunchSettings {
  const raw = env.CHTG_KIOSK_CONFIG;
  if (!raw) throw new Error('CHTG_KIOSK_CONFIG is not set: start the kiosk with `npm start`');
  const config = kioskConfigSchema.parse(JSON.parse(raw));
  const creds = env.CHTG_DEVICE_CREDENTIALS ? deviceCredentialsSchema.parse(JSON.parse(env.CHTG_DEVICE_CREDENTIALS)) : null;
  return {
    config,
    provisionedCredentials: creds,
    kioskMode: env.CHTG_KIOSK_MODE === '1',
    residentWindow: env.CHTG_RESIDENT_WINDOW !== '0',
    acceptBasicTextStorage: env.CHTG_ACCEPT_BASIC_TEXT_STORAGE === '1',
    updateFeedUrl: env.CHTG_UPDATE_URL ? updateUrlSchema.parse(env.CHTG_UPDATE_URL) : null,
    pinnedVersion: env.CHTG_PINNED_VERSION ? pinnedVersionSchema.parse(env.CHTG_PINNED_VERSION) : null,
  };
}
