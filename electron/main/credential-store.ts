import type { SafeStorage } from 'electron';
import { deviceCredentialsSchema, type DeviceCredentials } from '../../shared';

export interface SecretFiles {
  read(): Promise<Buffer | null>;
  write(data: Buffer): Promise<void>;
  remove(): Promise<void>;
}
/** @deprecated name kept for callers; see SecretFiles. */
export type CredentialFiles = SecretFiles;

export type SafeStorageLike = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>;

export class CredentialStoreError extends Error {
  constructor(
    readonly code: 'encryption_unavailable' | 'weak_backend' | 'corrupt',
    message: string,
  ) {
    super(message);
  }
}

export interface SafeStoragePolicy {
  platform: NodeJS.Platform;
  /** An explicit setting (CHTG_ACCEPT_BASIC_TEXT_STORAGE=1) that accepts Linux's basic_text backend and its risk. */
  acceptBasicText: boolean;
}

export const BASIC_TEXT_MESSAGE =
  'This Linux session has no keyring (safeStorage chose its "basic_text" backend, which encrypts with a key built into ' +
  'every copy of Chromium), so the device secret and the staff key would be as readable as plain files. Start the kiosk ' +
  'in a desktop session with GNOME Keyring or KWallet (or pass --password-store=gnome-libsecret), or set ' +
  'CHTG_ACCEPT_BASIC_TEXT_STORAGE=1 to accept that risk explicitly.';

/**
 * Whether safeStorage may protect the kiosk's secrets: encryption must be available, and on Linux the backend must be
 * a real keyring unless the risk was accepted explicitly. Throws a CredentialStoreError with the reason.
 */
export async function assertSafeStorage(safeStorage: SafeStorageLike, policy: SafeStoragePolicy): Promise<void> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    throw new CredentialStoreError('encryption_unavailable', 'The OS keychain is not available to protect the device secret.');
  }
  if (policy.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text' && !policy.acceptBasicText) {
    throw new CredentialStoreError('weak_backend', BASIC_TEXT_MESSAGE);
  }
}

/** One secret string in a file, encrypted by the OS keychain through safeStorage's async API. */
export function createSecretFile(safeStorage: SafeStorageLike, policy: SafeStoragePolicy, files: SecretFiles) {
  return {
    async read(): Promise<string | null> {
      const data = await files.read();
      if (!data) return null;
      await assertSafeStorage(safeStorage, policy);
      let decrypted: { result: string; shouldReEncrypt: boolean };
      try {
        decrypted = await safeStorage.decryptStringAsync(data);
      } catch {
        throw new CredentialStoreError('corrupt', 'A stored secret cannot be read with this computer’s keychain; enrol the device again.');
      }
      // The keychain rotated its key: store the secret again under the new one.
      if (decrypted.shouldReEncrypt) await files.write(await safeStorage.encryptStringAsync(decrypted.result));
      return decrypted.result;
    },
    async write(secret: string | null): Promise<void> {
      if (secret === null) return files.remove();
      await assertSafeStorage(safeStorage, policy);
      await files.write(await safeStorage.encryptStringAsync(secret));
    },
  };
}

/** Keeps the device secret in main, encrypted by the OS keychain through safeStorage; the page never sees it. */
export function createCredentialStore(safeStorage: SafeStorageLike, policy: SafeStoragePolicy, files: SecretFiles) {
  const file = createSecretFile(safeStorage, policy, files);
  return {
    async get(): Promise<DeviceCredentials | null> {
      const text = await file.read();
      if (text === null) return null;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new CredentialStoreError('corrupt', 'The stored device secret cannot be read; enrol the device again.');
      }
      const parsed = deviceCredentialsSchema.safeParse(json);
      if (!parsed.success) throw new CredentialStoreError('corrupt', 'The stored device secret is malformed; enrol the device again.');
      return parsed.data;
    },
    async set(credentials: DeviceCredentials | null): Promise<void> {
      await file.write(credentials ? JSON.stringify(deviceCredentialsSchema.parse(credentials)) : null);
    },
  };
}
export type CredentialStore = ReturnType<typeof createCredentialStore>;

/**
 * The per-device data key (32 random bytes) that wraps the staff PIN hashes the page stores. Made on first use and
 * kept only under safeStorage, so a copy of the kiosk's database without this computer's keychain cannot be attacked
 * offline.
 */
export function createDataKeyStore(safeStorage: SafeStorageLike, policy: SafeStoragePolicy, files: SecretFiles, randomBytes: (n: number) => Uint8Array) {
  const file = createSecretFile(safeStorage, policy, files);
  let cached: Promise<Uint8Array> | null = null;
  async function load(): Promise<Uint8Array> {
    const stored = await file.read();
    if (stored !== null) {
      const key = Buffer.from(stored, 'base64');
      if (key.length !== 32) throw new CredentialStoreError('corrupt', 'The stored data key is malformed.');
      return new Uint8Array(key);
    }
    const key = randomBytes(32);
    await file.write(Buffer.from(key).toString('base64'));
    return new Uint8Array(key);
  }
  return {
    get(): Promise<Uint8Array> {
      cached ??= load().catch((error: unknown) => {
        cached = null;
        throw error;
      });
      return cached;
    },
  };
}
