import { computeFee, type CatalogueService, type FeeResult, type FieldDefinition } from './catalogue';
import { formatMoney, parseMoney, type MoneyParseError } from './money';
import { containsCardNumber, hasControlCharacters } from './text';

/**
 * Service forms: turning what a clerk typed into checked answers.
 *
 * A form control holds a `FieldInput` (text for every type, a boolean for a checkbox). `validateField` turns it into a
 * `FieldValue` the transaction records:
 * - text, address, date, select → the trimmed string (an address keeps its line breaks, as "\n");
 * - number → an integer;
 * - money → integer cents (the definition's `min`/`max` are in DOLLARS: `min: 1` means at least $1.00);
 * - checkbox → a boolean.
 */

/** What a form control holds: text for all types, a boolean for a checkbox. */
export type FieldInput = string | boolean;

/** A checked answer: a trimmed string, an integer, integer cents, or a boolean. */
export type FieldValue = string | number | boolean;

export type FieldResult = { ok: true; value: FieldValue | null } | { ok: false; message: string };

/**
 * The longest text any field may hold. Recorded transactions accept field strings of at most 500 characters
 * (`transactionRecordedSchema`), so a catalogue `maxLength` above this is capped rather than trusted.
 */
export const MAX_FIELD_TEXT_LENGTH = 500;

/** The shortest address accepted ("1 Elm" is five). */
export const MIN_ADDRESS_LENGTH = 5;

export const fieldMessages = {
  required: 'This field is required.',
  tickRequired: 'Tick this box to confirm.',
  cardNumber: 'This looks like a card number. Never type card numbers here.',
  controlCharacters: 'Remove the special or invisible characters from this text.',
  pattern: 'This is not in the expected format.',
  badPattern: 'This field cannot be checked: its format in the service catalogue is broken. Tell a supervisor.',
  address: 'Enter the full address.',
  wholeNumber: 'Enter a whole number, without decimals.',
  number: 'Enter a number, using digits only.',
  date: 'Enter the date as YYYY-MM-DD.',
  impossibleDate: 'That date does not exist on the calendar.',
  select: 'Choose one of the options.',
  wrongKind: 'This answer is not the right kind for this field.',
} as const;

export const moneyFieldMessages: Record<MoneyParseError, string> = {
  empty: 'Enter an amount.',
  not_a_number: 'Enter an amount like 45.00.',
  negative: 'The amount cannot be negative.',
  too_many_decimals: 'Use at most two decimals (cents).',
  too_large: 'That amount is too large.',
};

const ok = (value: FieldValue | null): FieldResult => ({ ok: true, value });
const fail = (message: string): FieldResult => ({ ok: false, message });

/** Compiled catalogue patterns; `null` marks a pattern that is not a valid regular expression. */
const patternCache = new Map<string, RegExp | null>();

function compilePattern(source: string): RegExp | null {
  let compiled = patternCache.get(source);
  if (compiled === undefined) {
    try {
      // As written: no flags, no anchors added ("^...$" in the catalogue anchors it).
      compiled = new RegExp(source);
    } catch {
      compiled = null;
    }
    if (patternCache.size > 500) patternCache.clear();
    patternCache.set(source, compiled);
  }
  return compiled;
}

function rangeMessage(min: number | undefined, max: number | undefined, show: (n: number) => string, noun: string): string {
  if (min !== undefined && max !== undefined) return `Enter ${noun} from ${show(min)} to ${show(max)}.`;
  if (min !== undefined) return `Enter ${noun} of at least ${show(min)}.`;
  return `Enter ${noun} of at most ${show(max ?? 0)}.`;
}

