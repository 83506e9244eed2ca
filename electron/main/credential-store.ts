import type { SafeStorage } from 'electron';
import { deviceCredentialsSchema, type DeviceCredentials } from '../../shared';

export interface CredentialFiles {
  read(): Promise<Buffer | null>;
  write(data: Buffer): Promise<void>;
  remove(): Promise<void>;
}

export class CredentialStoreError extends Error {
  constructor(
    readonly code: 'encryption_unavailable' | 'corrupt',
    message: string,
  ) {
    super(message);
  }
}

/** Keeps the device secret in main, encrypted by the OS keychain through safeStorage; the page never stores it. */
export function createCredentialStore(safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>, files: CredentialFiles) {
  return {
    async get(): Promise<DeviceCredentials | null> {
      const data = await files.read();
      if (!data) return null;
      if (!safeStorage.isEncryptionAvailable()) {
        throw new CredentialStoreError('encryption_unavailable', 'the OS keychain is not available to decrypt the device secret');
      }
      let json: unknown;
      try {
        json = JSON.parse(safeStorage.decryptString(data));
      } catch {
        throw new CredentialStoreError('corrupt', 'the stored device secret cannot be read; enrol the device again');
      }
      const parsed = deviceCredentialsSchema.safeParse(json);
      if (!parsed.success) throw new CredentialStoreError('corrupt', 'the stored device secret is malformed; enrol the device again');
      return parsed.data;
    },
    async set(credentials: DeviceCredentials | null): Promise<void> {
      if (!credentials) return files.remove();
      if (!safeStorage.isEncryptionAvailable()) {
        throw new CredentialStoreError('encryption_unavailable', 'the OS keychain is not available to protect the device secret');
      }
      await files.write(safeStorage.encryptString(JSON.stringify(deviceCredentialsSchema.parse(credentials))));
    },
  };
}
export type CredentialStore = ReturnType<typeof createCredentialStore>;
