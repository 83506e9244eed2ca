import { z } from 'zod';
import { catalogueServiceSchema, serviceCategorySchema, type CatalogueBody } from './catalogue';

/**
 * Editing the catalogue from the office console: the part an editor changes (categories and services: fees, form
 * fields, "what happens next"), checked by the same schemas the kiosks parse plus the cross-references between them,
 * and the differences between two published versions.
 */

type Issue = { path: (string | number)[]; message: string };

/** Problems a schema cannot see alone: codes used twice, fee rules naming fields that are not there or of the wrong type. */
export function catalogueDraftProblems(draft: { categories: z.infer<typeof serviceCategorySchema>[]; services: z.infer<typeof catalogueServiceSchema>[] }): Issue[] {
  const issues: Issue[] = [];
  const seen = (values: string[], at: (i: number) => (string | number)[], what: string) => {
    const first = new Map<string, number>();
    values.forEach((value, i) => {
      if (first.has(value)) issues.push({ path: at(i), message: `${what} "${value}" is used twice` });
      else first.set(value, i);
    });
  };
  seen(draft.categories.map((c) => c.code), (i) => ['categories', i, 'code'], 'category code');
  seen(draft.categories.map((c) => c.ticketPrefix), (i) => ['categories', i, 'ticketPrefix'], 'ticket letter');
  seen(draft.services.map((s) => s.code), (i) => ['services', i, 'code'], 'service code');
  const categories = new Set(draft.categories.map((c) => c.code));
  draft.services.forEach((service, i) => {
    const at = (...rest: (string | number)[]) => ['services', i, ...rest];
    if (!categories.has(service.categoryCode)) issues.push({ path: at('categoryCode'), message: `there is no category "${service.categoryCode}"` });
    seen(service.fields.map((f) => f.key), (j) => at('fields', j, 'key'), 'field key');
    service.fields.forEach((field, j) => {
      if (field.type === 'select' && !field.options?.length) issues.push({ path: at('fields', j, 'options'), message: 'a choice field needs at least one option' });
      if (field.min !== undefined && field.max !== undefined && field.min > field.max) issues.push({ path: at('fields', j, 'max'), message: 'the largest value is below the smallest' });
    });
    if (service.paymentMethods.length === 0 && service.feeRule.kind !== 'free') issues.push({ path: at('paymentMethods'), message: 'a service with a fee needs at least one way to pay' });
    const field = (key: string) => service.fields.find((f) => f.key === key);
    const rule = service.feeRule;
    if (rule.kind === 'per_unit') {
      const quantity = field(rule.quantityField);
      if (!quantity) issues.push({ path: at('feeRule', 'quantityField'), message: `the form has no field "${rule.quantityField}" to count the ${rule.unitLabel}` });
      else if (quantity.type !== 'number') issues.push({ path: at('feeRule', 'quantityField'), message: `"${rule.quantityField}" must be a number field to count the ${rule.unitLabel}` });
    }
    if (rule.kind === 'amount_entered') {
      const amount = field(rule.amountField);
      if (!amount) issues.push({ path: at('feeRule', 'amountField'), message: `the form has no field "${rule.amountField}" for the amount` });
      else if (amount.type !== 'money') issues.push({ path: at('feeRule', 'amountField'), message: `"${rule.amountField}" must be a money field to hold the amount` });
    }
    if (rule.kind === 'by_option') {
      const choice = field(rule.field);
      if (!choice) issues.push({ path: at('feeRule', 'field'), message: `the form has no field "${rule.field}" to choose the fee by` });
      else if (choice.type !== 'select') issues.push({ path: at('feeRule', 'field'), message: `"${rule.field}" must be a choice field to choose the fee by` });
      else {
        for (const option of choice.options ?? []) {
          if (rule.amounts[option.value] === undefined) issues.push({ path: at('feeRule', 'amounts', option.value), message: `no fee for the option "${option.label}"` });
        }
        for (const value of Object.keys(rule.amounts)) {
          if (!choice.options?.some((o) => o.value === value)) issues.push({ path: at('feeRule', 'amounts', value), message: `"${value}" is not one of the options` });
        }
      }
    }
  });
  return issues;
}

/** What an editor publishes: the categories and services, checked alone and against each other. */
export const catalogueDraftSchema = z
  .object({
    categories: z.array(serviceCategorySchema).min(1).max(50),
    services: z.array(catalogueServiceSchema).max(500),
  })
  .superRefine((draft, ctx) => {
    for (const issue of catalogueDraftProblems(draft)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });
export type CatalogueDraft = z.infer<typeof catalogueDraftSchema>;

export const cataloguePublishRequestSchema = z.object({
  /** The version the draft was made from; publishing fails if another version came after it. */
  baseVersion: z.number().int().min(1),
  draft: catalogueDraftSchema,
});

/** A catalogue version as the console reads it: everything but the staff (whose PIN hashes stay with the kiosks). */
export type CatalogueWithoutStaff = Omit<CatalogueBody, 'staff'>;

export interface CatalogueChange {
  /** Where, in the office's words: "Service dog-licence › feeRule › amounts › intact". */
  where: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

function keyed(list: unknown[]): Map<string, unknown> | null {
  const map = new Map<string, unknown>();
  for (const item of list) {
    if (typeof item !== 'object' || item === null) return null;
    const record = item as Record<string, unknown>;
    const id = record.code ?? record.key ?? record.id ?? record.value;
    if (typeof id !== 'string' || map.has(id)) return null;
    map.set(id, item);
  }
  return map;
}

function diffValue(before: unknown, after: unknown, where: string[], out: CatalogueChange[]): void {
  const here = where.join(' › ');
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  if (before === undefined) return void out.push({ where: here, kind: 'added', after });
  if (after === undefined) return void out.push({ where: here, kind: 'removed', before });
  if (Array.isArray(before) && Array.isArray(after)) {
    const a = keyed(before);
    const b = keyed(after);
    if (a && b) {
      for (const [id, item] of a) diffValue(item, b.get(id), [...where, id], out);
      for (const [id, item] of b) if (!a.has(id)) diffValue(undefined, item, [...where, id], out);
      return;
    }
    return void out.push({ where: here, kind: 'changed', before, after });
  }
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isRecord(before) && isRecord(after)) {
    // A fee rule of another kind is one change, not a list of unrelated keys.
    if ('kind' in before && before.kind !== after.kind) return void out.push({ where: here, kind: 'changed', before, after });
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) diffValue(before[key], after[key], [...where, key], out);
    return;
  }
  out.push({ where: here, kind: 'changed', before, after });
}

const SECTION_NAMES: Record<string, string> = {
  city: 'City',
  categories: 'Category',
  services: 'Service',
  requestTypes: '311 type',
  schedule: 'Schedule',
  questions: 'Question',
};

/** The changes from one catalogue version to another, by category, service, field and fee (staff are not compared). */
export function catalogueDiff(before: CatalogueWithoutStaff, after: CatalogueWithoutStaff): CatalogueChange[] {
  const out: CatalogueChange[] = [];
  for (const section of Object.keys(SECTION_NAMES) as (keyof CatalogueWithoutStaff)[]) {
    const changes: CatalogueChange[] = [];
    diffValue(before[section], after[section], [SECTION_NAMES[section]!], changes);
    out.push(...changes);
  }
  return out;
}

/** A catalogue body without its staff list. */
export function withoutStaff(body: CatalogueBody): CatalogueWithoutStaff {
  const { staff: _staff, ...rest } = body;
  return rest;
}
