import QRCode from 'qrcode';
import { formatCityDateTime, formatMoney, textFor, type Catalogue, type Payment } from '../../shared';
import type { LocalStop, LocalTransaction } from './db/db';
import { createI18n, languageOf } from './i18n';
import { receiptLanguage } from './i18n/languages';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export { receiptLanguage };

/** The address in the receipt's QR code: the configured verification base followed by the transaction id. */
export function verificationUrl(base: string, transactionId: string): string {
  return `${base}${encodeURIComponent(transactionId)}`;
}

export interface ReceiptInput {
  cityName: string;
  vanName: string;
  stop: LocalStop | undefined;
  transaction: LocalTransaction;
  clerkName: string;
  reprint?: boolean;
  /** The language to print in (the resident's, or the one the clerk chose). */
  language?: string | null;
  /** The city's catalogue: its contact line and the service's "what happens next". */
  catalogue?: Catalogue | null;
  /** Base of the verification address encoded in the QR code. */
  verificationBaseUrl: string;
  /** The city's zone: the receipt's date and time are on its clock. */
  timeZone: string;
}

/**
 * A printable receipt: a self-contained HTML page in the resident's language, numbered per device, with the unit
 * price, the city's contact line, what happens next, and a QR code of a verification address. A voided receipt says
 * VOID and the amount returned, never the internal reason.
 */
export async function receiptHtml(input: ReceiptInput): Promise<string> {
  const t = input.transaction;
  const language = languageOf(receiptLanguage(input.language));
  const i18n = createI18n(language.code);
  const tr = (key: string, values?: Record<string, unknown>): string => i18n.t(key, values ?? {});
  const money = (cents: number) => formatMoney(cents, language.locale);
  const url = verificationUrl(input.verificationBaseUrl, t.id);
  const qr = await QRCode.toString(url, { type: 'svg', margin: 0, width: 120, errorCorrectionLevel: 'M' });
  // English as every staff screen writes it; other languages as their locale does, on the city's clock either way.
  const when =
    language.code === 'en'
      ? formatCityDateTime(t.occurredAt, input.timeZone)
      : new Date(t.occurredAt).toLocaleString(language.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: input.timeZone });
  const service = input.catalogue?.services.find((s) => s.code === t.serviceCode);
  const next = textFor(service?.whatHappensNext, language.code);
  const contact = textFor(input.catalogue?.city.contactLine, language.code);
  const paymentLine = (payment: Payment): string => {
    switch (payment.method) {
      case 'cash':
        return escape(tr('receipt.paidCash', { tendered: money(payment.tenderedCents), change: money(payment.changeCents) }));
      case 'check':
        return escape(tr('receipt.paidCheck', { number: payment.checkNumber }));
      case 'card':
        return `${escape(payment.brand.toUpperCase())} · ${escape(tr('receipt.paidCard', { last4: payment.last4, code: payment.approvalCode }))}`;
      case 'none':
        return escape(tr('receipt.noPayment'));
    }
  };
  const unitLine =
    t.unitFeeCents !== null && t.unitFeeCents !== undefined && t.quantity > 1
      ? `<br><span class="muted" data-field="unit-price">${escape(tr('receipt.unitPrice', { quantity: t.quantity, unit: money(t.unitFeeCents) }))}</span>`
      : '';
  const voided = t.status === 'voided';
  return `<!doctype html><html lang="${escape(language.code)}" dir="${language.dir}"><head><meta charset="utf-8"><title>${escape(tr('receipt.title'))} ${escape(t.receiptNumber)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:320px;margin:0 auto;padding:12px;color:#000}h1{font-size:18px;margin:0}
.muted{color:#333;font-size:13px}.total{font-size:20px;font-weight:700}.void{border:3px solid #000;padding:4px;text-align:center;font-weight:700;font-size:22px}
table{width:100%;border-collapse:collapse}td{padding:2px 0;vertical-align:top}td.r{text-align:end}.qr{text-align:center;margin-top:8px}.next{border-top:1px dashed #000;padding-top:6px}</style></head>
<body><h1>${escape(input.cityName)}</h1>
<div class="muted">${escape(input.vanName)}${input.stop ? ` · ${escape(input.stop.place)}, ${escape(input.stop.neighbourhood)}` : ''}</div>
<div class="muted">${escape(when)}</div>
${input.reprint ? `<div class="muted" data-field="reprint">${escape(tr('receipt.reprint'))}</div>` : ''}
${voided ? `<div class="void" data-field="void">${escape(tr('receipt.void'))}</div>` : ''}
<p>${escape(tr('receipt.number'))} <strong data-field="receipt-number">${escape(t.receiptNumber)}</strong></p>
<table>
<tr><td data-field="service">${escape(t.serviceName)}${t.quantity > 1 ? ` × ${t.quantity}` : ''}${unitLine}${t.reference ? `<br><span class="muted">${escape(t.reference)}</span>` : ''}</td>
<td class="r" data-field="amount">${money(t.amountCents)}</td></tr>
</table>
<p class="total">${escape(tr('receipt.total'))} <span data-field="total">${money(t.amountCents)}</span></p>
<p data-field="payment">${paymentLine(t.payment)}</p>
${voided ? `<p class="total" data-field="amount-returned">${escape(tr('receipt.amountReturned'))} ${money(t.payment.method === 'none' ? 0 : t.amountCents)}</p>` : ''}
<p class="muted">${escape(tr('receipt.servedBy'))} <span data-field="clerk">${escape(input.clerkName)}</span></p>
${next && !voided ? `<div class="next" data-field="what-next"><strong>${escape(tr('receipt.whatNext'))}</strong><p>${escape(next)}</p></div>` : ''}
${contact ? `<p class="muted" data-field="contact">${escape(contact)}</p>` : ''}
<div class="qr" data-field="qr" data-url="${escape(url)}">${qr}</div>
<p class="muted" style="text-align:center">${escape(tr('receipt.verify'))}<br><span data-field="verify-url">${escape(url)}</span></p>
</body></html>`;
}
