import { KioskDb } from '../../renderer/src/db/db';
import { SYNC_WORKER_DURABILITY } from '../../renderer/src/sync/worker-serve';

export interface WriteCounts {
  calls: number;
  records: number;
  byTable: Record<string, number>;
}

/** The kiosk's database with every write request that reaches IndexedDB counted, by table. */
export function countingDb(name: string, counts: WriteCounts, dataKey?: () => Promise<CryptoKey>): KioskDb {
  // The sync worker's own durability, as the kiosk's worker opens it.
  const db = new KioskDb(name, { ...(dataKey ? { dataKey } : {}), durability: SYNC_WORKER_DURABILITY });
  db.use({
    stack: 'dbcore',
    name: 'bench-write-counter',
    create(down) {
      return {
        ...down,
        table(tableName) {
          const table = down.table(tableName);
          return {
            ...table,
            mutate(request) {
              counts.calls++;
              const n = 'values' in request && request.values ? request.values.length : 'keys' in request && request.keys ? request.keys.length : 1;
              counts.records += n;
              counts.byTable[tableName] = (counts.byTable[tableName] ?? 0) + 1;
              return table.mutate(request);
            },
          };
        },
      };
    },
  });
  return db;
}
