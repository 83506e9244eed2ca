import { deviceCredentialsSchema, kioskConfigSchema, type DeviceCredentials, type KioskConfig } from '../../shared';

export interface LaunchSettings {
  config: KioskConfig;
  /** Credentials handed over by `npm start` for the demo device; stored encrypted on first launch. */
  provisionedCredentials: DeviceCredentials | null;
  kioskMode: boolean;
  /** Open the resident touchscreen window beside the staff window (default on). */
  residentWindow: boolean;
  /** CHTG_ACCEPT_BASIC_TEXT_STORAGE=1: run on Linux's basic_text safeStorage backend despite its risk. */
  acceptBasicTextStorage: boolean;
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
  };
}
