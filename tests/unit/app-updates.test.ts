import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  checkOnDemand,
  compareVersions,
  createFeedBackend,
  decideUpdate,
  electronUpdaterBackend,
  fetchUpdatePolicy,
  mayInstallNow,
  parseUpdateInfo,
  stagingBucket,
  UpdateService,
  type ElectronUpdaterLike,
  type UpdateInfo,
  type UpdateReadiness,
} from '../../electron/main/updates';

const release = (version: string, stagingPercentage?: number, sha512 = 'AAAA'): UpdateInfo => ({ version, files: [{ url: `City-Hall-To-Go-${version}.AppImage`, sha512, size: 4 }], ...(stagingPercentage === undefined ? {} : { stagingPercentage }) });

describe('which release a van takes', () => {
  it.each([
    ['1.2.0', '1.1.9', 1],
    ['1.10.0', '1.9.3', 1],
    ['2.0.0', '10.0.0', -1],
    ['1.2.0', '1.2.0', 0],
    ['1.2.0-beta.1', '1.2.0', -1],
    ['1.2.0-beta.2', '1.2.0-beta.1', 1],
  ])('%s against %s is %i', (a, b, order) => expect(compareVersions(a, b)).toBe(order));

  it('a staged rollout takes a steady share of vans, the same ones every time', () => {
    const vans = Array.from({ length: 1000 }, (_, i) => `dev-van-${i}`);
    const inTenPercent = vans.filter((d) => decideUpdate(release('1.3.0', 10), { currentVersion: '1.2.0', deviceId: d, pinnedVersion: null }).kind === 'download');
    expect(inTenPercent.length).toBeGreaterThan(60);
    expect(inTenPercent.length).toBeLessThan(140);
    // Raising the share keeps every van already in it.
    const inHalf = new Set(vans.filter((d) => stagingBucket(d) < 50));
    for (const d of inTenPercent) expect(inHalf.has(d)).toBe(true);
    expect(vans.every((d) => stagingBucket(d) === stagingBucket(d))).toBe(true);
  });

  it.each([
    ['nothing newer', release('1.2.0'), null, 'none', 'up_to_date'],
    ['an older release', release('1.1.0'), null, 'none', 'up_to_date'],
    ['a newer release for everyone', release('1.3.0'), null, 'download', null],
    ['a release staged at 0%', release('1.3.0', 0), null, 'none', 'not_in_rollout'],
    ['pinned to the version it runs', release('1.3.0'), '1.2.0', 'none', 'pinned'],
    ['pinned to another version than the feed offers', release('1.3.0'), '1.2.5', 'none', 'pinned_elsewhere'],
    ['pinned to the offered version, even at 0% and even older', release('1.1.0', 0), '1.1.0', 'download', null],
  ])('%s', (_name, info, pinned, kind, reason) => {
    const decision = decideUpdate(info, { currentVersion: '1.2.0', deviceId: 'dev-any', pinnedVersion: pinned });
    expect(decision.kind).toBe(kind);
    if (reason) expect(decision).toMatchObject({ reason });
  });

  it.each([
    ['not YAML', 'version: [1.2'],
    ['no version', 'files:\n  - url: a\n    sha512: AAAA\n'],
    ['a version that is not semantic', 'version: latest\nfiles:\n  - url: a\n    sha512: AAAA\n'],
    ['no files', 'version: 1.2.0\nfiles: []\n'],
    ['a staging share over 100', 'version: 1.2.0\nstagingPercentage: 150\nfiles:\n  - url: a\n    sha512: AAAA\n'],
  ])('refuses a feed with %s', (_name, text) => {
    expect(() => parseUpdateInfo(text)).toThrow(expect.objectContaining({ code: 'feed_invalid' }));
  });

  it('installs only with no transaction open and the day closed', () => {
    expect(mayInstallNow(null)).toBe(false);
    expect(mayInstallNow({ transactionOpen: false, dayClosed: false })).toBe(false);
    expect(mayInstallNow({ transactionOpen: true, dayClosed: true })).toBe(false);
    expect(mayInstallNow({ transactionOpen: false, dayClosed: true })).toBe(true);
  });
});

