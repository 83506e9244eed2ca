import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { compareVersions, KIOSK_VERSION_HEADER, updatePolicySchema, type UpdateCheckAnswer, type UpdatePolicy, type UpdateReadiness } from '../../shared';

/**
 * App updates across the fleet, from the city's own update server (electron-builder's `generic` provider): what a
 * release is, whether this van takes it (newer, inside the release's staged rollout, or the version the office pinned
 * this van to), whether a downloaded file is the one published, and when it may be installed (never with a
 * transaction open; once the day is closed, or at the next start). electron-updater does the download and install in
 * the packaged app; this module decides, and is tested without Electron.
 */

/** A release as electron-builder's latest*.yml describes it (only the fields the decision reads). */
export const updateInfoSchema = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, { error: 'version must be a semantic version like 1.4.2' }),
  files: z
    .array(z.object({ url: z.string().min(1).max(500), sha512: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/), size: z.number().int().min(1).optional() }))
    .min(1),
  releaseDate: z.string().optional(),
  /** electron-builder's staged rollout: the share of installations (0–100) offered this release. */
  stagingPercentage: z.number().min(0).max(100).optional(),
});
export type UpdateInfo = z.infer<typeof updateInfoSchema>;

export class UpdateFeedError extends Error {
  constructor(
    readonly code: 'feed_unreachable' | 'feed_invalid' | 'artifact_unreachable' | 'checksum_mismatch',
    message: string,
  ) {
    super(message);
  }
}

