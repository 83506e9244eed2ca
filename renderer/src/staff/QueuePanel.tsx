import { useEffect, useState } from 'react';
import { callNext, DomainError, issueTicket, NO_SHOW_UNDO_MS, noShowTicket, serveTicket, transferTicket, undoNoShow } from '../db/actions';
import type { LocalStop, LocalTicket } from '../db/db';
import { useTicketsAtStop } from '../db/hooks';
import { useCatalogue, useRecordContext } from '../hooks';

const minutesSince = (iso: string, now: number) => Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));

/** The queue at this stop, live on every window: call next, serve, no-show (confirmed, undoable for a minute), transfer. */
export function QueuePanel(props: { stop: LocalStop; onServe: (ticket: LocalTicket) => void }) {
  const ctx = useRecordContext();
  const catalogue = useCatalogue();
  const [message, setMessage] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<LocalTicket | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const tickets = useTicketsAtStop(props.stop.id);
  const waiting = tickets?.filter((t) => t.status === 'waiting') ?? [];
  const called = tickets?.filter((t) => t.status === 'called') ?? [];
  const undoable = tickets?.filter((t) => t.status === 'no_show' && t.noShowAt && now - Date.parse(t.noShowAt) < NO_SHOW_UNDO_MS) ?? [];
  const categories = catalogue?.categories ?? [];
  const name = (code: string) => categories.find((c) => c.code === code)?.name ?? code;

  // The undo offer ends on its own a minute after the no-show: re-read the clock while one is on screen.
  const hasUndo = tickets?.some((t) => t.status === 'no_show' && t.noShowAt && Date.now() - Date.parse(t.noShowAt) < NO_SHOW_UNDO_MS) ?? false;
  useEffect(() => {
    setNow(Date.now());
    if (!hasUndo) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [hasUndo, tickets]);

  const act = async (run: () => Promise<unknown>) => {
    setMessage(null);
    try {
      await run();
    } catch (error) {
      setMessage(error instanceof DomainError ? error.message : String(error));
    }
  };

  const noShowButton = (t: LocalTicket) => (
    <button type="button" onClick={() => setConfirming(t)} aria-label={`No-show ${t.number}`}>
      No-show…
    </button>
  );

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
      </div>
      <div className="actions" role="group" aria-label="Take a ticket for someone at the counter">
        {!props.stop.dayClosedAt && categories.map((c) => (
          <button
            type="button"
            key={c.code}
            onClick={() => void act(async () => setMessage(`Ticket ${(await issueTicket(ctx, { categoryCode: c.code, prefix: c.ticketPrefix, source: 'staff', language: null })).number} taken for ${c.name}.`))}
          >
            New ticket: {c.name} ({c.ticketPrefix})
          </button>
        ))}
      </div>
      {props.stop.dayClosedAt && <p data-testid="queue-closed">The queue is closed for today: no new tickets.</p>}
      {message && (
        <p role="status" data-testid="queue-message">
          {message}
        </p>
      )}
      {confirming && (
        <div role="alertdialog" aria-labelledby="no-show-title" aria-describedby="no-show-text" className="card notice" data-testid="no-show-confirm">
          <h3 id="no-show-title">Mark {confirming.number} as a no-show?</h3>
          <p id="no-show-text">
            {confirming.number} ({name(confirming.categoryCode)}) leaves the queue. You can undo this for one minute.
          </p>
          <div className="actions">
            <button
              type="button"
              className="primary"
              autoFocus
              onClick={() => {
                const t = confirming;
                setConfirming(null);
                void act(async () => {
                  await noShowTicket(ctx, t.id, ctx.actorId!);
                  setMessage(`${t.number} marked as a no-show.`);
                });
              }}
            >
              Yes, {confirming.number} did not come
            </button>
            <button type="button" onClick={() => setConfirming(null)}>
              Keep {confirming.number} in the queue
            </button>
          </div>
        </div>
      )}
      {undoable.length > 0 && (
        <ul className="queue" data-testid="undo-no-shows" aria-label="Recent no-shows">
          {undoable.map((t) => (
            <li key={t.id}>
              <span>
                {t.number} marked no-show · undo for {Math.max(1, Math.ceil((NO_SHOW_UNDO_MS - (now - Date.parse(t.noShowAt!))) / 1000))} s
              </span>
              <button
                type="button"
                onClick={() =>
                  void act(async () => {
                    await undoNoShow(ctx, t.id, ctx.actorId!);
                    setMessage(`${t.number} is back in the queue.`);
                  })
                }
              >
                Undo no-show {t.number}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h3>Called</h3>
      {called.length === 0 && <p>No ticket is being served.</p>}
      <ul className="queue" data-testid="called-tickets">
        {called.map((t) => (
          <li key={t.id}>
            <strong className="ticket-number">{t.number}</strong> <span>{name(t.categoryCode)}</span>
            <span className="actions">
              <button type="button" className="primary" onClick={() => props.onServe(t)}>
                Record a transaction for {t.number}
              </button>
              <button type="button" onClick={() => void act(() => serveTicket(ctx, t.id, ctx.actorId!))}>
                Done, nothing to record
              </button>
              {noShowButton(t)}
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
            <span className="muted">
              {minutesSince(t.issuedAt, now)} min{t.source === 'resident' ? ' · touchscreen' : ''}
            </span>
            {noShowButton(t)}
          </li>
        ))}
      </ul>
    </section>
  );
}
