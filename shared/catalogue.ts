import { z } from 'zod';
import { cityQuestionSchema } from './city-questions';
import { paymentMethodSchema, staffRoles } from './events';
import { centsSchema } from './schema-helpers';

/** The service catalogue devices pull: categories, services with fee rules and forms, staff for offline sign-in. */

const codeSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);

export const fieldTypes = ['text', 'number', 'money', 'date', 'select', 'checkbox', 'address'] as const;

export const fieldDefinitionSchema = z.object({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/),
  label: z.string().min(1).max(200),
  type: z.enum(fieldTypes),
  required: z.boolean().default(false),
  help: z.string().max(500).optional(),
  options: z.array(z.object({ value: z.string().min(1).max(64), label: z.string().min(1).max(200) })).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  maxLength: z.number().int().min(1).max(4000).optional(),
  pattern: z.string().max(200).optional(),
  patternMessage: z.string().max(200).optional(),
});
export type FieldDefinition = z.infer<typeof fieldDefinitionSchema>;

export const feeRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('free') }),
  z.object({ kind: z.literal('fixed'), amountCents: centsSchema }),
  /** unitCents for each unit; the number of units is the quantity field. */
  z.object({ kind: z.literal('per_unit'), unitCents: centsSchema, unitLabel: z.string().min(1).max(50), quantityField: z.string().min(1).max(64) }),
  /** The amount printed on a bill or ticket, typed by the clerk. */
  z.object({ kind: z.literal('amount_entered'), amountField: z.string().min(1).max(64), maxCents: centsSchema }),
  /** A fee chosen by one select field's value (a dog licence: spayed/neutered or intact). */
  z.object({ kind: z.literal('by_option'), field: z.string().min(1).max(64), amounts: z.record(z.string(), centsSchema) }),
]);
export type FeeRule = z.infer<typeof feeRuleSchema>;

/** Text the city publishes in several languages, by language code ("en", "es", "zh-Hant"); English is the fallback. */
export const localizedTextSchema = z.record(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/), z.string().min(1).max(1000));
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** The text for a language: that language, else its base language ("pt" for "pt-BR"), else English, else none. */
export function textFor(text: LocalizedText | undefined, language: string): string | null {
  if (!text) return null;
  return text[language] ?? text[language.split('-')[0]!] ?? text.en ?? null;
}

export const serviceCategorySchema = z.object({
  code: codeSchema,
  name: z.string().min(1).max(100),
  ticketPrefix: z.string().regex(/^[A-Z]$/),
});

export const catalogueServiceSchema = z.object({
  code: codeSchema,
  categoryCode: codeSchema,
  name: z.string().min(1).max(200),
  description: z.string().max(1000),
  feeRule: feeRuleSchema,
  fields: z.array(fieldDefinitionSchema),
  paymentMethods: z.array(paymentMethodSchema),
  /** Residents may start this at the touchscreen (certificate orders). */
  residentOrderable: z.boolean().default(false),
  certificateType: z.enum(['birth', 'marriage', 'death']).optional(),
  /** Printed on the receipt: what the resident can expect now (mailing, pickup, processing time). */
  whatHappensNext: localizedTextSchema.optional(),
});
export type CatalogueService = z.infer<typeof catalogueServiceSchema>;

/** A 311 request type, published through Open311 services.json too. */
export const requestTypeSchema = z.object({
  code: codeSchema,
  name: z.string().min(1).max(200),
  description: z.string().max(1000),
  group: z.string().max(100),
});

export const pinHashSchema = z.object({
  algorithm: z.literal('pbkdf2-sha256'),
  iterations: z.number().int().min(100_000),
  salt: z.string().min(16).max(200),
  hash: z.string().min(32).max(200),
});
export type PinHash = z.infer<typeof pinHashSchema>;

export const catalogueStaffSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  name: z.string().min(1).max(200),
  role: z.enum(staffRoles),
  active: z.boolean(),
  pin: pinHashSchema,
});
export type CatalogueStaff = z.infer<typeof catalogueStaffSchema>;

/** Where a van is planned to be next: shown on the touchscreen once the day is closed. */
export const plannedStopSchema = z.object({
  start: z.iso.datetime({ offset: true }),
  end: z.iso.datetime({ offset: true }),
  place: z.string().min(1).max(200),
  neighbourhood: z.string().min(1).max(100),
  /** The vans this stop is for; empty means every van. */
  deviceIds: z.array(z.string().min(1).max(100)).max(200).default([]),
});
export type PlannedStop = z.infer<typeof plannedStopSchema>;

