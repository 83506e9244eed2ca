import type { CatalogueBody } from '../shared';

/**
 * The demo catalogue: services a Boston "City Hall To Go" truck offers, with the City's published fees where public
 * (certified copies of birth, marriage and death records $14 each; dog licence $15 spayed/neutered, $30 intact;
 * resident parking permits free; bills and tickets paid at their printed amount; voter registration and 311 free).
 */
export const DEMO_TIME_ZONE = 'America/New_York';

const certificateFields = (eventLabel: string) => [
  { key: 'copies', label: 'Number of certified copies', type: 'number' as const, required: true, min: 1, max: 20 },
  { key: 'nameOnRecord', label: 'Full name on the record', type: 'text' as const, required: true, maxLength: 200 },
  { key: 'eventDate', label: `Date of ${eventLabel}`, type: 'date' as const, required: true },
  { key: 'eventPlace', label: `Place of ${eventLabel}`, type: 'text' as const, required: false, maxLength: 200 },
  { key: 'residentName', label: 'Requested by', type: 'text' as const, required: true, maxLength: 200 },
];

/** What a resident who paid for certified copies can expect; printed on the receipt in their language. */
const CERTIFICATE_NEXT = {
  en: 'Your certified copies are mailed to you within 7 business days. Questions about your order: Registry Division, (617) 635-4175.',
  es: 'Sus copias certificadas se le envían por correo en un plazo de 7 días hábiles. Preguntas sobre su pedido: Registro Civil, (617) 635-4175.',
  ht: 'Nou voye kopi sètifye yo ba ou pa lapòs nan 7 jou ouvrab. Kesyon sou kòmand ou: Biwo Rejis, (617) 635-4175.',
  'zh-Hans': '您的核证副本将在 7 个工作日内邮寄给您。有关订单的问题：登记处，(617) 635-4175。',
  'zh-Hant': '您的核證副本將在 7 個工作天內郵寄給您。有關訂單的問題：登記處，(617) 635-4175。',
  vi: 'Bản sao có chứng thực sẽ được gửi qua bưu điện trong vòng 7 ngày làm việc. Thắc mắc về đơn: Phòng Hộ tịch, (617) 635-4175.',
  'pt-BR': 'Suas cópias certificadas são enviadas pelo correio em até 7 dias úteis. Dúvidas sobre o pedido: Cartório de Registro, (617) 635-4175.',
  fr: 'Vos copies certifiées vous sont envoyées par la poste sous 7 jours ouvrables. Questions sur votre commande : état civil, (617) 635-4175.',
};

/** Certified copies of a vital record, $14 each in Boston. */
function certificateService(type: 'birth' | 'marriage' | 'death'): CatalogueBody['services'][number] {
  const title = `${type[0]!.toUpperCase()}${type.slice(1)}`;
  return {
    code: `${type}-certificate`,
    categoryCode: 'records',
    name: `${title} certificate (certified copy)`,
    description: `Certified copies of a ${type} record filed in Boston.`,
    feeRule: { kind: 'per_unit', unitCents: 1400, unitLabel: 'copies', quantityField: 'copies' },
    fields: certificateFields(type),
    paymentMethods: ['cash', 'check', 'card'],
    residentOrderable: true,
    certificateType: type,
    whatHappensNext: CERTIFICATE_NEXT,
  };
}

