import type { CentralStore } from './store/store';

/**
 * What every push answer adds about backups: the store's epoch and this device's backup watermark. Read from the
 * store at most once a second, not once per push (the epoch changes only with a restore, which restarts the server; a
 * new watermark shows within the second).
 */
export class BackupState {
  private cached: { at: number; epoch: string; watermarks: Map<string, number> } | null = null;
  private loading: Promise<{ epoch: string; watermarks: Map<string, number> }> | null = null;

  constructor(
    private readonly store: CentralStore,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 1_000,
  ) {}

  async forDevice(deviceId: string): Promise<{ storeEpoch: string; backedUpSeq: number }> {
    const state = this.cached && this.now() - this.cached.at < this.ttlMs ? this.cached : await this.load();
    return { storeEpoch: state.epoch, backedUpSeq: state.watermarks.get(deviceId) ?? 0 };
  }

  invalidate(): void {
    this.cached = null;
  }

  private load() {
    this.loading ??= Promise.all([this.store.storeEpoch(), this.store.backupWatermarks()])
      .then(([epoch, watermarks]) => {
        this.cached = { at: this.now(), epoch, watermarks };
        return this.cached;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }
}
