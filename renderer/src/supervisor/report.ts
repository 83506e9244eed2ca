import {
  centsToDecimalString,
  denominations,
  formatMoney,
  formatCityDateTime,
  formatCityTime,
  isoInZone,
  toCsv,
  totalsByClerk,
  type CashReconciliation,
  type CatalogueStaff,
  type DayKpis,
  type Denomination,
  type KpiTransaction,
  type Payment,
} from '../../../shared';
import type { LocalDayClose, LocalRefund, LocalStop, LocalTransaction } from '../db/db';
import { staffT } from '../i18n/staff';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Labels that say which pieces are notes and which are coins: "$1 bills and $1 coins" is not a coin row. One key per
 * denomination in the staff catalogue (closeOut.denominations.<cents>; tests/unit/staff-i18n-complete.test.ts checks all).
 */
export function denominationLabel(d: Denomination): string {
  return staffT(`closeOut.denominations.${d}`);
}

/** Bills (and the dollar, counted with them) first, coins after: the order a drawer is counted in. */
export const BILL_DENOMINATIONS = denominations.filter((d) => Number(d) >= 100);
export const COIN_DENOMINATIONS = denominations.filter((d) => Number(d) < 100);

/** A person as the report shows them: "Ana Clerk (clerk)", never an id alone. */
export function personLabel(staff: readonly CatalogueStaff[], id: string | null | undefined): string {
  if (!id) return '—';
  const person = staff.find((s) => s.id === id);
  return person ? `${person.name} (${person.role})` : `Unknown staff member (${id})`;
}

function paymentDetail(payment: Payment): { method: string; checkNumber: string; brand: string; last4: string; approval: string } {
  switch (payment.method) {
    case 'check':
      return { method: 'check', checkNumber: payment.checkNumber, brand: '', last4: '', approval: '' };
    case 'card':
      return { method: 'card', checkNumber: '', brand: payment.brand, last4: payment.last4, approval: payment.approvalCode };
    default:
      return { method: payment.method, checkNumber: '', brand: '', last4: '', approval: '' };
  }
}

export const DAY_CSV_HEADER = [
  'record_type', 'receipt_number', 'occurred_at', 'service_code', 'service_name', 'reference', 'resident_name', 'quantity', 'unit_price', 'amount',
  'payment_method', 'check_number', 'card_brand', 'card_last4', 'approval_code', 'status', 'void_reason', 'clerk', 'approved_by', 'refund_reason', 'transaction_id',
] as const;

/**
 * CSV of the day: one row per sale and one per refund given today (negative amount, the original receipt number),
 * times in the city's time zone with their offset, people by name and role.
 */
export function dayCsv(input: { transactions: LocalTransaction[]; refunds: LocalRefund[]; staff: readonly CatalogueStaff[]; timeZone: string }): string {
  const who = (id: string | null | undefined) => (id ? personLabel(input.staff, id) : '');
  const sales = input.transactions.map((t) => {
    const p = paymentDetail(t.payment);
    return [
      'sale', t.receiptNumber, isoInZone(t.occurredAt, input.timeZone), t.serviceCode, t.serviceName, t.reference, t.residentName ?? '', t.quantity,
      t.unitFeeCents === null || t.unitFeeCents === undefined ? '' : centsToDecimalString(t.unitFeeCents), centsToDecimalString(t.amountCents),
      p.method, p.checkNumber, p.brand, p.last4, p.approval, t.status, t.voidReason ?? '', who(t.staffId), who(t.voidApprovedBy), '', t.id,
    ];
  });
  const refunds = input.refunds.map((r) => [
    'refund', r.receiptNumber, isoInZone(r.issuedAt, input.timeZone), '', '', '', '', '', '', centsToDecimalString(-r.amountCents),
    r.method, '', '', '', '', 'refunded', '', who(r.staffId), who(r.approvedBy), r.reason, r.transactionId,
  ]);
  return toCsv(DAY_CSV_HEADER, [...sales, ...refunds]);
}

const time12 = formatCityTime;
const dateTime12 = formatCityDateTime;

