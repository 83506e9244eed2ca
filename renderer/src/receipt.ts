import QRCode from 'qrcode';
import { formatCityDateTime, formatMoney, type Payment } from '../../shared';
import type { LocalStop, LocalTransaction } from './db/db';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function paymentLine(payment: Payment): string {
  switch (payment.method) {
    case 'cash':
      return `Cash: tendered ${formatMoney(payment.tenderedCents)}, change ${formatMoney(payment.changeCents)}`;
    case 'check':
      return `Check no. ${escape(payment.checkNumber)}`;
    case 'card':
      return `Card: ${escape(payment.brand)} ending ${escape(payment.last4)}, approval ${escape(payment.approvalCode)}`;
    case 'none':
      return 'No payment due';
  }
}

/** A printable receipt: a self-contained HTML page, with a QR code of the transaction id. */
export async function receiptHtml(input: {
  cityName: string;
  vanName: string;
  stop: LocalStop | undefined;
  transaction: LocalTransaction;
  clerkName: string;
  reprint?: boolean;
  /** The city's zone: the receipt's date and time are on its clock. */
  timeZone: string;
}): Promise<string> {
  const t = input.transaction;
  const qr = await QRCode.toString(t.id, { type: 'svg', margin: 0, width: 120, errorCorrectionLevel: 'M' });
  const when = formatCityDateTime(t.occurredAt, input.timeZone);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Receipt ${escape(t.receiptNumber)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:320px;margin:0 auto;padding:12px;color:#000}h1{font-size:18px;margin:0}
.muted{color:#333;font-size:13px}.total{font-size:20px;font-weight:700}.void{border:3px solid #000;padding:4px;text-align:center;font-weight:700}
table{width:100%;border-collapse:collapse}td{padding:2px 0;vertical-align:top}td.r{text-align:right}.qr{text-align:center;margin-top:8px}</style></head>
<body><h1>${escape(input.cityName)}</h1>
<div class="muted">${escape(input.vanName)}${input.stop ? ` · ${escape(input.stop.place)}, ${escape(input.stop.neighbourhood)}` : ''}</div>
<div class="muted">${escape(when)}</div>
${input.reprint ? '<div class="muted">REPRINT</div>' : ''}
${t.status === 'voided' ? `<div class="void">VOIDED: ${escape(t.voidReason ?? '')}</div>` : ''}
<p>Receipt <strong data-field="receipt-number">${escape(t.receiptNumber)}</strong></p>
<table>
<tr><td data-field="service">${escape(t.serviceName)}${t.quantity > 1 ? ` × ${t.quantity}` : ''}${t.reference ? `<br><span class="muted">${escape(t.reference)}</span>` : ''}</td>
<td class="r" data-field="amount">${formatMoney(t.amountCents)}</td></tr>
</table>
<p class="total">Total <span data-field="total">${formatMoney(t.amountCents)}</span></p>
<p data-field="payment">${paymentLine(t.payment)}</p>
<p class="muted">Served by <span data-field="clerk">${escape(input.clerkName)}</span></p>
<div class="qr" data-field="qr">${qr}</div>
<p class="muted" style="text-align:center">Transaction ${escape(t.id)}</p>
</body></html>`;
}