describe('the update service against a city update server on this machine', () => {
  let server: Server;
  let base: string;
  let published: { yml: string; artifact: Buffer };
  /** What the office answers on GET /v1/devices/update-policy (this server plays the central API too). */
  let office: { status: number; body: unknown; reads: number; authorization: string[] };
  beforeEach(async () => {
    const artifact = Buffer.from('pretend AppImage bytes for 1.3.0');
    const sha512 = createHash('sha512').update(artifact).digest('base64');
    published = { artifact, yml: `version: 1.3.0\nreleaseDate: '2026-12-01T10:00:00.000Z'\nfiles:\n  - url: City-Hall-To-Go-1.3.0.AppImage\n    sha512: ${sha512}\n    size: ${artifact.length}\npath: City-Hall-To-Go-1.3.0.AppImage\nsha512: ${sha512}\n` };
    office = { status: 200, body: { pinnedVersion: null, rollouts: [] }, reads: 0, authorization: [] };
    server = createServer((request, response) => {
      if (request.url === '/v1/devices/update-policy') {
        office.reads++;
        office.authorization.push(String(request.headers.authorization));
        response.statusCode = office.status;
        response.setHeader('content-type', 'application/json');
        return void response.end(JSON.stringify(office.body));
      }
      if (request.url === '/kiosk/latest-linux.yml') return void response.end(published.yml);
      if (request.url === '/kiosk/City-Hall-To-Go-1.3.0.AppImage') return void response.end(published.artifact);
      response.statusCode = 404;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kiosk/`;
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function service(options: { readiness: UpdateReadiness | null; pinned?: string | null; current?: string; officePolicy?: boolean }) {
    const installed = { now: 0, onQuit: false, files: [] as string[] };
    let readiness = options.readiness;
    const backend = createFeedBackend({
      baseUrl: base,
      platform: 'linux',
      fetch: (url) => fetch(url),
      onDownloaded: async (version, bytes) => void installed.files.push(`${version}:${bytes.length}`),
      installNow: () => void installed.now++,
      installOnQuit: (on) => void (installed.onQuit = on),
    });
    const timers: { run: () => void; ms: number }[] = [];
    const svc = new UpdateService({
      backend,
      currentVersion: options.current ?? '1.2.0',
      deviceId: () => 'dev-van-7',
      pinnedVersion: () => options.pinned ?? null,
      ...(options.officePolicy ? { policy: () => fetchUpdatePolicy(new URL(base).origin, 'van-token-7', options.current ?? '1.2.0', (url, init) => fetch(url, init)) } : {}),
      readiness: () => readiness,
      setTimer: (run, ms) => timers.push({ run, ms }),
      clearTimer: () => {},
      log: () => {},
    });
    return { svc, installed, timers, setReadiness: (r: UpdateReadiness) => (readiness = r) };
  }

  it('downloads and verifies a new release in the background, and installs it only once the day is closed', async () => {
    const { svc, installed, setReadiness } = service({ readiness: { transactionOpen: true, dayClosed: false } });
    await svc.check();
    expect(svc.state).toEqual({ kind: 'ready', version: '1.3.0' });
    expect(installed.files).toEqual([`1.3.0:${published.artifact.length}`]);
    // Not now (a clerk is mid-transaction), but at the next start at the latest.
    expect(installed).toMatchObject({ now: 0, onQuit: true });
    setReadiness({ transactionOpen: false, dayClosed: false });
    svc.readinessChanged();
    expect(installed.now).toBe(0);
    setReadiness({ transactionOpen: false, dayClosed: true });
    svc.readinessChanged();
    expect(installed.now).toBe(1);
  });

  it('discards a download whose checksum is not the published one', async () => {
    published.artifact = Buffer.from('tampered bytes');
    const { svc, installed } = service({ readiness: { transactionOpen: false, dayClosed: true } });
    await svc.check();
    expect(svc.state).toMatchObject({ kind: 'failed', message: expect.stringContaining('does not match its published checksum') });
    expect(installed).toMatchObject({ now: 0, onQuit: false, files: [] });
  });

  it('a van pinned by the office stays on its version', async () => {
    const { svc, installed } = service({ readiness: { transactionOpen: false, dayClosed: true }, pinned: '1.2.0' });
    await svc.check();
    expect(svc.state).toMatchObject({ kind: 'idle', message: expect.stringContaining('pinned to 1.2.0') });
    expect(installed.files).toEqual([]);
  });

  describe('the office’s policy, read before each check', () => {
    const ready = { transactionOpen: false, dayClosed: true };
    const feed = (version: string) => {
      const artifact = Buffer.from(`pretend AppImage bytes for ${version}`);
      const sha512 = createHash('sha512').update(artifact).digest('base64');
      published = { artifact, yml: `version: ${version}\nfiles:\n  - url: City-Hall-To-Go-1.3.0.AppImage\n    sha512: ${sha512}\n    size: ${artifact.length}\n` };
    };

    it('a van the office pinned to the version it runs never takes a newer release, even one offered to every van', async () => {
      office.body = { pinnedVersion: '1.2.0', rollouts: [{ version: '1.3.0', percentage: 100 }] };
      const { svc, installed } = service({ readiness: ready, officePolicy: true });
      await svc.check();
      expect(svc.state).toMatchObject({ kind: 'idle', message: expect.stringContaining('pinned to 1.2.0') });
      expect(installed.files).toEqual([]);
      expect(office.authorization).toEqual(['Bearer van-token-7']);
      expect(svc.pinnedVersion()).toBe('1.2.0');
    });

    it('a pinned van takes its pinned version, and no newer one once the feed moves on', async () => {
      office.body = { pinnedVersion: '1.3.0', rollouts: [{ version: '1.3.0', percentage: 0 }] };
      const first = service({ readiness: ready, officePolicy: true });
      await first.svc.check();
      expect(first.svc.state).toEqual({ kind: 'ready', version: '1.3.0' });
      expect(first.installed.files).toEqual([`1.3.0:${published.artifact.length}`]);
      // The feed now offers 1.4.0 to everyone; the van pinned to 1.3.0 (and running it) stays.
      feed('1.4.0');
      const later = service({ readiness: ready, current: '1.3.0', officePolicy: true });
      await later.svc.check();
      expect(later.svc.state).toMatchObject({ kind: 'idle', message: expect.stringContaining('pinned to 1.3.0') });
      // A van still on 1.2.0 and pinned to 1.3.0 is not moved to 1.4.0 either.
      const behind = service({ readiness: ready, officePolicy: true });
      await behind.svc.check();
      expect(behind.svc.state.kind).toBe('idle');
      expect([...later.installed.files, ...behind.installed.files]).toEqual([]);
    });

    it('the office unpinning a van installed with a pin lets it follow the releases again', async () => {
      office.body = { pinnedVersion: null, rollouts: [] };
      const { svc, installed } = service({ readiness: ready, pinned: '1.2.0', officePolicy: true });
      await svc.check();
      expect(svc.state).toEqual({ kind: 'ready', version: '1.3.0' });
      expect(installed.files).toHaveLength(1);
    });

    it('a van outside the office’s rollout share does not update; at one point more it does; the office’s share beats the feed’s', async () => {
      const bucket = stagingBucket('dev-van-7');
      // The feed offers 1.3.0 to every van; the office holds it back to a share this van is just outside of.
      office.body = { pinnedVersion: null, rollouts: [{ version: '1.3.0', percentage: bucket }, { version: '9.9.9', percentage: 100 }] };
      const outside = service({ readiness: ready, officePolicy: true });
      await outside.svc.check();
      expect(outside.svc.state).toMatchObject({ kind: 'idle', message: expect.stringContaining(`offered to ${bucket}% of vans`) });
      expect(outside.installed.files).toEqual([]);

      office.body = { pinnedVersion: null, rollouts: [{ version: '1.3.0', percentage: bucket + 1 }] };
      const inside = service({ readiness: ready, officePolicy: true });
      await inside.svc.check();
      expect(inside.svc.state).toEqual({ kind: 'ready', version: '1.3.0' });
      expect(inside.installed.files).toHaveLength(1);
    });

    it('a rollout for another release leaves the feed’s own share in force', async () => {
      const artifact = published.artifact;
      const sha512 = createHash('sha512').update(artifact).digest('base64');
      published.yml = `version: 1.3.0\nstagingPercentage: 0\nfiles:\n  - url: City-Hall-To-Go-1.3.0.AppImage\n    sha512: ${sha512}\n    size: ${artifact.length}\n`;
      office.body = { pinnedVersion: null, rollouts: [{ version: '1.2.9', percentage: 100 }] };
      const { svc, installed } = service({ readiness: ready, officePolicy: true });
      await svc.check();
      expect(svc.state).toMatchObject({ kind: 'idle', message: expect.stringContaining('offered to 0% of vans') });
      expect(installed.files).toEqual([]);
    });

    it('when the office cannot be read or answers nonsense, the last policy read stays in force', async () => {
      office.body = { pinnedVersion: '1.2.0', rollouts: [] };
      const { svc, installed } = service({ readiness: ready, officePolicy: true });
      await svc.check();
      expect(svc.state).toMatchObject({ kind: 'idle', message: expect.stringContaining('pinned to 1.2.0') });
      office.status = 503;
      await svc.check();
      expect(svc.state).toMatchObject({ kind: 'idle', message: expect.stringContaining('pinned to 1.2.0') });
      office.status = 200;
      office.body = { pinnedVersion: 'latest', rollouts: [] };
      await svc.check();
      expect(svc.state).toMatchObject({ kind: 'idle', message: expect.stringContaining('pinned to 1.2.0') });
      expect(office.reads).toBe(3);
      expect(installed.files).toEqual([]);
      await expect(fetchUpdatePolicy(new URL(base).origin, 't', '1.2.0', (url, init) => fetch(url, init))).rejects.toThrow('does not understand');
    });
  });

  it('the office said the kiosk is too old: the page asks for a check over IPC and is told what happens next', async () => {
    const { svc, installed } = service({ readiness: { transactionOpen: true, dayClosed: false } });
    expect(await checkOnDemand(svc)).toEqual({ kind: 'ready', version: '1.3.0', message: 'Version 1.3.0 is downloaded: it installs once the day is closed, or at the next start.' });
    expect(installed).toMatchObject({ now: 0, onQuit: true, files: [`1.3.0:${published.artifact.length}`] });
    // Asked again while ready: no second download.
    expect(await checkOnDemand(svc)).toMatchObject({ kind: 'ready' });
    expect(installed.files).toHaveLength(1);
    const current = service({ readiness: null, current: '1.3.0' });
    expect(await checkOnDemand(current.svc)).toEqual({ kind: 'idle', version: null, message: '1.3.0 is the newest release.' });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.listen(0);
    expect(await checkOnDemand(service({ readiness: null }).svc)).toMatchObject({ kind: 'failed', message: expect.stringMatching(/^The update check failed \(the update server did not answer .*\); call IT if this stays\.$/) });
  });

  it('without an update server (not packaged, or no CHTG_UPDATE_URL) the page is told to call IT', async () => {
    expect(await checkOnDemand(null)).toEqual({ kind: 'unavailable', version: null, message: 'This kiosk has no update server set up: call IT to install the new version.' });
  });

  it('checks at start and then daily; an unreachable server is a failed check, not a crash', async () => {
    const { svc, timers } = service({ readiness: null, current: '1.3.0' });
    svc.start();
    expect(timers).toEqual([expect.objectContaining({ ms: 24 * 3_600_000 })]);
    await svc.check();
    expect(svc.state).toMatchObject({ kind: 'idle', message: '1.3.0 is the newest release.' });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.listen(0);
    timers[0]!.run();
    await svc.check();
    expect(svc.state).toMatchObject({ kind: 'failed', message: expect.stringContaining('did not answer') });
    expect(timers).toHaveLength(2);
  });
});

describe('electron-updater as the backend', () => {
  it('uses the city feed, never downloads or installs on its own, and allows a downgrade only for a pinned van', async () => {
    let pinned: string | null = null;
    const updater: ElectronUpdaterLike = {
      autoDownload: true,
      autoInstallOnAppQuit: true,
      allowDowngrade: false,
      setFeedURL: vi.fn(),
      checkForUpdates: vi.fn(async () => ({ updateInfo: release('1.3.0') })),
      downloadUpdate: vi.fn(async () => undefined),
      quitAndInstall: vi.fn(),
    };
    const backend = electronUpdaterBackend(updater, 'https://updates.city.example/kiosk/', () => pinned);
    expect(updater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: 'https://updates.city.example/kiosk/' });
    expect(updater).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: false });
    expect(await backend.check()).toMatchObject({ version: '1.3.0' });
    expect(updater.allowDowngrade).toBe(false);
    pinned = '1.1.0';
    await backend.check();
    expect(updater.allowDowngrade).toBe(true);
    backend.installOnQuit(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    backend.installNow();
    expect(updater.quitAndInstall).toHaveBeenCalledWith(true, true);
  });
});
