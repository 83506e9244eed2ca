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
import { staffI18n, staffT } from '../i18n/staff';

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
  return person ? staffT('pin.person', { name: person.name, role: staffT(`pin.roles.${person.role}`) }) : staffT('report.unknownStaff', { id });
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
  const person = (id: string | null | undefined) => personLabel(input.staff, id);
  const who = (id: string | null | undefined) => escape(person(id));
  /**
   * A report string as HTML: the catalogue's text is markup as the template's own text was (trusted, not escaped), the
   * values are escaped here, so they go in raw (never already-escaped HTML).
   */
  const h = (key: string, values: Record<string, string | number> = {}) =>
    staffT(key, Object.fromEntries(Object.entries(values).map(([name, value]) => [name, typeof value === 'string' ? escape(value) : value])));
  const syncLine =
    input.pendingEvents === 0
      ? staffT('report.allSent')
      : input.pendingWords
        ? staffT('report.pendingWords', { words: input.pendingWords })
        : staffT('report.pendingEvents', { events: input.pendingEvents });
  const live = input.transactions.filter((t) => t.status === 'recorded');
  const cards = live.filter((t) => t.payment.method === 'card');
  const checks = live.filter((t) => t.payment.method === 'check');
  const kpiTransactions: KpiTransaction[] = input.transactions.map((t) => ({ ...t, staffId: t.staffId ?? null }));
  const clerks = totalsByClerk(kpiTransactions, input.refunds);
  const rows = input.transactions
    .map((t) => {
      const p = paymentDetail(t.payment);
      const paid = p.method === 'card' ? h('report.paidCard', { brand: staffT(`payment.brands.${p.brand}`), last4: p.last4, approval: p.approval }) : p.method === 'check' ? h('report.paidCheck', { number: p.checkNumber }) : escape(staffT(`payment.methods.${p.method}`));
      const status =
        t.status === 'voided'
          ? h('report.voided', { reason: t.voidReason ?? '', approval: t.voidApprovedBy ? staffT('report.voidApprovedBy', { who: person(t.voidApprovedBy) }) : '' })
          : t.refundedCents
            ? h('report.refunded', { amount: formatMoney(t.refundedCents) })
            : '';
      return `<tr${t.status === 'voided' ? ' class="void"' : ''}><td>${escape(t.receiptNumber)}</td><td>${escape(time12(t.occurredAt, timeZone))}</td><td>${escape(t.serviceName)}${t.quantity > 1 && t.unitFeeCents ? h('report.quantity', { quantity: t.quantity, unit: formatMoney(t.unitFeeCents) }) : ''}</td><td>${who(t.staffId)}</td><td>${paid}</td><td class="r">${formatMoney(t.amountCents)}</td><td>${status}</td></tr>`;
    })
    .join('');
  const countRow = (d: Denomination) => {
    const pieces = input.cashCount[d] ?? 0;
    return `<tr data-denomination="${d}"><th>${escape(denominationLabel(d))}</th><td class="r">${pieces}</td><td class="r">${formatMoney(pieces * Number(d))}</td></tr>`;
  };
  const empty = (cols: number, text: string) => `<tr><td colspan="${cols}">${escape(text)}</td></tr>`;
  return `<!doctype html><html lang="${escape(staffI18n.language)}"><head><meta charset="utf-8"><title>${h('report.title', { date: close?.businessDate ?? '' })}</title>
<style>body{font-family:system-ui,sans-serif;margin:16px;color:#000;font-size:14px}table{border-collapse:collapse;width:100%;margin-bottom:8px}td,th{border-bottom:1px solid #999;padding:3px 6px;text-align:left;vertical-align:top}.r{text-align:right}.void{text-decoration:line-through}.sync{font-weight:700;border:2px solid #000;padding:6px}h2{font-size:17px;margin:14px 0 4px}.sign{display:grid;grid-template-columns:1fr 1fr;gap:28px 24px;margin-top:24px}.sign div{border-top:1px solid #000;padding-top:4px}.sub th{font-weight:600;background:#eee}</style></head>
<body><h1>${h('report.heading', { city: input.cityName })}</h1>
<p>${h('report.stopLine', { van: input.vanName, place: stop.place, neighbourhood: stop.neighbourhood, date: close?.businessDate ?? '' })}</p>
<p>${h('report.opened', { at: dateTime12(stop.openedAt, timeZone), by: person(stop.openedBy), with: person(stop.floatConfirmedBy), closed: close ? staffT('report.closedAt', { at: dateTime12(close.closedAt, timeZone) }) : '' })}</p>
<p class="sync" data-field="sync-state">${escape(syncLine)}</p>
${input.watermark ? `<p data-field="watermark">${escape(input.watermark)}</p>` : ''}
<h2>${h('report.figures')}</h2>
<table><tbody>
<tr><th>${h('report.transactions')}</th><td class="r">${kpis.transactionCount}</td></tr>
<tr><th>${h('report.revenue')}</th><td class="r">${formatMoney(kpis.revenueCents)}</td></tr>
<tr><th>${h('report.voids')}</th><td class="r">${h('report.countAndAmount', { count: kpis.voids.count, amount: formatMoney(kpis.voids.amountCents) })}</td></tr>
<tr><th>${h('report.refundsToday')}</th><td class="r" data-field="refunds">${h('report.countAndAmount', { count: kpis.refunds.count, amount: formatMoney(kpis.refunds.amountCents) })}</td></tr>
<tr><th>${h('report.netRevenue')}</th><td class="r" data-field="net-revenue">${formatMoney(kpis.netRevenueCents)}</td></tr>
${kpis.byPaymentMethod.map((r) => `<tr><th>${escape(staffT(`payment.methods.${r.key}`))}</th><td class="r">${h('closeOut.countAndTotal', { n: r.count, total: formatMoney(r.revenueCents) })}</td></tr>`).join('')}
<tr><th>${h('dashboard.tickets')}</th><td class="r">${h('dashboard.ticketsValue', { issued: kpis.tickets.issued, served: kpis.tickets.served, noShow: kpis.tickets.noShow })}</td></tr>
<tr><th>${h('dashboard.satisfaction')}</th><td class="r">${h('report.satisfactionValue', { average: kpis.satisfaction.average ?? '—', answers: kpis.satisfaction.count })}</td></tr>
<tr><th>${h('report.participation')}</th><td class="r">${h('dashboard.participationValue', { total: kpis.participation.total, surveys: kpis.participation.surveys, cityAnswers: kpis.participation.cityAnswers })}</td></tr>
</tbody></table>
<h2>${h('report.cash')}</h2>
<table><tbody>
<tr><th>${h('closeOut.openingFloat')}</th><td class="r">${formatMoney(cash.openingFloatCents)}</td></tr>
<tr><th>${h('report.cashTaken')}</th><td class="r">${h('report.tenderedMinusChange', { tendered: formatMoney(cash.tenderedCents), change: formatMoney(cash.changeGivenCents) })}</td></tr>
<tr><th>${h('report.cashRefunds')}</th><td class="r">${h('closeOut.minus', { amount: formatMoney(cash.refunds.cashCents) })}</td></tr>
<tr><th>${h('report.expected')}</th><td class="r" data-field="expected">${formatMoney(cash.expectedCents)}</td></tr>
<tr><th>${h('closeOut.counted')}</th><td class="r" data-field="counted">${formatMoney(cash.countedCashCents)}</td></tr>
<tr><th>${h('closeOut.overShort')}</th><td class="r" data-field="difference">${h('report.difference', { amount: formatMoney(cash.differenceCents), status: cash.status === 'over' ? staffT('report.status.over') : cash.status === 'short' ? staffT('report.status.short') : staffT('report.status.balanced') })}</td></tr>
${close?.reason ? `<tr><th>${h('report.reason')}</th><td>${escape(close.reason)}</td></tr>` : ''}
<tr><th>${h('report.closedBy')}</th><td>${who(close?.closedBy)}${close?.secondSignOffBy ? h('report.secondSignOff', { who: person(close.secondSignOffBy) }) : ''}</td></tr>
</tbody></table>
<h2>${h('report.drawerCount')}</h2>
<table data-field="drawer"><thead><tr><th>${h('report.piece')}</th><th class="r">${h('report.count')}</th><th class="r">${h('report.value')}</th></tr></thead><tbody>
<tr class="sub"><th colspan="3">${h('closeOut.bills')}</th></tr>${BILL_DENOMINATIONS.map(countRow).join('')}
<tr class="sub"><th colspan="3">${h('closeOut.coins')}</th></tr>${COIN_DENOMINATIONS.map(countRow).join('')}
<tr><th>${h('report.totalCounted')}</th><td></td><td class="r">${formatMoney(cash.countedCashCents)}</td></tr>
</tbody></table>
<h2>${h('report.cardsTitle')}</h2>
<table data-field="cards"><thead><tr><th>${h('report.receipt')}</th><th>${h('report.time')}</th><th>${h('report.brand')}</th><th>${h('report.last4')}</th><th>${h('report.approval')}</th><th class="r">${h('report.amount')}</th></tr></thead><tbody>
${cards.map((t) => (t.payment.method === 'card' ? `<tr><td>${escape(t.receiptNumber)}</td><td>${escape(time12(t.occurredAt, timeZone))}</td><td>${escape(staffT(`payment.brands.${t.payment.brand}`))}</td><td>${escape(t.payment.last4)}</td><td>${escape(t.payment.approvalCode)}</td><td class="r">${formatMoney(t.amountCents)}</td></tr>` : '')).join('') || empty(6, staffT('report.noCards'))}
<tr><th colspan="5">${h('report.cardTotal')}</th><td class="r">${formatMoney(cash.cards.totalCents)}</td></tr>
</tbody></table>
<h2>${h('report.checksTitle')}</h2>
<table data-field="checks"><thead><tr><th>${h('report.receipt')}</th><th>${h('report.time')}</th><th>${h('report.checkNumber')}</th><th class="r">${h('report.amount')}</th></tr></thead><tbody>
${checks.map((t) => (t.payment.method === 'check' ? `<tr><td>${escape(t.receiptNumber)}</td><td>${escape(time12(t.occurredAt, timeZone))}</td><td>${escape(t.payment.checkNumber)}</td><td class="r">${formatMoney(t.amountCents)}</td></tr>` : '')).join('') || empty(4, staffT('report.noChecks'))}
<tr><th colspan="3">${h('report.checkTotal')}</th><td class="r">${formatMoney(cash.checks.totalCents)}</td></tr>
</tbody></table>
<h2>${h('report.refundsToday')}</h2>
<table data-field="refund-list"><thead><tr><th>${h('report.originalReceipt')}</th><th>${h('report.time')}</th><th>${h('report.method')}</th><th>${h('report.reason')}</th><th>${h('report.givenBy')}</th><th>${h('report.approvedBy')}</th><th class="r">${h('report.amount')}</th></tr></thead><tbody>
${input.refunds.map((r) => `<tr><td>${escape(r.receiptNumber)}</td><td>${escape(time12(r.issuedAt, timeZone))}</td><td>${escape(staffT(`payment.methods.${r.method}`))}</td><td>${escape(r.reason)}</td><td>${who(r.staffId)}</td><td>${who(r.approvedBy)}</td><td class="r">${formatMoney(r.amountCents)}</td></tr>`).join('') || empty(7, staffT('report.noRefunds'))}
</tbody></table>
<h2>${h('report.perClerk')}</h2>
<table data-field="clerks"><thead><tr><th>${h('report.clerk')}</th><th class="r">${h('report.transactions')}</th><th class="r">${h('report.cash')}</th><th class="r">${h('closeOut.checks')}</th><th class="r">${h('report.cards')}</th><th class="r">${h('report.total')}</th><th class="r">${h('report.voids')}</th><th class="r">${h('report.refunds')}</th></tr></thead><tbody>
${clerks.map((c) => `<tr><td>${who(c.staffId)}</td><td class="r">${c.count}</td><td class="r">${formatMoney(c.cashCents)}</td><td class="r">${formatMoney(c.checkCents)}</td><td class="r">${formatMoney(c.cardCents)}</td><td class="r">${formatMoney(c.revenueCents)}</td><td class="r">${h('report.countAndAmount', { count: c.voids.count, amount: formatMoney(c.voids.amountCents) })}</td><td class="r">${formatMoney(c.refundsCents)}</td></tr>`).join('') || empty(8, staffT('report.noTransactions'))}
</tbody></table>
<h2>${h('report.transactions')}</h2>
<table><thead><tr><th>${h('report.receipt')}</th><th>${h('report.time')}</th><th>${h('report.service')}</th><th>${h('report.clerk')}</th><th>${h('report.payment')}</th><th class="r">${h('report.amount')}</th><th></th></tr></thead><tbody>${rows || empty(7, staffT('report.noTransactions'))}</tbody></table>
<div class="sign" data-field="signatures">
<div>${h('report.signClosedBy', { who: person(close?.closedBy) })}<br>${h('report.signature')}</div><div>${h('report.date')}</div>
<div>${h('report.signSecond', { who: close?.secondSignOffBy ? staffT('report.signSecondWho', { who: person(close.secondSignOffBy) }) : '' })}<br>${h('report.signature')}</div><div>${h('report.date')}</div>
<div>${h('report.signFinance')}<br>${h('report.nameAndSignature')}</div><div>${h('report.date')}</div>
</div>
</body></html>`;
}
