import { useId, useState } from 'react';
import { checkCloseOut, computeDayKpis, containsCardNumber, formatMoney, reconcileCash, type Denomination } from '../../../shared';
import { PinCheck } from '../components/PinCheck';
import { useKiosk } from '../context';
import { closeDay } from '../db/actions';
import type { LocalCertificateOrder } from '../db/db';
import { useCloseOutData } from '../db/hooks';
import { purgeInBackground } from '../db/retention';
import { useCatalogue, useCityTimeZone, useRecordContext } from '../hooks';
import { useSession } from '../session';
import { NewTransaction } from '../staff/NewTransaction';
import { waitingWords, watermarkWords } from '../sync/status-model';
import { closeOutProblemText, closeOutRefusal, dayClosedInput, notYetSent, readDrawerCount } from './closeout-form';
import { DayCloseChecklistPanel } from './DayCloseChecklist';
import { useStaffT } from '../i18n/staff';
import { BILL_DENOMINATIONS, COIN_DENOMINATIONS, dayCsv, denominationLabel, dayReportHtml } from './report';
import { staffErrorText } from '../error-text';

/** Count the drawer by denomination, see over/short against what the day says, explain it, sign off, and lock the day. */
export function CloseOut() {
  const { host, config } = useKiosk();
  const ctx = useRecordContext();
  const staff = useSession((s) => s.staff);
  const catalogue = useCatalogue();
  const timeZone = useCityTimeZone();
  const data = useCloseOutData();
  const [paying, setPaying] = useState<LocalCertificateOrder | null>(null);
  const [counts, setCounts] = useState<Partial<Record<Denomination, string>>>({});
  const [reason, setReason] = useState('');
  const [signingOff, setSigningOff] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const reasonId = useId();
  const t = useStaffT();

  if (!data) return null;
  const { stop, close } = data;
  if (!stop) return <p className="card">{t('closeOut.noStop')}</p>;

  const count = readDrawerCount(counts);
  // Until a first count is typed there is no over or short to show, only what is expected.
  const counting = Boolean(close) || count.started;
  const cash = reconcileCash({
    openingFloatCents: stop.openingFloatCents,
    transactions: data.transactions,
    countedCashCents: close?.countedCashCents ?? count.countedCents,
    thresholdCents: config.cashSignOffThresholdCents,
    refunds: data.refunds,
  });
  const kpis = computeDayKpis({ transactions: data.transactions, tickets: data.tickets, surveys: data.surveys, cityAnswers: data.cityAnswers, timeZone, refunds: data.refunds });
  const staffList = catalogue?.staff ?? [];

  async function finish(secondSignOffBy: string | null) {
    if (!stop || !staff) return;
    const check = checkCloseOut({ reconciliation: cash, reason, closedBy: staff.id, secondSignOffBy });
    if (!check.ok) {
      setProblems(check.problems.map(closeOutProblemText));
      return;
    }
    try {
      await closeDay(ctx, dayClosedInput({ stop, timeZone, count, cash, reason, closedBy: staff.id, secondSignOffBy }));
      setSigningOff(false);
      // Older closed days may now be past retention: their synced, backed-up personal data goes (audited).
      void purgeInBackground(ctx, { retentionDays: config.retentionDays, timeZone });
    } catch (error) {
      setProblems([staffErrorText(t, error)]);
    }
  }

  function submit() {
    setProblems([]);
    const refusal = closeOutRefusal({ checklist: data?.checklist ?? null, count, cash, reason, containsCardNumber });
    if (refusal) return setProblems([refusal]);
    if (cash.secondSignOffRequired) setSigningOff(true);
    else void finish(null);
  }

  const report = () =>
    dayReportHtml({
      cityName: config.cityName,
      vanName: config.vanName,
      stop,
      close,
      kpis,
      cash,
      transactions: data.raw,
      refunds: data.refunds,
      staff: staffList,
      cashCount: close?.cashCount ?? count.counts,
      timeZone,
      pendingEvents: data.pending,
      pendingWords: notYetSent(data.sync.pending, data.pending),
      watermark: watermarkWords(data.sync.watermark, Date.now(), timeZone),
    });

  function downloadCsv() {
    const url = URL.createObjectURL(new Blob([dayCsv({ transactions: data!.raw, refunds: data!.refunds, staff: staffList, timeZone })], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `end-of-day-${close?.businessDate ?? 'today'}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  }

  if (close) {
    return (
      <section className="card" aria-labelledby="closed-title">
        <h2 id="closed-title">{t('closeOut.closedTitle')}</h2>
        <p data-testid="closed-summary">
          {t('closeOut.closedSummary', {
            counted: formatMoney(close.countedCashCents),
            expected: formatMoney(close.expectedCashCents),
            difference: formatMoney(close.differenceCents),
            reason: close.reason ? t('closeOut.closedReason', { reason: close.reason }) : '',
          })}
        </p>
        <p className={data.pending === 0 ? 'pill ok' : 'pill warn'} data-testid="closed-sync-state">
          {data.pending === 0
            ? t('closeOut.allSent')
            : t('closeOut.closedPending', { pending: notYetSent(data.sync.pending, data.pending) })}
        </p>
        <p data-testid="closed-watermark">{watermarkWords(data.sync.watermark, Date.now(), timeZone)}</p>
        <div className="actions">
          <button type="button" className="primary" onClick={() => void host.printHtml(report())}>
            {t('closeOut.printReport')}
          </button>
          <button type="button" onClick={downloadCsv}>
            {t('closeOut.downloadCsv')}
          </button>
        </div>
      </section>
    );
  }

  if (signingOff) {
    return (
      <PinCheck
        title={t('closeOut.signOffTitle', { difference: formatMoney(cash.differenceCents), threshold: formatMoney(cash.thresholdCents) })}
        exclude={staff?.id}
        submitLabel={t('closeOut.signOffSubmit')}
        onVerified={(person) => void finish(person.id)}
        onCancel={() => setSigningOff(false)}
      />
    );
  }

  if (paying) {
    return <NewTransaction key={paying.id} order={paying} onRecorded={() => setPaying(null)} onCancel={() => setPaying(null)} />;
  }

  return (
    <div className="closeout">
      {data.checklist && <DayCloseChecklistPanel stop={stop} checklist={data.checklist} pendingRecords={data.pending} onTakePayment={setPaying} />}
      <section className="card" aria-labelledby="count-title">
        <h2 id="count-title">{t('closeOut.countTitle')}</h2>
        {([[t('closeOut.bills'), BILL_DENOMINATIONS], [t('closeOut.coins'), COIN_DENOMINATIONS]] as const).map(([legend, group]) => (
          <fieldset className="denominations" key={legend}>
            <legend>{legend}</legend>
            {group.map((d) => (
              <div className="field" key={d}>
                <label htmlFor={`count-${d}`}>{denominationLabel(d)}</label>
                <input
                  id={`count-${d}`}
                  inputMode="numeric"
                  value={counts[d] ?? ''}
                  onChange={(e) => setCounts({ ...counts, [d]: e.target.value })}
                  placeholder="0"
                />
              </div>
            ))}
          </fieldset>
        ))}
      </section>
      <section className="card" aria-labelledby="recon-title">
        <h2 id="recon-title">{t('closeOut.reconTitle')}</h2>
        <table className="figures" data-testid="reconciliation">
          <tbody>
            <tr>
              <th scope="row">{t('closeOut.openingFloat')}</th>
              <td>{formatMoney(cash.openingFloatCents)}</td>
            </tr>
            <tr>
              <th scope="row">{t('closeOut.tendered')}</th>
              <td>{formatMoney(cash.tenderedCents)}</td>
            </tr>
            <tr>
              <th scope="row">{t('closeOut.changeGiven')}</th>
              <td>{t('closeOut.minus', { amount: formatMoney(cash.changeGivenCents) })}</td>
            </tr>
            {cash.refunds.cashCents > 0 && (
              <tr>
                <th scope="row">{t('closeOut.cashRefunds')}</th>
                <td data-testid="cash-refunds">{t('closeOut.minus', { amount: formatMoney(cash.refunds.cashCents) })}</td>
              </tr>
            )}
            <tr>
              <th scope="row">{t('closeOut.expected')}</th>
              <td data-testid="expected-cash">{formatMoney(cash.expectedCents)}</td>
            </tr>
            <tr>
              <th scope="row">{t('closeOut.counted')}</th>
              <td data-testid="counted-cash">{counting ? formatMoney(cash.countedCashCents) : t('closeOut.notCounted')}</td>
            </tr>
            <tr className={!counting || cash.status === 'balanced' ? '' : 'warn'}>
              <th scope="row">{!counting ? t('closeOut.overShort') : cash.status === 'over' ? t('closeOut.over') : cash.status === 'short' ? t('closeOut.short') : t('closeOut.balanced')}</th>
              <td data-testid="cash-difference">{counting ? formatMoney(cash.differenceCents) : t('closeOut.countFirst')}</td>
            </tr>
            <tr>
              <th scope="row">{t('closeOut.checks')}</th>
              <td>{t('closeOut.countAndTotal', { n: cash.checks.count, total: formatMoney(cash.checks.totalCents) })}</td>
            </tr>
            <tr>
              <th scope="row">{t('closeOut.cards')}</th>
              <td>{t('closeOut.countAndTotal', { n: cash.cards.count, total: formatMoney(cash.cards.totalCents) })}</td>
            </tr>
          </tbody>
        </table>
        {cash.reasonRequired && (
          <div className="field">
            <label htmlFor={reasonId}>{t('closeOut.reason')}</label>
            <input
              id={reasonId}
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
                setProblems([]);
              }}
            />
          </div>
        )}
        {cash.secondSignOffRequired && <p className="pill warn">{t('closeOut.secondSignOff', { threshold: formatMoney(cash.thresholdCents) })}</p>}
        {problems.length > 0 && (
          <ul role="alert" className="field-error">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        <p className={data.pending === 0 ? 'muted' : 'pill warn'}>
          {data.pending === 0
            ? t('closeOut.allSent')
            : t('closeOut.stillToSend', { waiting: waitingWords(data.sync.pending) ?? t('closeOut.records', { pending: data.pending }) })}
        </p>
        <button type="button" className="primary" onClick={submit}>
          {t('closeOut.submit')}
        </button>
      </section>
    </div>
  );
}