/**
 * The printable end-of-day report a finance office reconciles against: card approvals and last four against the
 * terminal's batch, check numbers against the deposit, the drawer by denomination, totals per clerk, refunds given
 * today, people by name and role, and signature lines; plainly whether everything reached the central office.
 */
export function dayReportHtml(input: {
  cityName: string;
  vanName: string;
  stop: LocalStop;
  close: LocalDayClose | undefined;
  kpis: DayKpis;
  cash: CashReconciliation;
  transactions: LocalTransaction[];
  refunds: LocalRefund[];
  staff: readonly CatalogueStaff[];
  /** The drawer count by denomination (the close's, or the one being entered). */
  cashCount: Partial<Record<Denomination, number>>;
  timeZone: string;
  pendingEvents: number;
  /** What waits, in the clerk's units, with its verb ("4 transactions and 2 other records have"); else the event count. */
  pendingWords?: string | null;
  /** The watermark sentence ("Everything recorded up to 5:42 PM has reached the office."), from the sync cursor. */
  watermark?: string;
}): string {
  const { stop, close, kpis, cash, timeZone } = input;
  const who = (id: string | null | undefined) => escape(personLabel(input.staff, id));
  const syncLine =
    input.pendingEvents === 0
      ? 'Everything recorded on this van has reached the central office.'
      : input.pendingWords
        ? `${input.pendingWords} NOT reached the central office yet; they will be sent when the van is online.`
        : `${input.pendingEvents} recorded event(s) have NOT reached the central office yet; they will be sent when the van is online.`;
  const live = input.transactions.filter((t) => t.status === 'recorded');
  const cards = live.filter((t) => t.payment.method === 'card');
  const checks = live.filter((t) => t.payment.method === 'check');
  const kpiTransactions: KpiTransaction[] = input.transactions.map((t) => ({ ...t, staffId: t.staffId ?? null }));
  const clerks = totalsByClerk(kpiTransactions, input.refunds);
  const rows = input.transactions
    .map((t) => {
      const p = paymentDetail(t.payment);
      const paid = p.method === 'card' ? `card ${escape(p.brand)} ···${escape(p.last4)} appr. ${escape(p.approval)}` : p.method === 'check' ? `check no. ${escape(p.checkNumber)}` : escape(p.method);
      const status = t.status === 'voided' ? `voided: ${escape(t.voidReason ?? '')}${t.voidApprovedBy ? `; approved by ${who(t.voidApprovedBy)}` : ''}` : t.refundedCents ? `refunded ${formatMoney(t.refundedCents)}` : '';
      return `<tr${t.status === 'voided' ? ' class="void"' : ''}><td>${escape(t.receiptNumber)}</td><td>${escape(time12(t.occurredAt, timeZone))}</td><td>${escape(t.serviceName)}${t.quantity > 1 && t.unitFeeCents ? ` (${t.quantity} × ${formatMoney(t.unitFeeCents)})` : ''}</td><td>${who(t.staffId)}</td><td>${paid}</td><td class="r">${formatMoney(t.amountCents)}</td><td>${status}</td></tr>`;
    })
    .join('');
  const countRow = (d: Denomination) => {
    const pieces = input.cashCount[d] ?? 0;
    return `<tr data-denomination="${d}"><th>${escape(denominationLabel(d))}</th><td class="r">${pieces}</td><td class="r">${formatMoney(pieces * Number(d))}</td></tr>`;
  };
  const empty = (cols: number, text: string) => `<tr><td colspan="${cols}">${escape(text)}</td></tr>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>End of day ${escape(close?.businessDate ?? '')}</title>
<style>body{font-family:system-ui,sans-serif;margin:16px;color:#000;font-size:14px}table{border-collapse:collapse;width:100%;margin-bottom:8px}td,th{border-bottom:1px solid #999;padding:3px 6px;text-align:left;vertical-align:top}.r{text-align:right}.void{text-decoration:line-through}.sync{font-weight:700;border:2px solid #000;padding:6px}h2{font-size:17px;margin:14px 0 4px}.sign{display:grid;grid-template-columns:1fr 1fr;gap:28px 24px;margin-top:24px}.sign div{border-top:1px solid #000;padding-top:4px}.sub th{font-weight:600;background:#eee}</style></head>
<body><h1>${escape(input.cityName)} — end of day</h1>
<p>${escape(input.vanName)} · ${escape(stop.place)}, ${escape(stop.neighbourhood)} · business date ${escape(close?.businessDate ?? '')}</p>
<p>Opened ${escape(dateTime12(stop.openedAt, timeZone))} by ${who(stop.openedBy)}, float counted with ${who(stop.floatConfirmedBy)}${close ? ` · closed ${escape(dateTime12(close.closedAt, timeZone))}` : ''}</p>
<p class="sync" data-field="sync-state">${escape(syncLine)}</p>
${input.watermark ? `<p data-field="watermark">${escape(input.watermark)}</p>` : ''}
<h2>Figures</h2>
<table><tbody>
<tr><th>Transactions</th><td class="r">${kpis.transactionCount}</td></tr>
<tr><th>Revenue</th><td class="r">${formatMoney(kpis.revenueCents)}</td></tr>
<tr><th>Voids</th><td class="r">${kpis.voids.count} (${formatMoney(kpis.voids.amountCents)})</td></tr>
<tr><th>Refunds given today</th><td class="r" data-field="refunds">${kpis.refunds.count} (${formatMoney(kpis.refunds.amountCents)})</td></tr>
<tr><th>Net revenue (revenue − refunds)</th><td class="r" data-field="net-revenue">${formatMoney(kpis.netRevenueCents)}</td></tr>
${kpis.byPaymentMethod.map((r) => `<tr><th>${escape(r.label)}</th><td class="r">${r.count} · ${formatMoney(r.revenueCents)}</td></tr>`).join('')}
<tr><th>Tickets issued / served / no-show</th><td class="r">${kpis.tickets.issued} / ${kpis.tickets.served} / ${kpis.tickets.noShow}</td></tr>
<tr><th>Satisfaction</th><td class="r">${kpis.satisfaction.average ?? '—'} (${kpis.satisfaction.count})</td></tr>
<tr><th>Participation (surveys + city question)</th><td class="r">${kpis.participation.total} (${kpis.participation.surveys} + ${kpis.participation.cityAnswers})</td></tr>
</tbody></table>
<h2>Cash</h2>
<table><tbody>
<tr><th>Opening float</th><td class="r">${formatMoney(cash.openingFloatCents)}</td></tr>
<tr><th>Cash taken (tendered − change)</th><td class="r">${formatMoney(cash.tenderedCents)} − ${formatMoney(cash.changeGivenCents)}</td></tr>
<tr><th>Cash refunds given</th><td class="r">− ${formatMoney(cash.refunds.cashCents)}</td></tr>
<tr><th>Expected in drawer</th><td class="r" data-field="expected">${formatMoney(cash.expectedCents)}</td></tr>
<tr><th>Counted</th><td class="r" data-field="counted">${formatMoney(cash.countedCashCents)}</td></tr>
<tr><th>Over / short</th><td class="r" data-field="difference">${formatMoney(cash.differenceCents)} (${cash.status})</td></tr>
${close?.reason ? `<tr><th>Reason</th><td>${escape(close.reason)}</td></tr>` : ''}
<tr><th>Closed by</th><td>${who(close?.closedBy)}${close?.secondSignOffBy ? `, second sign-off ${who(close.secondSignOffBy)}` : ''}</td></tr>
</tbody></table>
<h2>Drawer count</h2>
<table data-field="drawer"><thead><tr><th>Piece</th><th class="r">Count</th><th class="r">Value</th></tr></thead><tbody>
<tr class="sub"><th colspan="3">Bills (and $1 coins)</th></tr>${BILL_DENOMINATIONS.map(countRow).join('')}
<tr class="sub"><th colspan="3">Coins under $1</th></tr>${COIN_DENOMINATIONS.map(countRow).join('')}
<tr><th>Total counted</th><td></td><td class="r">${formatMoney(cash.countedCashCents)}</td></tr>
</tbody></table>
<h2>Card payments (match the terminal's batch)</h2>
<table data-field="cards"><thead><tr><th>Receipt</th><th>Time</th><th>Brand</th><th>Last four</th><th>Approval code</th><th class="r">Amount</th></tr></thead><tbody>
${cards.map((t) => (t.payment.method === 'card' ? `<tr><td>${escape(t.receiptNumber)}</td><td>${escape(time12(t.occurredAt, timeZone))}</td><td>${escape(t.payment.brand)}</td><td>${escape(t.payment.last4)}</td><td>${escape(t.payment.approvalCode)}</td><td class="r">${formatMoney(t.amountCents)}</td></tr>` : '')).join('') || empty(6, 'No card payments.')}
<tr><th colspan="5">Card total</th><td class="r">${formatMoney(cash.cards.totalCents)}</td></tr>
</tbody></table>
<h2>Checks (match the deposit)</h2>
<table data-field="checks"><thead><tr><th>Receipt</th><th>Time</th><th>Check number</th><th class="r">Amount</th></tr></thead><tbody>
${checks.map((t) => (t.payment.method === 'check' ? `<tr><td>${escape(t.receiptNumber)}</td><td>${escape(time12(t.occurredAt, timeZone))}</td><td>${escape(t.payment.checkNumber)}</td><td class="r">${formatMoney(t.amountCents)}</td></tr>` : '')).join('') || empty(4, 'No checks.')}
<tr><th colspan="3">Check total</th><td class="r">${formatMoney(cash.checks.totalCents)}</td></tr>
</tbody></table>
<h2>Refunds given today</h2>
<table data-field="refund-list"><thead><tr><th>Original receipt</th><th>Time</th><th>Method</th><th>Reason</th><th>Given by</th><th>Approved by</th><th class="r">Amount</th></tr></thead><tbody>
${input.refunds.map((r) => `<tr><td>${escape(r.receiptNumber)}</td><td>${escape(time12(r.issuedAt, timeZone))}</td><td>${escape(r.method)}</td><td>${escape(r.reason)}</td><td>${who(r.staffId)}</td><td>${who(r.approvedBy)}</td><td class="r">${formatMoney(r.amountCents)}</td></tr>`).join('') || empty(7, 'No refunds.')}
</tbody></table>
<h2>Totals per clerk</h2>
<table data-field="clerks"><thead><tr><th>Clerk</th><th class="r">Transactions</th><th class="r">Cash</th><th class="r">Checks</th><th class="r">Cards</th><th class="r">Total</th><th class="r">Voids</th><th class="r">Refunds</th></tr></thead><tbody>
${clerks.map((c) => `<tr><td>${who(c.staffId)}</td><td class="r">${c.count}</td><td class="r">${formatMoney(c.cashCents)}</td><td class="r">${formatMoney(c.checkCents)}</td><td class="r">${formatMoney(c.cardCents)}</td><td class="r">${formatMoney(c.revenueCents)}</td><td class="r">${c.voids.count} (${formatMoney(c.voids.amountCents)})</td><td class="r">${formatMoney(c.refundsCents)}</td></tr>`).join('') || empty(8, 'No transactions.')}
</tbody></table>
<h2>Transactions</h2>
<table><thead><tr><th>Receipt</th><th>Time</th><th>Service</th><th>Clerk</th><th>Payment</th><th class="r">Amount</th><th></th></tr></thead><tbody>${rows || empty(7, 'No transactions.')}</tbody></table>
<div class="sign" data-field="signatures">
<div>Counted and closed by: ${who(close?.closedBy)}<br>Signature</div><div>Date</div>
<div>Second person${close?.secondSignOffBy ? `: ${who(close.secondSignOffBy)}` : ''}<br>Signature</div><div>Date</div>
<div>Received by the finance office<br>Name and signature</div><div>Date</div>
</div>
</body></html>`;
}
