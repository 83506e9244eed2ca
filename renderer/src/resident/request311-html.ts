/** The printed 311 confirmation: a self-contained page for host.printHtml, in the resident's language. */

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface Request311Print {
  lang: string;
  dir: 'ltr' | 'rtl';
  cityName: string;
  vanName: string;
  title: string;
  referenceLabel: string;
  reference: string;
  whatLabel: string;
  category: string;
  description: string;
  whereLabel: string;
  where: string;
  filed: string;
  contact: string;
  followUpLabel: string;
  followUp: string;
  publicNotice: string;
}

export function request311Html(p: Request311Print): string {
  const field = (name: string, label: string, value: string) => `<h2>${escape(label)}</h2><p data-field="${name}">${escape(value)}</p>`;
  return `<!doctype html><html lang="${escape(p.lang)}" dir="${p.dir === 'rtl' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><title>${escape(p.reference)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:300px;margin:0 auto;padding:12px;color:#000}
h1{font-size:16px;margin:0;text-align:center}h2{font-size:13px;margin:10px 0 2px;text-transform:uppercase}.muted{font-size:12px;color:#333;text-align:center}
.reference{font-size:32px;font-weight:800;text-align:center;margin:2px 0}p{margin:2px 0;font-size:14px;white-space:pre-wrap;overflow-wrap:anywhere}
.notice{border-top:1px solid #000;margin-top:10px;padding-top:6px;font-size:12px}</style></head>
<body><h1>${escape(p.cityName)}</h1><div class="muted">${escape(p.vanName)} · ${escape(p.filed)}</div>
<p class="muted">${escape(p.title)}</p>
<h2>${escape(p.referenceLabel)}</h2><p class="reference" dir="ltr" data-field="reference">${escape(p.reference)}</p>
<h2>${escape(p.whatLabel)}</h2><p data-field="category">${escape(p.category)}</p><p data-field="description">${escape(p.description)}</p>
${field('where', p.whereLabel, p.where)}
${field('follow-up', p.followUpLabel, p.followUp)}
<p data-field="contact">${escape(p.contact)}</p>
<p class="notice" data-field="public-notice">${escape(p.publicNotice)}</p>
</body></html>`;
}
