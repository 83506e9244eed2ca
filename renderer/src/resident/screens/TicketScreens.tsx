import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '../../context';
import { DomainError, issueTicket } from '../../db/actions';
import { useTicketQueueView } from '../../db/hooks';
import { useCatalogue, useCounterState, useRecordContext } from '../../hooks';
import { ClosedForToday } from './HomeScreen';
import { estimateWaitMinutes, RECENT_SERVICES } from '../estimate';
import { categoryName } from '../names';
import { BackButton, Notice, PrintAndDone, ScreenFrame, useFormat } from '../parts';
import { useResident } from '../store';
import { ticketHtml } from '../ticket-html';

/** Step 1: which counter service the ticket is for. */
export function TicketCategoryScreen() {
  const { t } = useTranslation();
  const ctx = useRecordContext(true);
  const catalogue = useCatalogue();
  const counter = useCounterState();
  const language = useResident((s) => s.language);
  const go = useResident((s) => s.go);
  const setTicket = useResident((s) => s.setTicket);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<'noStop' | 'closed' | 'notSaved' | null>(null);

  const take = async (category: { code: string; ticketPrefix: string }) => {
    setBusy(true);
    setProblem(null);
    for (let attempt = 1; ; attempt++) {
      try {
        const ticket = await issueTicket(ctx, { categoryCode: category.code, prefix: category.ticketPrefix, source: 'resident', language });
        setTicket(ticket.id);
        go({ name: 'ticketShown', ticketId: ticket.id });
        return;
      } catch (error) {
        // Two screens taking a ticket at the same moment: simply take the next number.
        if (error instanceof DomainError && error.code === 'ticket_race' && attempt < 5) continue;
        const code = error instanceof DomainError ? error.code : null;
        setProblem(code === 'no_open_stop' ? 'noStop' : code === 'counter_closed' ? 'closed' : 'notSaved');
        setBusy(false);
        return;
      }
    }
  };

  const closed = counter?.kind === 'closedToday' || problem === 'closed';
  const ready = catalogue && counter?.kind === 'open' && !closed;
  return (
    <ScreenFrame screen="ticket" title={t('ticket.title')} prompt={ready ? t('ticket.prompt') : undefined} testId="ticket-title" actions={<BackButton />}>
      {catalogue === null && <Notice testId="no-catalogue">{t('errors.noCatalogue')}</Notice>}
      {catalogue && counter?.kind === 'notOpen' && <Notice testId="no-stop">{t('ticket.noStop')}</Notice>}
      {closed && <ClosedForToday next={counter?.kind === 'closedToday' ? counter.next : null} />}
      {problem && problem !== 'closed' && <Notice tone="error">{t(problem === 'noStop' ? 'ticket.noStop' : 'errors.notSaved')}</Notice>}
      {ready && (
        <ul className="r-tiles" data-testid="ticket-categories">
          {catalogue.categories.map((category) => (
            <li key={category.code}>
              <button type="button" className="r-btn r-tile" disabled={busy} onClick={() => void take(category)}>
                <span className="r-tile-letter" aria-hidden="true">
                  {category.ticketPrefix}
                </span>
                <span className="r-tile-text">
                  <span className="r-tile-label">{categoryName(t, category)}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </ScreenFrame>
  );
}

/** Step 2: the number, large, with the estimated wait (kept up to date as the queue moves) and a printed copy. */
export function TicketShownScreen(props: { ticketId: string }) {
  const { t } = useTranslation();
  const { host, config } = useKiosk();
  const catalogue = useCatalogue();
  const format = useFormat();
  const queue = useTicketQueueView(props.ticketId, RECENT_SERVICES, Date.now);
  const progress = queue && { ticket: queue.ticket, ahead: queue.ahead, minutes: estimateWaitMinutes({ ahead: queue.ahead, recentServiceMs: queue.recentServiceMs, counters: Math.max(1, queue.counters) }) };

  if (!progress) return null;
  const { ticket, ahead, minutes } = progress;
  const category = catalogue?.categories.find((c) => c.code === ticket.categoryCode);
  const categoryLabel = category ? categoryName(t, category) : ticket.categoryCode;
  // Every count goes through the language's plural rules (Arabic: one, two, few, many), its number in the locale's digits.
  const wait = minutes === 0 ? t('ticket.estimatedWaitNone') : t('ticket.estimatedWait', { count: minutes });
  const issued = t('ticket.issuedAt', { time: format.time(ticket.issuedAt) });

  const print = () =>
    host.printHtml(
      ticketHtml({
        lang: format.language.code,
        dir: format.language.dir,
        cityName: config.cityName,
        vanName: config.vanName,
        yourNumberLabel: t('ticket.yourNumber'),
        number: ticket.number,
        category: categoryLabel,
        wait,
        issued,
        instructions: t('ticket.watchScreen'),
      }),
    );

  return (
    <ScreenFrame screen="ticket-shown" tone="ticket" title={t('ticket.yourNumber')} testId="ticket-shown-title" actions={<PrintAndDone print={print} testId="print-ticket" />}>
      <p className="r-ticket-number" data-testid="ticket-number" data-speak dir="ltr">
        {ticket.number}
      </p>
      <p className="r-ticket-category">{categoryLabel}</p>
      <div className="r-ticket-wait" role="status" data-testid="ticket-wait">
        {ahead > 0 && <p data-testid="people-ahead">{t('ticket.peopleAhead', { count: ahead })}</p>}
        <p className="r-strong" data-testid="estimated-wait" data-speak>
          {wait}
        </p>
      </div>
      <p className="r-hint">{issued}</p>
      <p data-speak>{t('ticket.watchScreen')}</p>
    </ScreenFrame>
  );
}
