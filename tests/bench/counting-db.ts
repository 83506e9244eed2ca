import { KioskDb } from '../../renderer/src/db/db';

export interface WriteCounts {
  calls: number;
  records: number;
  byTable: Record<string, number>;
}

/** The kiosk's database with every write request that reaches IndexedDB counted, by table. */
export function countingDb(name: string, counts: WriteCounts, dataKey?: () => Promise<CryptoKey>): KioskDb {
  const db = new KioskDb(name, dataKey ? { dataKey } : {});
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