/** The first planned stop for this device that starts after `now`, if the catalogue has one. */
export function nextPlannedStop(schedule: readonly PlannedStop[], deviceId: string, now: Date): PlannedStop | null {
  const upcoming = schedule
    .filter((s) => Date.parse(s.start) > now.getTime() && (s.deviceIds.length === 0 || s.deviceIds.includes(deviceId)))
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return upcoming[0] ?? null;
}

export const catalogueBodySchema = z.object({
  city: z.object({
    name: z.string().min(1).max(100),
    timeZone: z.string().min(1).max(64),
    currency: z.literal('USD'),
    /** The city's contact line printed on every receipt (phone, web address), by language. */
    contactLine: localizedTextSchema.optional(),
  }),
  categories: z.array(serviceCategorySchema),
  services: z.array(catalogueServiceSchema),
  requestTypes: z.array(requestTypeSchema),
  staff: z.array(catalogueStaffSchema),
  schedule: z.array(plannedStopSchema).max(500).default([]),
  /** "Tell the city" questions for stops and neighbourhoods (older catalogues have none). */
  questions: z.array(cityQuestionSchema).max(200).default([]),
});
export type CatalogueBody = z.infer<typeof catalogueBodySchema>;

export const catalogueSchema = catalogueBodySchema.extend({
  version: z.number().int().min(1),
  publishedAt: z.string(),
});
export type Catalogue = z.infer<typeof catalogueSchema>;

/** Why no fee can be worked out yet: a code for the screen's words, with the values they need (`unitLabel` is the catalogue's). */
export type FeeProblem = { code: 'fee.quantity'; unitLabel: string } | { code: 'fee.amount' } | { code: 'fee.tooMuch'; maxCents: number } | { code: 'fee.choice' };

export const FEE_PROBLEM_CODES = ['fee.quantity', 'fee.amount', 'fee.tooMuch', 'fee.choice'] as const satisfies readonly FeeProblem['code'][];

/** The English for a fee problem (logs, tests, the office), as computeFee has always said it. */
export function feeProblemMessage(problem: FeeProblem): string {
  switch (problem.code) {
    case 'fee.quantity':
      return `enter how many ${problem.unitLabel}`;
    case 'fee.amount':
      return 'enter the amount due';
    case 'fee.tooMuch':
      return 'the amount is more than this service accepts';
    case 'fee.choice':
      return 'choose an option to see the fee';
  }
}

export type FeeResult = { ok: true; unitFeeCents: number | null; quantity: number; amountCents: number } | { ok: false; message: string; problem: FeeProblem };

const noFee = (problem: FeeProblem): FeeResult => ({ ok: false, message: feeProblemMessage(problem), problem });

/** Computes what a service costs from its fee rule and the form's answers; integer cents throughout. */
export function computeFee(rule: FeeRule, values: Record<string, unknown>): FeeResult {
  switch (rule.kind) {
    case 'free':
      return { ok: true, unitFeeCents: 0, quantity: 1, amountCents: 0 };
    case 'fixed':
      return { ok: true, unitFeeCents: rule.amountCents, quantity: 1, amountCents: rule.amountCents };
    case 'per_unit': {
      const quantity = values[rule.quantityField];
      if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) {
        return noFee({ code: 'fee.quantity', unitLabel: rule.unitLabel });
      }
      return { ok: true, unitFeeCents: rule.unitCents, quantity, amountCents: rule.unitCents * quantity };
    }
    case 'amount_entered': {
      const amount = values[rule.amountField];
      if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) return noFee({ code: 'fee.amount' });
      if (amount > rule.maxCents) return noFee({ code: 'fee.tooMuch', maxCents: rule.maxCents });
      return { ok: true, unitFeeCents: null, quantity: 1, amountCents: amount };
    }
    case 'by_option': {
      const choice = values[rule.field];
      const amount = typeof choice === 'string' ? rule.amounts[choice] : undefined;
      if (amount === undefined) return noFee({ code: 'fee.choice' });
      return { ok: true, unitFeeCents: amount, quantity: 1, amountCents: amount };
    }
  }
}