export const demoCatalogue: Omit<CatalogueBody, 'staff'> = {
  city: {
    name: 'City of Boston',
    timeZone: DEMO_TIME_ZONE,
    currency: 'USD',
    contactLine: {
      en: 'Questions? Call 311 or (617) 635-4500 · boston.gov',
      es: '¿Preguntas? Llame al 311 o al (617) 635-4500 · boston.gov',
      ht: 'Kesyon? Rele 311 oswa (617) 635-4500 · boston.gov',
      'zh-Hans': '有疑问？请致电 311 或 (617) 635-4500 · boston.gov',
      'zh-Hant': '有疑問？請致電 311 或 (617) 635-4500 · boston.gov',
      vi: 'Thắc mắc? Gọi 311 hoặc (617) 635-4500 · boston.gov',
      'pt-BR': 'Dúvidas? Ligue 311 ou (617) 635-4500 · boston.gov',
      fr: 'Des questions ? Appelez le 311 ou le (617) 635-4500 · boston.gov',
    },
  },
  schedule: [],
  questions: [
    {
      id: 'fields-corner-fix-first',
      neighbourhood: 'Dorchester',
      place: 'Fields Corner',
      publishedAt: '2026-11-01T12:00:00.000Z',
      topics: ['streets', 'safety', 'parks', 'housing', 'transit', 'trash', 'other'],
      text: {
        en: 'What should the city fix first in Fields Corner?',
        es: '¿Qué debería arreglar primero la ciudad en Fields Corner?',
        ht: 'Kisa vil la ta dwe ranje an premye nan Fields Corner?',
        'zh-Hans': '您认为市政府应该先解决 Fields Corner 的什么问题？',
        'zh-Hant': '您認為市政府應該先解決 Fields Corner 的甚麼問題？',
        vi: 'Thành phố nên sửa điều gì trước tiên ở Fields Corner?',
        kea: 'Kuzê ki sidadi debe konpo purmeru na Fields Corner?',
        'pt-BR': 'O que a cidade deveria consertar primeiro em Fields Corner?',
        ru: 'Что город должен исправить в Fields Corner в первую очередь?',
        ar: 'ما الذي يجب أن تصلحه المدينة أولًا في Fields Corner؟',
        fr: 'Que devrait réparer la ville en premier à Fields Corner ?',
        so: 'Maxay tahay in magaaladu marka hore hagaajiso Fields Corner?',
      },
    },
  ],
  categories: [
    { code: 'payments', name: 'Payments', ticketPrefix: 'A' },
    { code: 'records', name: 'Birth, marriage and death records', ticketPrefix: 'B' },
    { code: 'permits', name: 'Permits and licences', ticketPrefix: 'C' },
    { code: 'civic', name: 'Voting and 311', ticketPrefix: 'D' },
  ],
  services: [
    {
      code: 'parking-ticket',
      categoryCode: 'payments',
      name: 'Pay parking ticket',
      description: 'Pay a Boston parking ticket by its ticket number.',
      whatHappensNext: {
        en: 'The ticket shows as paid within 2 business days. Keep this receipt until then.',
        es: 'La multa aparece como pagada en un plazo de 2 días hábiles. Guarde este recibo hasta entonces.',
      },
      feeRule: { kind: 'amount_entered', amountField: 'amountDue', maxCents: 100_000 },
      fields: [
        { key: 'ticketNumber', label: 'Ticket number', type: 'text', required: true, maxLength: 20, pattern: '^[A-Za-z0-9-]{4,20}$', patternMessage: 'Enter the ticket number as printed.' },
        { key: 'plate', label: 'Licence plate', type: 'text', required: false, maxLength: 10 },
        { key: 'amountDue', label: 'Amount due', type: 'money', required: true, min: 1 },
      ],
      paymentMethods: ['cash', 'check', 'card'],
      residentOrderable: false,
    },
    {
      code: 'property-tax',
      categoryCode: 'payments',
      name: 'Pay property tax bill',
      description: 'Pay a real estate or personal property tax bill.',
      feeRule: { kind: 'amount_entered', amountField: 'amountDue', maxCents: 10_000_000 },
      fields: [
        { key: 'parcelId', label: 'Parcel ID', type: 'text', required: true, maxLength: 20, pattern: '^[0-9-]{6,20}$', patternMessage: 'Enter the parcel ID from the bill.' },
        { key: 'billNumber', label: 'Bill number', type: 'text', required: true, maxLength: 20 },
        { key: 'amountDue', label: 'Amount paid', type: 'money', required: true, min: 1 },
      ],
      paymentMethods: ['cash', 'check', 'card'],
      residentOrderable: false,
    },
    {
      code: 'excise-tax',
      categoryCode: 'payments',
      name: 'Pay motor vehicle excise bill',
      description: 'Pay a motor vehicle excise tax bill.',
      feeRule: { kind: 'amount_entered', amountField: 'amountDue', maxCents: 1_000_000 },
      fields: [
        { key: 'billNumber', label: 'Bill number', type: 'text', required: true, maxLength: 20 },
        { key: 'plate', label: 'Licence plate', type: 'text', required: true, maxLength: 10 },
        { key: 'amountDue', label: 'Amount paid', type: 'money', required: true, min: 1 },
      ],
      paymentMethods: ['cash', 'check', 'card'],
      residentOrderable: false,
    },
    certificateService('birth'),
    certificateService('marriage'),
    certificateService('death'),
    {
      code: 'dog-licence',
      categoryCode: 'permits',
      name: 'Dog licence',
      description: 'Annual dog licence; proof of rabies vaccination required.',
      whatHappensNext: {
        en: 'The dog tag is mailed to you within 10 business days; this receipt is the licence until it arrives.',
        es: 'La placa del perro se le envía por correo en 10 días hábiles; este recibo sirve de licencia hasta entonces.',
      },
      feeRule: { kind: 'by_option', field: 'neutered', amounts: { yes: 1500, no: 3000 } },
      fields: [
        { key: 'dogName', label: "Dog's name", type: 'text', required: true, maxLength: 50 },
        {
          key: 'neutered',
          label: 'Spayed or neutered?',
          type: 'select',
          required: true,
          options: [
            { value: 'yes', label: 'Yes ($15)' },
            { value: 'no', label: 'No ($30)' },
          ],
        },
        { key: 'rabiesCertificate', label: 'Rabies certificate seen', type: 'checkbox', required: true },
        { key: 'ownerAddress', label: "Owner's address", type: 'address', required: true, maxLength: 300 },
        { key: 'residentName', label: "Owner's name", type: 'text', required: true, maxLength: 200 },
      ],
      paymentMethods: ['cash', 'check', 'card'],
      residentOrderable: false,
    },
    {
      code: 'resident-parking-permit',
      categoryCode: 'permits',
      name: 'Resident parking permit',
      description: 'Free resident parking sticker; bring registration and proof of residency.',
      feeRule: { kind: 'free' },
      fields: [
        { key: 'plate', label: 'Licence plate', type: 'text', required: true, maxLength: 10 },
        { key: 'address', label: 'Home address', type: 'address', required: true, maxLength: 300 },
        { key: 'residencyProofSeen', label: 'Proof of residency seen', type: 'checkbox', required: true },
        { key: 'residentName', label: 'Resident name', type: 'text', required: true, maxLength: 200 },
      ],
      paymentMethods: [],
      residentOrderable: false,
    },
    {
      code: 'voter-registration',
      categoryCode: 'civic',
      name: 'Voter registration',
      description: 'Register to vote or update a voter registration.',
      feeRule: { kind: 'free' },
      fields: [
        { key: 'residentName', label: 'Full name', type: 'text', required: true, maxLength: 200 },
        { key: 'dateOfBirth', label: 'Date of birth', type: 'date', required: true },
        { key: 'address', label: 'Residential address', type: 'address', required: true, maxLength: 300 },
      ],
      paymentMethods: [],
      residentOrderable: false,
    },
  ],
  requestTypes: [
    { code: 'pothole', name: 'Pothole repair', description: 'A pothole in a street.', group: 'Streets' },
    { code: 'streetlight', name: 'Street light out', description: 'A street light that is out or flickering.', group: 'Streets' },
    { code: 'graffiti', name: 'Graffiti removal', description: 'Graffiti on public or private property.', group: 'Cleanliness' },
    { code: 'missed-trash', name: 'Missed trash pickup', description: 'Trash or recycling that was not picked up.', group: 'Cleanliness' },
    { code: 'needle-pickup', name: 'Needle pickup', description: 'A discarded needle or syringe.', group: 'Public health' },
    { code: 'abandoned-vehicle', name: 'Abandoned vehicle', description: 'A vehicle left on a street for a long time.', group: 'Transportation' },
  ],
};

export const DEMO_STAFF = [
  { id: 'clerk-ana', name: 'Ana Clerk', role: 'clerk' as const, pin: '246810' },
  { id: 'super-sam', name: 'Sam Supervisor', role: 'supervisor' as const, pin: '135790' },
];

/** The demo van's next two stops, the days after `now` from 10:00 to 14:00 Boston time (14:00–18:00 UTC in winter). */
export function demoSchedule(now: Date): CatalogueBody['schedule'] {
  const places = [
    { place: 'Mattapan Square', neighbourhood: 'Mattapan' },
    { place: 'Roslindale Village', neighbourhood: 'Roslindale' },
  ];
  return places.map((p, i) => {
    const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + i + 1, 15));
    return { ...p, start: day.toISOString(), end: new Date(day.getTime() + 4 * 3_600_000).toISOString(), deviceIds: [] };
  });
}
