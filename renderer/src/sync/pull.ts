import { catalogueSchema, CodedError, pullResponseSchema, type Catalogue, type DeviceIdentity } from '../../../shared';
import { said, type Said, type StaffText, type WordedError } from '../error-text';
import type { KioskDb } from '../db/db';
import { noteStoreEpoch } from './restore';

export type Fetch = (input: URL, init: RequestInit) => Promise<Response>;

/**
 * The Authorization header the page itself sends: only in the browser build (a trial setup), which keeps the token in
 * the page. Under Electron the page has no token and main adds the header for the API origin.
 */
export function authHeaders(credentials: DeviceIdentity): Record<string, string> {
  return credentials.token ? { Authorization: `Bearer ${credentials.token}` } : {};
}

/** The pull after a push failed: English for the log, the staff catalogue's words (`text`) for the screen. */
export class PullError extends CodedError implements WordedError {
  readonly text: StaffText;

  constructor(
    readonly status: number,
    { message, text }: Said,
  ) {
    super(text.key, message);
    this.text = text;
  }
}

/**
 * GET /v1/catalogue with the stored ETag; a 304 costs nothing, a 200 replaces the stored catalogue, its staff PIN
 * hashes sealed with the host's device key first (`seal`).
 */
export async function pullCatalogue(db: KioskDb, apiUrl: string, credentials: DeviceIdentity, fetcher: Fetch, now: () => Date, seal: (catalogue: Catalogue) => Promise<Catalogue>): Promise<boolean> {
  const stored = await db.catalogue.get('current');
  const url = new URL('/v1/catalogue', apiUrl);
  // The ETag goes as ?ifNoneMatch=, not as an If-None-Match header: a fetch with its own conditional header is made
  // with cache mode no-store, and Chromium then sends a fresh CORS preflight before every one of them.
  if (stored?.etag) url.searchParams.set('ifNoneMatch', stored.etag);
  const response = await fetcher(url, { method: 'GET', headers: authHeaders(credentials) });
  if (response.status === 304) return false;
  if (response.status === 404) return false;
  if (!response.ok) throw new PullError(response.status, said('errors.sync.catalogue_answered', `catalogue: the server answered ${response.status}`, { status: response.status }));
  const parsed = catalogueSchema.safeParse(await response.json());
  if (!parsed.success) throw new PullError(502, said('errors.sync.catalogue_unreadable', 'catalogue: the server sent a catalogue this kiosk does not understand'));
  const catalogue = await seal(parsed.data);
  await db.catalogue.put({ key: 'current', version: parsed.data.version, etag: response.headers.get('ETag'), catalogue, fetchedAt: now().toISOString() });
  return true;
}

/**
 * Applies the device's changes feed. The cursor is stored in the same transaction as the changes it covers, so a
 * crash never skips a change or applies one twice in a way that matters.
 */
export async function pullChanges(db: KioskDb, apiUrl: string, credentials: DeviceIdentity, fetcher: Fetch): Promise<{ applied: number; rewound: boolean }> {
  let applied = 0;
  let rewound = false;
  for (;;) {
    const cursor = await db.meta.get('pullCursor');
    const url = new URL('/v1/sync/pull', apiUrl);
    if (typeof cursor?.value === 'string') url.searchParams.set('cursor', cursor.value);
    const response = await fetcher(url, { method: 'GET', headers: authHeaders(credentials) });
    if (!response.ok) throw new PullError(response.status, said('errors.sync.changes_answered', `changes: the server answered ${response.status}`, { status: response.status }));
    const parsed = pullResponseSchema.safeParse(await response.json());
    if (!parsed.success) throw new PullError(502, said('errors.sync.changes_unreadable', 'changes: the server sent changes this kiosk does not understand'));
    const { changes, cursor: next, hasMore } = parsed.data;
    // A restored store: its cursors are not the ones this kiosk kept. Rewind, then read its feed from the start.
    if (!rewound && (await db.transaction('rw', [db.meta], () => noteStoreEpoch(db, parsed.data.storeEpoch, parsed.data.heldSeq ?? 0)))) {
      rewound = true;
      continue;
    }
    await db.transaction('rw', [db.serviceRequests, db.meta], async () => {
      for (const change of changes) {
        if (change.kind === 'service_request_status') {
          await db.serviceRequests.update(change.data.requestId, {
            status: change.data.status,
            statusNotes: change.data.statusNotes,
            updatedAt: change.data.updatedAt,
          });
        }
      }
      if (next !== null) await db.meta.put({ key: 'pullCursor', value: next });
    });
    applied += changes.length;
    if (!hasMore || changes.length === 0) return { applied, rewound };
  }
}

/** Forgets the catalogue's version tag, so that the next pull fetches the whole catalogue (and its staff list) again. */
export async function refetchCatalogue(db: KioskDb): Promise<void> {
  await db.catalogue.update('current', { etag: null });
}
