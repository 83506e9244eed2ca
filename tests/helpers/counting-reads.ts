import type { DBCore, Middleware } from 'dexie';

/**
 * A Dexie middleware that counts the rows the database hands back to queries on one table (getAll, cursors, gets), so
 * a test can prove a read is bounded: it fails when the read walks the whole table.
 */
export function countingReads(tableName: string, counter: { rows: number }): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: `count-${tableName}-reads`,
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== tableName) return table;
        return {
          ...table,
          get: async (req) => {
            const row = await table.get(req);
            if (row !== undefined) counter.rows += 1;
            return row;
          },
          getMany: async (req) => {
            const rows = await table.getMany(req);
            counter.rows += rows.filter((r) => r !== undefined).length;
            return rows;
          },
          query: async (req) => {
            const res = await table.query(req);
            counter.rows += res.result.length;
            return res;
          },
          openCursor: async (req) => {
            const cursor = await table.openCursor(req);
            if (!cursor) return cursor;
            counter.rows += 1;
            return Object.create(cursor, {
              continue: { value: (key?: unknown) => ((counter.rows += 1), cursor.continue(key)) },
              start: { value: (onNext: () => void) => cursor.start(() => onNext()) },
            });
          },
        };
      },
    }),
  };
}
