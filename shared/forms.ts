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

/** Why an answer was refused: a stable code a screen turns into words in its own language, and the values they need. */
export type FieldProblem =
  | { code: SimpleFieldProblemCode }
  | { code: `field.money.${MoneyParseError}` }
  | { code: 'field.tooLong'; max: number; length: number }
  /** The catalogue's own `patternMessage`, when it has one: city-authored words, shown as given. */
  | { code: 'field.pattern'; cityMessage?: string }
  /** Out of range: a whole number (`kind: 'number'`) or an amount in CENTS (`kind: 'amount'`); at least one bound is set. */
  | { code: 'field.range'; kind: 'number' | 'amount'; min?: number; max?: number };

export type FieldProblemCode = FieldProblem['code'];

/** A refusal in both forms: the code (with its values) for the screen, the English `message` for logs, tests and the office. */
export type FieldResult = { ok: true; value: FieldValue | null } | { ok: false; message: string; problem: FieldProblem };

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

/** A refusal that needs no values: `field.<key of fieldMessages>` (the pattern one may carry the catalogue's words). */
type SimpleFieldProblemCode = `field.${Exclude<keyof typeof fieldMessages, 'pattern'>}`;

/** Every code validateField can answer with, for checks that each has words in every catalogue. */
export const FIELD_PROBLEM_CODES: readonly FieldProblemCode[] = [
  ...Object.keys(fieldMessages).map((key) => `field.${key}` as SimpleFieldProblemCode | 'field.pattern'),
  ...Object.keys(moneyFieldMessages).map((error) => `field.money.${error as MoneyParseError}` as const),
  'field.tooLong',
  'field.range',
];

/** The English words for a problem, exactly as the forms have always said them. */
export function fieldProblemMessage(problem: FieldProblem): string {
  switch (problem.code) {
    case 'field.tooLong':
      return `Use at most ${problem.max} characters (this has ${problem.length}).`;
    case 'field.pattern':
      return problem.cityMessage ?? fieldMessages.pattern;
    case 'field.range':
      return problem.kind === 'amount' ? rangeMessage(problem.min, problem.max, (cents) => formatMoney(cents), 'an amount') : rangeMessage(problem.min, problem.max, String, 'a number');
  }
  if (problem.code.startsWith('field.money.')) return moneyFieldMessages[problem.code.slice('field.money.'.length) as MoneyParseError];
  return fieldMessages[problem.code.slice('field.'.length) as keyof typeof fieldMessages];
}

const ok = (value: FieldValue | null): FieldResult => ({ ok: true, value });
const fail = (problem: FieldProblem): FieldResult => ({ ok: false, message: fieldProblemMessage(problem), problem });
const refuse = (key: Exclude<keyof typeof fieldMessages, 'pattern'>): FieldResult => fail({ code: `field.${key}` });

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

