import { useEffect, useState } from 'react';
import { callNext, issueTicket, NO_SHOW_UNDO_MS, noShowTicket, serveTicket, transferTicket, undoNoShow } from '../db/actions';
import type { LocalStop, LocalTicket } from '../db/db';
import { useTicketsAtStop } from '../db/hooks';
import { useCatalogue, useRecordContext } from '../hooks';
import { useStaffT } from '../i18n/staff';
import { staffErrorText } from '../error-text';

const minutesSince = (iso: string, now: number) => Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));

/** The queue at this stop, live on every window: call next, serve, no-show (confirmed, undoable for a minute), transfer. */
export function QueuePanel(props: { stop: LocalStop; onServe: (ticket: LocalTicket) => void }) {
  const ctx = useRecordContext();
  const t = useStaffT();
  const catalogue = useCatalogue();
  const [message, setMessage] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<LocalTicket | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const tickets = useTicketsAtStop(props.stop.id);
  const waiting = tickets?.filter((tk) => tk.status === 'waiting') ?? [];
  const called = tickets?.filter((tk) => tk.status === 'called') ?? [];
  const undoable = tickets?.filter((tk) => tk.status === 'no_show' && tk.noShowAt && now - Date.parse(tk.noShowAt) < NO_SHOW_UNDO_MS) ?? [];
  const categories = catalogue?.categories ?? [];
  const name = (code: string) => categories.find((c) => c.code === code)?.name ?? code;

  // The undo offer ends on its own a minute after the no-show: re-read the clock while one is on screen.
  const hasUndo = tickets?.some((tk) => tk.status === 'no_show' && tk.noShowAt && Date.now() - Date.parse(tk.noShowAt) < NO_SHOW_UNDO_MS) ?? false;
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
      setMessage(staffErrorText(t, error));
    }
  };

  const noShowButton = (tk: LocalTicket) => (
    <button type="button" onClick={() => setConfirming(tk)} aria-label={t('queue.noShowLabel', { number: tk.number })}>
      {t('queue.noShow')}
    </button>
  );

  return (
    <section className="card" aria-labelledby="queue-title">
      <h2 id="queue-title">{t('queue.title')}</h2>
      <div className="actions">
        <button
          type="button"
          className="primary"
          aria-keyshortcuts="Alt+N"
          onClick={() =>
            void act(async () => {
              const ticket = await callNext(ctx, ctx.actorId!);
              setMessage(ticket ? t('queue.called', { number: ticket.number }) : t('queue.nobodyWaiting'));
            })
          }
        >
          {t('queue.callNext')} <kbd>{t('queue.callNextKey')}</kbd>
        </button>
      </div>
      <div className="actions" role="group" aria-label={t('queue.takeTicket')}>
        {!props.stop.dayClosedAt && categories.map((c) => (
          <button
            type="button"
            key={c.code}
            onClick={() => void act(async () => setMessage(t('queue.ticketTaken', { number: (await issueTicket(ctx, { categoryCode: c.code, prefix: c.ticketPrefix, source: 'staff', language: null })).number, category: c.name })))}
          >
            {t('queue.newTicket', { category: c.name, prefix: c.ticketPrefix })}
          </button>
        ))}
      </div>
      {props.stop.dayClosedAt && <p data-testid="queue-closed">{t('queue.closed')}</p>}
      {message && (
        <p role="status" data-testid="queue-message">
          {message}
        </p>
      )}
      {confirming && (
        <div role="alertdialog" aria-labelledby="no-show-title" aria-describedby="no-show-text" className="card notice" data-testid="no-show-confirm">
          <h3 id="no-show-title">{t('queue.noShowTitle', { number: confirming.number })}</h3>
          <p id="no-show-text">
            {t('queue.noShowText', { number: confirming.number, category: name(confirming.categoryCode) })}
          </p>
          <div className="actions">
            <button
              type="button"
              className="primary"
              autoFocus
              onClick={() => {
                const tk = confirming;
                setConfirming(null);
                void act(async () => {
                  await noShowTicket(ctx, tk.id, ctx.actorId!);
                  setMessage(t('queue.noShowDone', { number: tk.number }));
                });
              }}
            >
              {t('queue.noShowConfirm', { number: confirming.number })}
            </button>
            <button type="button" onClick={() => setConfirming(null)}>
              {t('queue.noShowKeep', { number: confirming.number })}
            </button>
          </div>
        </div>
      )}
      {undoable.length > 0 && (
        <ul className="queue" data-testid="undo-no-shows" aria-label={t('queue.recentNoShows')}>
          {undoable.map((tk) => (
            <li key={tk.id}>
              <span>
                {t('queue.undoFor', { number: tk.number, seconds: Math.max(1, Math.ceil((NO_SHOW_UNDO_MS - (now - Date.parse(tk.noShowAt!))) / 1000)) })}
              </span>
              <button
                type="button"
                onClick={() =>
                  void act(async () => {
                    await undoNoShow(ctx, tk.id, ctx.actorId!);
                    setMessage(t('queue.undone', { number: tk.number }));
                  })
                }
              >
                {t('queue.undo', { number: tk.number })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('queue.calledHeading')}</h3>
      {called.length === 0 && <p>{t('queue.noneCalled')}</p>}
      <ul className="queue" data-testid="called-tickets">
        {called.map((tk) => (
          <li key={tk.id}>
            <strong className="ticket-number">{tk.number}</strong> <span>{name(tk.categoryCode)}</span>
            <span className="actions">
              <button type="button" className="primary" onClick={() => props.onServe(tk)}>
                {t('queue.serve', { number: tk.number })}
              </button>
              <button type="button" onClick={() => void act(() => serveTicket(ctx, tk.id, ctx.actorId!))}>
                {t('queue.done')}
              </button>
              {noShowButton(tk)}
              <select
                aria-label={t('queue.transferLabel', { number: tk.number })}
                value=""
                onChange={(e) => {
                  const target = categories.find((c) => c.code === e.target.value);
                  if (target) void act(() => transferTicket(ctx, tk.id, target.code, target.ticketPrefix));
                }}
              >
                <option value="">{t('queue.transferTo')}</option>
                {categories
                  .filter((c) => c.code !== tk.categoryCode)
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
      <h3>{t('queue.waitingHeading', { waiting: waiting.length })}</h3>
      <ul className="queue" data-testid="waiting-tickets">
        {waiting.map((tk) => (
          <li key={tk.id}>
            <strong className="ticket-number">{tk.number}</strong> <span>{name(tk.categoryCode)}</span>
            <span className="muted">
              {t('queue.waitingFor', { minutes: minutesSince(tk.issuedAt, now) })}
              {tk.source === 'resident' ? t('queue.fromTouchscreen') : ''}
            </span>
            {noShowButton(tk)}
          </li>
        ))}
      </ul>
    </section>
  );
}