/** Dollars from a catalogue definition to whole cents (1 → 100, 0.5 → 50). */
function dollarsToCents(dollars: number | undefined): number | undefined {
  return dollars === undefined || !Number.isFinite(dollars) ? undefined : Math.round(dollars * 100);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const WHOLE_NUMBER = /^[+-]?\d+$/;
const DECIMAL_NUMBER = /^[+-]?(\d+\.\d*|\.\d+)$/;
/** Characters a single-line text field must not hold: the control characters, plus line breaks and tabs. */
const LINE_BREAK_OR_TAB = /[\t\n\r\u2028\u2029]/;

function checkText(def: FieldDefinition, text: string, multiline: boolean): FieldResult {
  if (hasControlCharacters(text) || (!multiline && LINE_BREAK_OR_TAB.test(text))) return fail(fieldMessages.controlCharacters);
  const maxLength = Math.min(def.maxLength ?? MAX_FIELD_TEXT_LENGTH, MAX_FIELD_TEXT_LENGTH);
  if (text.length > maxLength) return fail(`Use at most ${maxLength} characters (this has ${text.length}).`);
  if (def.pattern !== undefined) {
    const pattern = compilePattern(def.pattern);
    if (pattern === null) return fail(fieldMessages.badPattern);
    if (!pattern.test(text)) return fail(def.patternMessage ?? fieldMessages.pattern);
  }
  return ok(text);
}

function checkNumber(def: FieldDefinition, text: string): FieldResult {
  if (DECIMAL_NUMBER.test(text)) return fail(fieldMessages.wholeNumber);
  if (!WHOLE_NUMBER.test(text)) return fail(fieldMessages.number);
  const value = Number(text);
  const outOfRange = rangeMessage(def.min, def.max, String, 'a number');
  if (!Number.isSafeInteger(value)) return fail(def.min !== undefined || def.max !== undefined ? outOfRange : fieldMessages.number);
  if ((def.min !== undefined && value < def.min) || (def.max !== undefined && value > def.max)) return fail(outOfRange);
  return ok(value === 0 ? 0 : value); // never -0
}

function checkMoney(def: FieldDefinition, text: string): FieldResult {
  const parsed = parseMoney(text);
  if (!parsed.ok) return fail(moneyFieldMessages[parsed.error]);
  const minCents = dollarsToCents(def.min);
  const maxCents = dollarsToCents(def.max);
  if ((minCents !== undefined && parsed.cents < minCents) || (maxCents !== undefined && parsed.cents > maxCents)) {
    return fail(rangeMessage(minCents, maxCents, (cents) => formatMoney(cents), 'an amount'));
  }
  return ok(parsed.cents);
}

function checkDate(text: string): FieldResult {
  const match = DATE_PATTERN.exec(text);
  if (!match) return fail(fieldMessages.date);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return fail(fieldMessages.impossibleDate);
  return ok(text);
}

function checkSelect(def: FieldDefinition, text: string): FieldResult {
  return def.options?.some((option) => option.value === text) ? ok(text) : fail(fieldMessages.select);
}

/**
 * Checks one answer against its definition. An empty optional answer is `{ ok: true, value: null }`; a checkbox is
 * never empty: unticked is `false`, and a required checkbox must be ticked.
 */
export function validateField(def: FieldDefinition, input: FieldInput | undefined): FieldResult {
  if (def.type === 'checkbox') {
    if (input !== undefined && input !== '' && typeof input !== 'boolean') return fail(fieldMessages.wrongKind);
    const ticked = input === true;
    if (def.required && !ticked) return fail(fieldMessages.tickRequired);
    return ok(ticked);
  }

  if (input !== undefined && typeof input !== 'string') return fail(fieldMessages.wrongKind);
  const multiline = def.type === 'address';
  const text = multiline ? (input ?? '').replace(/\r\n?/g, '\n').trim() : (input ?? '').trim();
  if (text === '') return def.required ? fail(fieldMessages.required) : ok(null);
  // Before any other rule, so a card number typed anywhere gets the message that explains why it is refused.
  if (containsCardNumber(text)) return fail(fieldMessages.cardNumber);

  switch (def.type) {
    case 'text':
      return checkText(def, text, false);
    case 'address': {
      const result = checkText(def, text, true);
      if (result.ok && text.length < MIN_ADDRESS_LENGTH) return fail(fieldMessages.address);
      return result;
    }
    case 'number':
      return checkNumber(def, text);
    case 'money':
      return checkMoney(def, text);
    case 'date':
      return checkDate(text);
    case 'select':
      return checkSelect(def, text);
  }
}

export interface FormResult {
  /** Checked answers by field key, only for fields that are valid and not empty. */
  values: Record<string, FieldValue>;
  /** A message by field key for each field in error. */
  errors: Record<string, string>;
  ok: boolean;
}

/** Checks every field of a form. Inputs for keys the definitions do not name are ignored. */
export function validateForm(defs: readonly FieldDefinition[], inputs: Readonly<Record<string, FieldInput | undefined>>): FormResult {
  const values: Record<string, FieldValue> = {};
  const errors: Record<string, string> = {};
  for (const def of defs) {
    // Own keys only: a field named "constructor" must not read Object.prototype.constructor.
    const input = Object.hasOwn(inputs, def.key) ? inputs[def.key] : undefined;
    const result = validateField(def, input);
    if (!result.ok) errors[def.key] = result.message;
    else if (result.value !== null) values[def.key] = result.value;
  }
  return { values, errors, ok: Object.keys(errors).length === 0 };
}

/**
 * What a service costs for a form's checked answers (from `validateForm(...).values`): a `per_unit` rule reads its
 * quantity field as a number, `amount_entered` its amount field as cents, `by_option` its select field's string.
 */
export function serviceFee(service: CatalogueService, values: Readonly<Record<string, FieldValue>>): FeeResult {
  return computeFee(service.feeRule, values);
}
