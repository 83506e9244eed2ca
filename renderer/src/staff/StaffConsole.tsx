import { useCallback, useEffect, useState } from 'react';
import { formatMoney } from '../../../shared';
import { callNext } from '../db/actions';
import { useOpenStop } from '../db/hooks';
import { CloseStop } from './CloseStop';
import type { LocalCertificateOrder, LocalTicket, LocalTransaction } from '../db/db';
import { useKiosk } from '../context';
import { useCityTimeZone, useRecordContext } from '../hooks';
import { LANGUAGES, receiptLanguage } from '../i18n/languages';
import { receiptInputFor } from './receipt-assembly';
import { useSession } from '../session';
import { History } from './History';
import { NewTransaction } from './NewTransaction';
import { Notices } from './Notices';
import { OpenStopForm } from './StopPanel';
import { QueuePanel } from './QueuePanel';
import { RefundPanel } from './RefundPanel';
import { useStaffT } from '../i18n/staff';
import { StaffTrans } from '../i18n/staff/StaffTrans';
import { staffErrorText } from '../error-text';

type Pane = { kind: 'idle' } | { kind: 'new'; order?: LocalCertificateOrder; ticket?: LocalTicket } | { kind: 'done'; tx: LocalTransaction };

/** The clerk's console: stop, queue, new transaction with receipt, today's history, orders and help calls. */
export function StaffConsole() {
  const kiosk = useKiosk();
  const { db, host, config } = kiosk;
  const ctx = useRecordContext();
  const t = useStaffT();
  const timeZone = useCityTimeZone();
  const staff = useSession((s) => s.staff);
  const stop = useOpenStop();
  const [pane, setPane] = useState<Pane>({ kind: 'idle' });
  const [lastTx, setLastTx] = useState<LocalTransaction | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  /** The receipt language the clerk chose for the transaction on screen (default: the resident's). */
  const [receiptLang, setReceiptLang] = useState<string | null>(null);

  const print = useCallback(
    async (tx: LocalTransaction, reprint = false, language?: string | null) => {
      // The receipt's code (QR, every language's text) loads when the first receipt prints, not with the counter.
      const { receiptHtml } = await import('../receipt');
      await host.printHtml(await receiptHtml(await receiptInputFor(db, tx, { config, timeZone, reprint, language })));
    },
    [db, host, config, timeZone],
  );

  // The app updater installs only between transactions once the day is closed (Electron; the browser host has none).
  useEffect(() => {
    if (stop === undefined) return;
    void host.reportReadiness?.({ transactionOpen: pane.kind === 'new', dayClosed: !stop || Boolean(stop.dayClosedAt) }).catch(() => undefined);
  }, [host, pane.kind, stop]);

  // Keyboard shortcuts for the frequent actions; shown next to each button.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const key = event.key.toLowerCase();
      if (key === 'n' && stop) {
        event.preventDefault();
        void callNext(ctx, ctx.actorId!).then(
          (ticket) => setMessage(ticket ? t('queue.called', { number: ticket.number }) : t('queue.nobodyWaiting')),
          (e: unknown) => setMessage(staffErrorText(t, e)),
        );
      } else if (key === 't' && stop && !stop.dayClosedAt) {
        event.preventDefault();
        setPane({ kind: 'new' });
      } else if (key === 'p' && lastTx) {
        event.preventDefault();
        void print(lastTx, false, receiptLang);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ctx, stop, lastTx, print, receiptLang, t]);

  if (stop === undefined && !staff) return null;
  if (!stop) return <OpenStopForm />;

  const recorded = (tx: LocalTransaction) => {
    setLastTx(tx);
    setReceiptLang(receiptLanguage(tx.language));
    setPane({ kind: 'done', tx });
  };

  return (
    <div className="console">
      <div className="stop-bar" aria-label={t('console.openStop')}>
        <span>
          <StaffTrans i18nKey="console.stop" values={{ place: stop.place, neighbourhood: stop.neighbourhood }} components={{ b: <strong /> }} />
        </span>
        <span className="muted">{t('console.float', { amount: formatMoney(stop.openingFloatCents) })}</span>
        {stop.dayClosedAt && <span className="pill warn">{t('console.dayClosedPill')}</span>}
        <span className="shortcuts" aria-label={t('console.shortcutsLabel')}>
          <StaffTrans i18nKey="console.shortcuts" components={{ k: <kbd /> }} />
        </span>
      </div>
      {message && <p role="status">{message}</p>}
      {stop.dayClosedAt && (
        <section className="card notice" role="status" data-testid="day-closed">
          <h2>{t('console.dayClosedTitle')}</h2>
          <p>{t('console.dayClosedText')}</p>
          <CloseStop stop={stop} onFailed={setMessage} />
        </section>
      )}
      <div className="console-grid">
        <div className="column">
          {pane.kind === 'idle' && !stop.dayClosedAt && (
            <section className="card">
              <h2>{t('console.ready')}</h2>
              <button type="button" className="primary" aria-keyshortcuts="Alt+T" onClick={() => setPane({ kind: 'new' })}>
                <StaffTrans i18nKey="console.newTransaction" components={{ k: <kbd /> }} />
              </button>
            </section>
          )}
          {pane.kind === 'new' && (
            <NewTransaction
              key={pane.order?.id ?? pane.ticket?.id ?? 'new'}
              order={pane.order}
              ticket={pane.ticket}
              language={pane.order?.language ?? pane.ticket?.language ?? null}
              onRecorded={recorded}
              onCancel={() => setPane({ kind: 'idle' })}
            />
          )}
          {pane.kind === 'done' && (
            <section className="card confirmation-card" aria-labelledby="done-title">
              <h2 id="done-title">{t('console.recorded')}</h2>
              <p role="status" data-testid="confirmation">
                <StaffTrans
                  i18nKey="console.recordedSummary"
                  values={{ receipt: pane.tx.receiptNumber, service: pane.tx.serviceName, amount: formatMoney(pane.tx.amountCents) }}
                  components={{ b: <strong /> }}
                />
                {pane.tx.payment.method === 'cash' && pane.tx.payment.changeCents > 0 ? (
                  <StaffTrans i18nKey="console.changeDue" values={{ change: formatMoney(pane.tx.payment.changeCents) }} components={{ b: <strong data-testid="change-given" /> }} />
                ) : null}
              </p>
              <div className="field">
                <label htmlFor="receipt-language">{t('console.receiptLanguage')}</label>
                <select id="receipt-language" value={receiptLang ?? 'en'} onChange={(e) => setReceiptLang(e.target.value)}>
                  {LANGUAGES.map((l) => (
                    <option key={l.code} value={l.code}>
                      {l.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="actions">
                <button type="button" className="primary" aria-keyshortcuts="Alt+P" onClick={() => void print(pane.tx, false, receiptLang)}>
                  <StaffTrans i18nKey="console.printReceipt" components={{ k: <kbd /> }} />
                </button>
                <button type="button" onClick={() => setPane({ kind: 'new' })}>
                  {t('console.nextTransaction')}
                </button>
                <button type="button" onClick={() => setPane({ kind: 'idle' })}>
                  {t('console.done')}
                </button>
              </div>
            </section>
          )}
          <History onPrint={(tx) => void print(tx, true)} locked={Boolean(stop.dayClosedAt)} />
        </div>
        <div className="column">
          <Notices stop={stop} onTakePayment={(order) => setPane({ kind: 'new', order })} />
          <RefundPanel disabled={Boolean(stop.dayClosedAt)} />
          <QueuePanel stop={stop} onServe={(ticket) => setPane({ kind: 'new', ticket })} />
        </div>
      </div>
    </div>
  );
}
