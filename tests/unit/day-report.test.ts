import { describe, expect, it } from 'vitest';
import { computeDayKpis, reconcileCash } from '../../shared';
import { dayReportHtml } from '../../renderer/src/supervisor/report';

/**
 * The printable end-of-day report, its words now from the staff catalogue (issue #16): the lines below are the report's
 * exact HTML as it was before (values escaped once, the catalogue's text as the template's own), for a day with a card,
 * a check, a refund, a void approved by a supervisor, an unknown clerk and names that need escaping.
 */

const staff = [
  { id: 'c1', name: 'Ana Clerk', role: 'clerk' },
  { id: 's1', name: 'Sam <Super>', role: 'supervisor' },
] as never[];
const base = { eventId: 'e', seq: 1, serviceCode: 'PK', serviceName: 'Parking & fines', reference: 'R', stopId: 'st', residentName: 'X' };
const transactions = [
  { ...base, id: 't1', quantity: 2, unitFeeCents: 1250, amountCents: 2500, payment: { method: 'card', brand: 'visa', last4: '4242', approvalCode: 'A1' }, receiptNumber: 'R-1', occurredAt: '2026-05-01T14:00:00Z', status: 'recorded', staffId: 'c1' },
  { ...base, id: 't2', quantity: 1, amountCents: 4000, payment: { method: 'check', checkNumber: '1001' }, receiptNumber: 'R-2', occurredAt: '2026-05-01T15:00:00Z', status: 'recorded', staffId: 'c1', refundedCents: 500 },
  { ...base, id: 't3', quantity: 1, amountCents: 3000, payment: { method: 'cash', tenderedCents: 5000, changeCents: 2000 }, receiptNumber: 'R-3', occurredAt: '2026-05-01T16:00:00Z', status: 'voided', voidReason: 'wrong "svc"', voidApprovedBy: 's1', staffId: 'zz' },
  { ...base, id: 't4', quantity: 1, amountCents: 1000, payment: { method: 'cash', tenderedCents: 1000, changeCents: 0 }, receiptNumber: 'R-4', occurredAt: '2026-05-01T16:30:00Z', status: 'recorded', staffId: 's1' },
] as never[];
const refunds = [{ id: 'r1', transactionId: 't2', receiptNumber: 'R-2', issuedAt: '2026-05-01T17:00:00Z', method: 'cash', reason: "didn't apply", staffId: 'c1', approvedBy: 's1', amountCents: 500 }] as never[];
const stop = { id: 'st', place: 'Dudley Sq.', neighbourhood: 'Roxbury', openedAt: '2026-05-01T13:00:00Z', openedBy: 'c1', floatConfirmedBy: 's1', openingFloatCents: 10000 } as never;


function report(variant: 'closed' | 'open' | 'pendingWords') {
  const kpis = computeDayKpis({ transactions, tickets: [], surveys: [], cityAnswers: [], timeZone: 'America/New_York', refunds } as never);
  const cash = reconcileCash({ openingFloatCents: 10000, transactions, countedCashCents: 10400, thresholdCents: 2000, refunds } as never);
  const close =
    variant === 'closed'
      ? ({ businessDate: '2026-05-01', closedAt: '2026-05-01T22:00:00Z', closedBy: 'c1', secondSignOffBy: 's1', reason: 'miscount <b>', countedCashCents: 10400, cashCount: {} } as never)
      : undefined;
  return dayReportHtml({
    cityName: 'Boston',
    vanName: 'Van 1',
    stop,
    close,
    kpis,
    cash,
    transactions,
    refunds,
    staff,
    cashCount: { '10000': 1, '25': 16 },
    timeZone: 'America/New_York',
    pendingEvents: variant === 'closed' ? 0 : 3,
    pendingWords: variant === 'pendingWords' ? '2 transactions have' : null,
  });
}

describe('end-of-day report text', () => {
  it('reads as before on a closed day', () => {
    const html = report('closed');
    for (const line of [
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>End of day 2026-05-01</title>',
      '<body><h1>Boston — end of day</h1>',
      '<p>Van 1 · Dudley Sq., Roxbury · business date 2026-05-01</p>',
      '<p>Opened May 1, 2026, 9:00 AM by Ana Clerk (clerk), float counted with Sam &#60;Super&#62; (supervisor) · closed May 1, 2026, 6:00 PM</p>',
      '<p class="sync" data-field="sync-state">Everything recorded on this van has reached the central office.</p>',
      '<tr><th>Voids</th><td class="r">1 ($30.00)</td></tr>',
      '<tr><th>Check</th><td class="r">1 · $40.00</td></tr><tr><th>Card</th><td class="r">1 · $25.00</td></tr><tr><th>Cash</th><td class="r">1 · $10.00</td></tr>',
      '<tr><th>Satisfaction</th><td class="r">— (0)</td></tr>',
      '<tr><th>Participation (surveys + city question)</th><td class="r">0 (0 + 0)</td></tr>',
      '<tr><th>Cash taken (tendered − change)</th><td class="r">$10.00 − $0.00</td></tr>',
      '<tr><th>Cash refunds given</th><td class="r">− $5.00</td></tr>',
      '<tr><th>Over / short</th><td class="r" data-field="difference">-$1.00 (short)</td></tr>',
      '<tr><th>Reason</th><td>miscount &#60;b&#62;</td></tr>',
      '<tr><th>Closed by</th><td>Ana Clerk (clerk), second sign-off Sam &#60;Super&#62; (supervisor)</td></tr>',
      '<tr class="sub"><th colspan="3">Coins under $1</th></tr><tr data-denomination="50"><th>Half-dollar coins (50¢)</th>',
      '<h2>Card payments (match the terminal\'s batch)</h2>',
      '<tr><td>R-2</td><td>1:00 PM</td><td>Cash</td><td>didn&#39;t apply</td><td>Ana Clerk (clerk)</td><td>Sam &#60;Super&#62; (supervisor)</td><td class="r">$5.00</td></tr>',
      '<tr><td>Unknown staff member (zz)</td><td class="r">0</td>',
      '<td>Parking &#38; fines (2 × $12.50)</td><td>Ana Clerk (clerk)</td><td>card Visa ···4242 appr. A1</td><td class="r">$25.00</td><td></td></tr>',
      '<td>check no. 1001</td><td class="r">$40.00</td><td>refunded $5.00</td></tr>',
      '<td>voided: wrong &#34;svc&#34;; approved by Sam &#60;Super&#62; (supervisor)</td></tr>',
      '<div>Counted and closed by: Ana Clerk (clerk)<br>Signature</div><div>Date</div>\n<div>Second person: Sam &#60;Super&#62; (supervisor)<br>Signature</div><div>Date</div>\n<div>Received by the finance office<br>Name and signature</div><div>Date</div>',
    ])
      expect(html).toContain(line);
  });

  it('says plainly what has not reached the office', () => {
    expect(report('open')).toContain('<p class="sync" data-field="sync-state">3 recorded event(s) have NOT reached the central office yet; they will be sent when the van is online.</p>');
    expect(report('pendingWords')).toContain('<p class="sync" data-field="sync-state">2 transactions have NOT reached the central office yet; they will be sent when the van is online.</p>');
    expect(report('open')).toContain('<div>Second person<br>Signature</div>');
  });
});
