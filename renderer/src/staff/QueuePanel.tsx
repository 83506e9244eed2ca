import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { callNext, DomainError, issueTicket, noShowTicket, serveTicket, transferTicket } from '../db/actions';
import type { LocalStop, LocalTicket } from '../db/db';
import { useKiosk } from '../context';
import { useCatalogue, useRecordContext } from '../hooks';

const minutesSince = (iso: string) => Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 60_000));

/** The queue at this stop, live on every window: call next, serve, no-show, transfer, and take a ticket for someone. */
export function QueuePanel(props: { stop: LocalStop; onServe: (ticket: LocalTicket) => void }) {
  const { db } = useKiosk();
  const ctx = useRecordContext();
  const catalogue = useCatalogue();
  const [message, setMessage] = useState<string | null>(null);
  const tickets = useLiveQuery(() => db.tickets.where('stopId').equals(props.stop.id).sortBy('issuedAt'), [db, props.stop.id]);
  const waiting = tickets?.filter((t) => t.status === 'waiting') ?? [];
  const called = tickets?.filter((t) => t.status === 'called') ?? [];
  const categories = catalogue?.categories ?? [];
  const name = (code: string) => categories.find((c) => c.code === code)?.name ?? code;

  const act = async (run: () => Promise<unknown>) => {
    setMessage(null);
    try {
      await run();
    } catch (error) {
      setMessage(error instanceof DomainError ? error.message : String(error));
    }
  };

  return (
    <section className="card" aria-labelledby="queue-title">
      <h2 id="queue-title">Queue</h2>
      <div className="actions">
        <button
          type="button"
          className="primary"
          aria-keyshortcuts="Alt+N"
          onClick={() =>
            void act(async () => {
              const ticket = await callNext(ctx, ctx.actorId!);
              setMessage(ticket ? `Called ${ticket.number}.` : 'Nobody is waiting.');
            })
          }
        >
          Call next <kbd>Alt+N</kbd>
        </button>
        {!props.stop.dayClosedAt && categories.map((c) => (
          <button
            type="button"
            key={c.code}
            onClick={() => void act(async () => setMessage(`Ticket ${(await issueTicket(ctx, { categoryCode: c.code, prefix: c.ticketPrefix, source: 'staff', language: null })).number} taken.`))}
          >
            + {c.ticketPrefix} ticket
          </button>
        ))}
      </div>
      {props.stop.dayClosedAt && <p data-testid="queue-closed">The queue is closed for today: no new tickets.</p>}
      {message && (
        <p role="status" data-testid="queue-message">
          {message}
        </p>
      )}
      <h3>Called</h3>
      {called.length === 0 && <p>No ticket is being served.</p>}
      <ul className="queue" data-testid="called-tickets">
        {called.map((t) => (
          <li key={t.id}>
            <strong className="ticket-number">{t.number}</strong> <span>{name(t.categoryCode)}</span>
            <span className="actions">
              <button type="button" onClick={() => props.onServe(t)}>
                Serve
              </button>
              <button type="button" onClick={() => void act(() => serveTicket(ctx, t.id, ctx.actorId!))}>
                Served
              </button>
              <button type="button" onClick={() => void act(() => noShowTicket(ctx, t.id, ctx.actorId!))}>
                No-show
              </button>
              <select
                aria-label={`Transfer ${t.number} to`}
                value=""
                onChange={(e) => {
                  const target = categories.find((c) => c.code === e.target.value);
                  if (target) void act(() => transferTicket(ctx, t.id, target.code, target.ticketPrefix));
                }}
              >
                <option value="">Transfer to…</option>
                {categories
                  .filter((c) => c.code !== t.categoryCode)
                  .map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
              </select>
            </span>
          </li>
        ))}
      </ul>
      <h3>Waiting ({waiting.length})</h3>
      <ul className="queue" data-testid="waiting-tickets">
        {waiting.map((t) => (
          <li key={t.id}>
            <strong className="ticket-number">{t.number}</strong> <span>{name(t.categoryCode)}</span>
            <span className="muted">{minutesSince(t.issuedAt)} min{t.source === 'resident' ? ' · touchscreen' : ''}</span>
            <button type="button" onClick={() => void act(() => noShowTicket(ctx, t.id, ctx.actorId!))}>
              No-show
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
