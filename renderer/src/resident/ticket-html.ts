/** The small printed ticket: a self-contained page for host.printHtml, in the resident's language. */

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface TicketPrint {
  lang: string;
  dir: 'ltr' | 'rtl';
  cityName: string;
  vanName: string;
  yourNumberLabel: string;
  number: string;
  category: string;
  wait: string;
  issued: string;
  instructions: string;
}

export function ticketHtml(p: TicketPrint): string {
  return `<!doctype html><html lang="${escape(p.lang)}" dir="${p.dir === 'rtl' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><title>${escape(p.number)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:300px;margin:0 auto;padding:12px;color:#000;text-align:center}
h1{font-size:16px;margin:0}.muted{font-size:13px;color:#333}.label{font-size:16px;margin:12px 0 0}
.number{font-size:64px;font-weight:800;letter-spacing:2px;margin:0;line-height:1.1}p{margin:6px 0}</style></head>
<body><h1>${escape(p.cityName)}</h1><div class="muted">${escape(p.vanName)}</div>
<p class="label">${escape(p.yourNumberLabel)}</p>
<p class="number" dir="ltr" data-field="ticket-number">${escape(p.number)}</p>
<p data-field="category">${escape(p.category)}</p>
<p data-field="wait">${escape(p.wait)}</p>
<p class="muted" data-field="issued">${escape(p.issued)}</p>
<p>${escape(p.instructions)}</p>
</body></html>`;
}
