import { centsToDecimalString, formatCityTime, formatMoney, isoInZone, toCsv, type CashReconciliation, type DayKpis } from '../../../shared';
import type { LocalDayClose, LocalStop, LocalTransaction } from '../db/db';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** CSV of the day's transactions; times on the city's clock with their offset. */
export function dayCsv(transactions: LocalTransaction[], timeZone: string): string {
  const header = ['receipt_number', 'occurred_at', 'service_code', 'service_name', 'reference', 'resident_name', 'quantity', 'amount', 'payment_method', 'status', 'void_reason', 'staff_id', 'transaction_id'];
  const rows = transactions.map((t) => [
    t.receiptNumber, isoInZone(t.occurredAt, timeZone), t.serviceCode, t.serviceName, t.reference, t.residentName ?? '', t.quantity, centsToDecimalString(t.amountCents),
    t.payment.method, t.status, t.voidReason ?? '', t.staffId ?? '', t.id,
  ]);
  return toCsv(header, rows);
}

/** The printable end-of-day report: figures, cash count, transactions, and plainly whether everything reached the central office. */
export function dayReportHtml(input: {
  cityName: string;
  vanName: string;
  stop: LocalStop;
  close: LocalDayClose | undefined;
  kpis: DayKpis;
  cash: CashReconciliation;
  transactions: LocalTransaction[];
  pendingEvents: number;
  /** What waits, in the clerk's units, with its verb ("4 transactions and 2 other records have"); else the event count. */
  pendingWords?: string | null;
  /** The watermark sentence ("Everything recorded up to 5:42 PM has reached the office."), from the sync cursor. */
  watermark?: string;
  /** The city's zone: the times printed are on its clock. */
  timeZone: string;
}): string {
  const { stop, close, kpis, cash } = input;
  const syncLine =
    input.pendingEvents === 0
      ? 'Everything recorded on this van has reached the central office.'
      : input.pendingWords
        ? `${input.pendingWords} NOT reached the central office yet; they will be sent when the van is online.`
        : `${input.pendingEvents} recorded event(s) have NOT reached the central office yet; they will be sent when the van is online.`;
  const rows = input.transactions
    .map(
      (t) =>
        `<tr${t.status === 'voided' ? ' class="void"' : ''}><td>${escape(t.receiptNumber)}</td><td>${escape(formatCityTime(t.occurredAt, input.timeZone))}</td><td>${escape(t.serviceName)}</td><td>${escape(t.payment.method)}</td><td class="r">${formatMoney(t.amountCents)}</td><td>${t.status === 'voided' ? `voided: ${escape(t.voidReason ?? '')}` : ''}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>End of day ${escape(close?.businessDate ?? '')}</title>
<style>body{font-family:system-ui,sans-serif;margin:16px;color:#000}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #999;padding:3px 6px;text-align:left}.r{text-align:right}.void{text-decoration:line-through}.sync{font-weight:700;border:2px solid #000;padding:6px}</style></head>
<body><h1>${escape(input.cityName)} — end of day</h1>
<p>${escape(input.vanName)} · ${escape(stop.place)}, ${escape(stop.neighbourhood)} · ${escape(close?.businessDate ?? '')}</p>
<p class="sync" data-field="sync-state">${escape(syncLine)}</p>
${input.watermark ? `<p data-field="watermark">${escape(input.watermark)}</p>` : ''}
<h2>Figures</h2>
<table><tbody>
<tr><th>Transactions</th><td class="r">${kpis.transactionCount}</td></tr>
<tr><th>Revenue</th><td class="r">${formatMoney(kpis.revenueCents)}</td></tr>
<tr><th>Voids</th><td class="r">${kpis.voids.count} (${formatMoney(kpis.voids.amountCents)})</td></tr>
${kpis.byPaymentMethod.map((r) => `<tr><th>${escape(r.label)}</th><td class="r">${r.count} · ${formatMoney(r.revenueCents)}</td></tr>`).join('')}
<tr><th>Tickets issued / served / no-show</th><td class="r">${kpis.tickets.issued} / ${kpis.tickets.served} / ${kpis.tickets.noShow}</td></tr>
<tr><th>Satisfaction</th><td class="r">${kpis.satisfaction.average ?? '—'} (${kpis.satisfaction.count})</td></tr>
<tr><th>Participation (surveys + city question)</th><td class="r">${kpis.participation.total} (${kpis.participation.surveys} + ${kpis.participation.cityAnswers})</td></tr>
</tbody></table>
<h2>Cash</h2>
<table><tbody>
<tr><th>Opening float</th><td class="r">${formatMoney(cash.openingFloatCents)}</td></tr>
<tr><th>Cash taken (tendered − change)</th><td class="r">${formatMoney(cash.tenderedCents)} − ${formatMoney(cash.changeGivenCents)}</td></tr>
<tr><th>Expected in drawer</th><td class="r" data-field="expected">${formatMoney(cash.expectedCents)}</td></tr>
<tr><th>Counted</th><td class="r" data-field="counted">${formatMoney(cash.countedCashCents)}</td></tr>
<tr><th>Over / short</th><td class="r" data-field="difference">${formatMoney(cash.differenceCents)} (${cash.status})</td></tr>
${close?.reason ? `<tr><th>Reason</th><td>${escape(close.reason)}</td></tr>` : ''}
<tr><th>Checks</th><td class="r">${cash.checks.count} · ${formatMoney(cash.checks.totalCents)}</td></tr>
<tr><th>Cards</th><td class="r">${cash.cards.count} · ${formatMoney(cash.cards.totalCents)}</td></tr>
<tr><th>Closed by</th><td>${escape(close?.closedBy ?? '')}${close?.secondSignOffBy ? `, second sign-off ${escape(close.secondSignOffBy)}` : ''}</td></tr>
</tbody></table>
<h2>Transactions</h2>
<table><thead><tr><th>Receipt</th><th>Time</th><th>Service</th><th>Payment</th><th class="r">Amount</th><th></th></tr></thead><tbody>${rows}</tbody></table>
</body></html>`;
}