/** The bounds that are set, and only those (a problem never carries `min: undefined`). */
function bounds(min: number | undefined, max: number | undefined): { min?: number; max?: number } {
  return { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
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
  if (hasControlCharacters(text) || (!multiline && LINE_BREAK_OR_TAB.test(text))) return refuse('controlCharacters');
  const maxLength = Math.min(def.maxLength ?? MAX_FIELD_TEXT_LENGTH, MAX_FIELD_TEXT_LENGTH);
  if (text.length > maxLength) return fail({ code: 'field.tooLong', max: maxLength, length: text.length });
  if (def.pattern !== undefined) {
    const pattern = compilePattern(def.pattern);
    if (pattern === null) return refuse('badPattern');
    if (!pattern.test(text)) return fail(def.patternMessage === undefined ? { code: 'field.pattern' } : { code: 'field.pattern', cityMessage: def.patternMessage });
  }
  return ok(text);
}

function checkNumber(def: FieldDefinition, text: string): FieldResult {
  if (DECIMAL_NUMBER.test(text)) return refuse('wholeNumber');
  if (!WHOLE_NUMBER.test(text)) return refuse('number');
  const value = Number(text);
  const outOfRange: FieldProblem = { code: 'field.range', kind: 'number', ...bounds(def.min, def.max) };
  if (!Number.isSafeInteger(value)) return def.min !== undefined || def.max !== undefined ? fail(outOfRange) : refuse('number');
  if ((def.min !== undefined && value < def.min) || (def.max !== undefined && value > def.max)) return fail(outOfRange);
  return ok(value === 0 ? 0 : value); // never -0
}

function checkMoney(def: FieldDefinition, text: string): FieldResult {
  const parsed = parseMoney(text);
  if (!parsed.ok) return fail({ code: `field.money.${parsed.error}` });
  const minCents = dollarsToCents(def.min);
  const maxCents = dollarsToCents(def.max);
  if ((minCents !== undefined && parsed.cents < minCents) || (maxCents !== undefined && parsed.cents > maxCents)) {
    return fail({ code: 'field.range', kind: 'amount', ...bounds(minCents, maxCents) });
  }
  return ok(parsed.cents);
}

function checkDate(text: string): FieldResult {
  const match = DATE_PATTERN.exec(text);
  if (!match) return refuse('date');
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return refuse('impossibleDate');
  return ok(text);
}

function checkSelect(def: FieldDefinition, text: string): FieldResult {
  return def.options?.some((option) => option.value === text) ? ok(text) : refuse('select');
}

/**
 * Checks one answer against its definition. An empty optional answer is `{ ok: true, value: null }`; a checkbox is
 * never empty: unticked is `false`, and a required checkbox must be ticked.
 */
export function validateField(def: FieldDefinition, input: FieldInput | undefined): FieldResult {
  if (def.type === 'checkbox') {
    if (input !== undefined && input !== '' && typeof input !== 'boolean') return refuse('wrongKind');
    const ticked = input === true;
    if (def.required && !ticked) return refuse('tickRequired');
    return ok(ticked);
  }

  if (input !== undefined && typeof input !== 'string') return refuse('wrongKind');
  const multiline = def.type === 'address';
  const text = multiline ? (input ?? '').replace(/\r\n?/g, '\n').trim() : (input ?? '').trim();
  if (text === '') return def.required ? refuse('required') : ok(null);
  // Before any other rule, so a card number typed anywhere gets the message that explains why it is refused.
  if (containsCardNumber(text)) return refuse('cardNumber');

  switch (def.type) {
    case 'text':
      return checkText(def, text, false);
    case 'address': {
      const result = checkText(def, text, true);
      if (result.ok && text.length < MIN_ADDRESS_LENGTH) return refuse('address');
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
  /** A message by field key for each field in error (English, for logs and tests). */
  errors: Record<string, string>;
  /** The same refusals as codes with their values, for a screen to put into words. */
  problems: Record<string, FieldProblem>;
  ok: boolean;
}

/** Checks every field of a form. Inputs for keys the definitions do not name are ignored. */
export function validateForm(defs: readonly FieldDefinition[], inputs: Readonly<Record<string, FieldInput | undefined>>): FormResult {
  const values: Record<string, FieldValue> = {};
  const errors: Record<string, string> = {};
  const problems: Record<string, FieldProblem> = {};
  for (const def of defs) {
    // Own keys only: a field named "constructor" must not read Object.prototype.constructor.
    const input = Object.hasOwn(inputs, def.key) ? inputs[def.key] : undefined;
    const result = validateField(def, input);
    if (!result.ok) {
      errors[def.key] = result.message;
      problems[def.key] = result.problem;
    } else if (result.value !== null) values[def.key] = result.value;
  }
  return { values, errors, problems, ok: Object.keys(errors).length === 0 };
}

/**
 * What a service costs for a form's checked answers (from `validateForm(...).values`): a `per_unit` rule reads its
 * quantity field as a number, `amount_entered` its amount field as cents, `by_option` its select field's string.
 */
export function serviceFee(service: CatalogueService, values: Readonly<Record<string, FieldValue>>): FeeResult {
  return computeFee(service.feeRule, values);
}