export function parseUpdateInfo(text: string): UpdateInfo {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch {
    throw new UpdateFeedError('feed_invalid', 'the update feed is not valid YAML');
  }
  const parsed = updateInfoSchema.safeParse(raw);
  if (!parsed.success) throw new UpdateFeedError('feed_invalid', `the update feed is not a release: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export { compareVersions };

/** A van's fixed place (0–99) in every staged rollout, from its device id: the same van is always early or late. */
export function stagingBucket(deviceId: string): number {
  return createHash('sha256').update(`chtg-rollout:${deviceId}`).digest().readUInt32BE(0) % 100;
}

export type UpdateDecision =
  | { kind: 'none'; reason: 'up_to_date' | 'not_in_rollout' | 'pinned' | 'pinned_elsewhere'; message: string }
  | { kind: 'download'; version: string; file: UpdateInfo['files'][number]; message: string };

/**
 * What this van does with the release the feed offers. The office's pin wins over everything else; then the share of
 * vans the office offers this release to (`rolloutPercentage`), else the feed's own stagingPercentage.
 */
export function decideUpdate(info: UpdateInfo, van: { currentVersion: string; deviceId: string; pinnedVersion: string | null; rolloutPercentage?: number | null }): UpdateDecision {
  const file = info.files[0]!;
  if (van.pinnedVersion) {
    if (van.pinnedVersion === van.currentVersion) return { kind: 'none', reason: 'pinned', message: `This van is pinned to ${van.pinnedVersion}, which it runs.` };
    if (info.version !== van.pinnedVersion) {
      return { kind: 'none', reason: 'pinned_elsewhere', message: `This van is pinned to ${van.pinnedVersion}; the feed offers ${info.version}.` };
    }
    return { kind: 'download', version: info.version, file, message: `Moving to ${info.version}, the version the office pinned for this van.` };
  }
  if (compareVersions(info.version, van.currentVersion) <= 0) return { kind: 'none', reason: 'up_to_date', message: `${van.currentVersion} is the newest release.` };
  const share = van.rolloutPercentage ?? info.stagingPercentage ?? 100;
  if (stagingBucket(van.deviceId) >= share) {
    return { kind: 'none', reason: 'not_in_rollout', message: `${info.version} is offered to ${share}% of vans so far; this one comes later.` };
  }
  return { kind: 'download', version: info.version, file, message: `${info.version} is available.` };
}

export function sha512Base64(bytes: Uint8Array): string {
  return createHash('sha512').update(bytes).digest('base64');
}

/** The channel file electron-builder publishes for each platform. */
export function channelFile(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'latest.yml' : platform === 'darwin' ? 'latest-mac.yml' : 'latest-linux.yml';
}

type Fetch = (url: string) => Promise<{ ok: boolean; status: number; text(): Promise<string>; arrayBuffer(): Promise<ArrayBuffer> }>;

/** Reads the release the city's server publishes (`<base>/latest*.yml`). */
export async function fetchUpdateInfo(baseUrl: string, platform: NodeJS.Platform, fetch: Fetch): Promise<UpdateInfo> {
  const url = new URL(channelFile(platform), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
  const response = await fetch(url).catch(() => null);
  if (!response?.ok) throw new UpdateFeedError('feed_unreachable', `the update server did not answer (${response?.status ?? 'no answer'}) for ${url}`);
  return parseUpdateInfo(await response.text());
}

/** Downloads a release's file and accepts it only if its SHA-512 is the one the feed published. */
export async function downloadVerified(baseUrl: string, file: UpdateInfo['files'][number], fetch: Fetch): Promise<Uint8Array> {
  const url = new URL(file.url, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
  const response = await fetch(url).catch(() => null);
  if (!response?.ok) throw new UpdateFeedError('artifact_unreachable', `the update file could not be downloaded (${response?.status ?? 'no answer'})`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (sha512Base64(bytes) !== file.sha512) throw new UpdateFeedError('checksum_mismatch', 'the downloaded update does not match its published checksum; it was discarded');
  return bytes;
}

export type { UpdateReadiness };

export const mayInstallNow = (r: UpdateReadiness | null): boolean => r !== null && !r.transactionOpen && r.dayClosed;

/** The part of electron-updater's AppUpdater the service drives; a fake in tests. */
export interface UpdaterBackend {
  check(): Promise<UpdateInfo | null>;
  download(): Promise<void>;
  /** Quits and installs now. */
  installNow(): void;
  /** Installs when the app next quits (or starts), whatever happens first. */
  installOnQuit(enabled: boolean): void;
}

/** Reads this van's update policy from the central API (GET /v1/devices/update-policy) with the device token. */
export async function fetchUpdatePolicy(
  apiOrigin: string,
  token: string,
  appVersion: string,
  fetch: (url: string, init: { headers: Record<string, string> }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>,
): Promise<UpdatePolicy> {
  const response = await fetch(new URL('/v1/devices/update-policy', apiOrigin).href, { headers: { Authorization: `Bearer ${token}`, [KIOSK_VERSION_HEADER]: appVersion } });
  if (!response.ok) throw new Error(`the office did not give the update policy (${response.status})`);
  const parsed = updatePolicySchema.safeParse(await response.json());
  if (!parsed.success) throw new Error('the office sent an update policy this kiosk does not understand');
  return parsed.data;
}

export interface UpdateServiceDeps {
  backend: UpdaterBackend;
  currentVersion: string;
  deviceId: () => string | null;
  /** The pin the van was installed with (CHTG_PINNED_VERSION), used until the office's policy has been read once. */
  pinnedVersion: () => string | null;
  /** The office's policy for this van (pin, rollouts); read before each check. A failure keeps the last one read. */
  policy?: () => Promise<UpdatePolicy>;
  readiness: () => UpdateReadiness | null;
  setTimer: (run: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  log: (message: string, fields?: Record<string, unknown>) => void;
  everyMs?: number;
}

export type UpdateState =
  | { kind: 'idle'; message: string }
  | { kind: 'downloading'; version: string }
  | { kind: 'ready'; version: string }
  | { kind: 'failed'; message: string };

/** Checks at start and daily, downloads in the background, installs only when the counter is closed or on restart. */
export class UpdateService {
  state: UpdateState = { kind: 'idle', message: 'No check yet.' };
  private timer: unknown = null;
  private checking: Promise<void> | null = null;
  private lastPolicy: UpdatePolicy | null = null;

  constructor(private readonly deps: UpdateServiceDeps) {}

  /** The pin in force: the office's, once read (null there means unpinned), else the installed one. */
  pinnedVersion(): string | null {
    return this.lastPolicy ? this.lastPolicy.pinnedVersion : this.deps.pinnedVersion();
  }

  start(): void {
    void this.check();
    const every = this.deps.everyMs ?? 24 * 3_600_000;
    const tick = () => {
      this.timer = this.deps.setTimer(() => {
        void this.check();
        tick();
      }, every);
    };
    tick();
  }

  stop(): void {
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    this.timer = null;
  }

  /** One check (also on demand, e.g. when the API says this kiosk is too old). */
  check(): Promise<void> {
    this.checking ??= this.runCheck().finally(() => (this.checking = null));
    return this.checking;
  }

  /** Called whenever the page reports the counter's state: installs a downloaded update once that is safe. */
  readinessChanged(): void {
    if (this.state.kind === 'ready' && mayInstallNow(this.deps.readiness())) {
      this.deps.log('installing update', { version: this.state.version });
      this.deps.backend.installNow();
    }
  }

  private async runCheck(): Promise<void> {
    const deviceId = this.deps.deviceId();
    if (!deviceId || this.state.kind === 'ready' || this.state.kind === 'downloading') return;
    try {
      // The office's word first: the backend's check (a pinned van may move to an older release) depends on it.
      if (this.deps.policy) {
        this.lastPolicy = await this.deps.policy().catch((error: unknown) => {
          this.deps.log('update policy unavailable; keeping the last one', { reason: error instanceof Error ? error.message : String(error) });
          return this.lastPolicy;
        });
      }
      const info = await this.deps.backend.check();
      if (!info) {
        this.state = { kind: 'idle', message: 'The update server offers nothing.' };
        return;
      }
      const rolloutPercentage = this.lastPolicy?.rollouts.find((r) => r.version === info.version)?.percentage ?? null;
      const decision = decideUpdate(info, { currentVersion: this.deps.currentVersion, deviceId, pinnedVersion: this.pinnedVersion(), rolloutPercentage });
      this.deps.log('update check', { offered: info.version, decision: decision.kind, message: decision.message });
      if (decision.kind === 'none') {
        this.state = { kind: 'idle', message: decision.message };
        return;
      }
      this.state = { kind: 'downloading', version: decision.version };
      await this.deps.backend.download();
      this.state = { kind: 'ready', version: decision.version };
      // Never mid-transaction: now if the day is closed, else at the next start.
      this.deps.backend.installOnQuit(true);
      this.readinessChanged();
    } catch (error) {
      this.state = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
      this.deps.log('update check failed', { reason: this.state.message });
    }
  }
}

/** The state put in the words the kiosk shows beside "This kiosk needs an update". */
export function updateAnswerOf(state: UpdateState): UpdateCheckAnswer {
  switch (state.kind) {
    case 'idle':
      return { kind: 'idle', version: null, message: state.message };
    case 'downloading':
      return { kind: 'downloading', version: state.version, message: `Downloading version ${state.version}…` };
    case 'ready':
      return { kind: 'ready', version: state.version, message: `Version ${state.version} is downloaded: it installs once the day is closed, or at the next start.` };
    case 'failed':
      return { kind: 'failed', version: null, message: `The update check failed (${state.message}); call IT if this stays.` };
  }
}

/**
 * The page asks for a check because the office refused this kiosk's version. Without an update server (not packaged,
 * or no CHTG_UPDATE_URL) the answer says who can help instead.
 */
export async function checkOnDemand(service: Pick<UpdateService, 'check' | 'state'> | null): Promise<UpdateCheckAnswer> {
  if (!service) return { kind: 'unavailable', version: null, message: 'This kiosk has no update server set up: call IT to install the new version.' };
  await service.check();
  return updateAnswerOf(service.state);
}

/**
 * A backend that reads the feed and downloads over plain HTTP with checksum verification (used by tests, and by a
 * host that installs with its own tool): `onDownloaded` receives the verified file.
 */
export function createFeedBackend(options: {
  baseUrl: string;
  platform: NodeJS.Platform;
  fetch: Fetch;
  onDownloaded: (version: string, bytes: Uint8Array) => Promise<void>;
  installNow: () => void;
  installOnQuit: (enabled: boolean) => void;
}): UpdaterBackend {
  let offered: UpdateInfo | null = null;
  return {
    async check() {
      offered = await fetchUpdateInfo(options.baseUrl, options.platform, options.fetch);
      return offered;
    },
    async download() {
      if (!offered) throw new UpdateFeedError('feed_unreachable', 'check for an update before downloading it');
      await options.onDownloaded(offered.version, await downloadVerified(options.baseUrl, offered.files[0]!, options.fetch));
    },
    installNow: options.installNow,
    installOnQuit: options.installOnQuit,
  };
}

/** The part of electron-updater's `autoUpdater` the kiosk uses (typed here so this module never imports Electron). */
export interface ElectronUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<{ updateInfo: unknown } | null>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

/**
 * electron-updater as the backend in the packaged app: the city's generic feed, nothing downloaded or installed on
 * its own (the service decides), downgrades allowed only so that a van pinned to an earlier version can return to it.
 * electron-updater verifies each download's SHA-512 itself.
 */
export function electronUpdaterBackend(updater: ElectronUpdaterLike, feedUrl: string, pinned: () => string | null): UpdaterBackend {
  updater.setFeedURL({ provider: 'generic', url: feedUrl });
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  return {
    async check() {
      updater.allowDowngrade = pinned() !== null;
      const result = await updater.checkForUpdates();
      if (!result) return null;
      const parsed = updateInfoSchema.safeParse(result.updateInfo);
      if (!parsed.success) throw new UpdateFeedError('feed_invalid', 'the update feed is not a release');
      return parsed.data;
    },
    async download() {
      await updater.downloadUpdate();
    },
    installNow: () => updater.quitAndInstall(true, true),
    installOnQuit: (enabled) => {
      updater.autoInstallOnAppQuit = enabled;
    },
  };
}
