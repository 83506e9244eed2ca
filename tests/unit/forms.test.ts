import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { catalogueServiceSchema, FIELD_PROBLEM_CODES, fieldProblemMessage, serviceFee, validateField, validateForm, type CatalogueService, type FieldDefinition, type FieldInput, type FieldProblem } from '../../shared';
import { demoCatalogue } from '../../server/catalogue-seed';
import { ServiceForm } from '../../renderer/src/forms/ServiceForm';

const CARD_MESSAGE = 'This looks like a card number. Never type card numbers here.';
const REQUIRED = 'This field is required.';
const VISA_TEST_CARD = '4111 1111 1111 1111';

const def = (partial: Partial<FieldDefinition> & Pick<FieldDefinition, 'type'>): FieldDefinition => ({
  key: 'answer',
  label: 'Answer',
  required: false,
  ...partial,
});

const text = def({ type: 'text', required: true, maxLength: 10 });
const ticket = def({ type: 'text', required: true, pattern: '^[A-Za-z0-9-]{4,20}$', patternMessage: 'Enter the ticket number as printed.' });
const unanchored = def({ type: 'text', pattern: '[0-9]{3}' });
const plainPattern = def({ type: 'text', pattern: '^[a-z]+$' });
const brokenPattern = def({ type: 'text', pattern: '([a-z' });
const longText = def({ type: 'text', maxLength: 4000 });
const address = def({ type: 'address', required: true, maxLength: 300 });
const copies = def({ type: 'number', required: true, min: 1, max: 20 });
const atLeast = def({ type: 'number', min: 0 });
const amount = def({ type: 'money', required: true, min: 1 });
const capped = def({ type: 'money', max: 1000 });
const anyAmount = def({ type: 'money' });
const date = def({ type: 'date', required: true });
const select = def({ type: 'select', required: true, options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] });
const checkbox = def({ type: 'checkbox', required: true });
const optionalCheckbox = def({ type: 'checkbox' });

type Case = [name: string, field: FieldDefinition, input: FieldInput | undefined, expected: ReturnType<typeof validateField>];

const valid = (value: string | number | boolean | null) => ({ ok: true, value }) as const;
/** A refusal: its English (as it always read) and its code with the values a screen's words need. */
const invalid = (message: string, problem: FieldProblem) => ({ ok: false, message, problem }) as const;

const cases: Case[] = [
  // text
  ['text: trimmed', text, '  Rex  ', valid('Rex')],
  ['text: at the limit', text, 'a'.repeat(10), valid('a'.repeat(10))],
  ['text: required, empty', text, '', invalid(REQUIRED, { code: 'field.required' })],
  ['text: required, blank', text, '   ', invalid(REQUIRED, { code: 'field.required' })],
  ['text: required, missing', text, undefined, invalid(REQUIRED, { code: 'field.required' })],
  ['text: optional, empty', def({ type: 'text' }), '', valid(null)],
  ['text: optional, missing', def({ type: 'text' }), undefined, valid(null)],
  ['text: too long', text, 'a'.repeat(11), invalid('Use at most 10 characters (this has 11).', { code: 'field.tooLong', max: 10, length: 11 })],
  ['text: capped at 500 whatever the catalogue says', longText, 'a'.repeat(501), invalid('Use at most 500 characters (this has 501).', { code: 'field.tooLong', max: 500, length: 501 })],
  ['text: default max 500', def({ type: 'text' }), 'a'.repeat(500), valid('a'.repeat(500))],
  ['text: pattern matches', ticket, ' BOS-1234 ', valid('BOS-1234')],
  ['text: pattern mismatch uses patternMessage', ticket, 'no spaces', invalid('Enter the ticket number as printed.', { code: 'field.pattern', cityMessage: 'Enter the ticket number as printed.' })],
  ['text: pattern mismatch without patternMessage', plainPattern, 'ABC', invalid('This is not in the expected format.', { code: 'field.pattern' })],
  ['text: a pattern is anchored only as written', unanchored, 'abc123def', valid('abc123def')],
  ['text: broken catalogue pattern refuses', brokenPattern, 'abc', invalid('This field cannot be checked: its format in the service catalogue is broken. Tell a supervisor.', { code: 'field.badPattern' })],
  ['text: card number', text, VISA_TEST_CARD, invalid(CARD_MESSAGE, { code: 'field.cardNumber' })],
  ['text: card number inside text', def({ type: 'text' }), `card ${VISA_TEST_CARD} thanks`, invalid(CARD_MESSAGE, { code: 'field.cardNumber' })],
  ['text: card number beats pattern message', ticket, '4111111111111111', invalid(CARD_MESSAGE, { code: 'field.cardNumber' })],
  ['text: 16 digits that fail Luhn are not a card', def({ type: 'text' }), '1234567812345678', valid('1234567812345678')],
  ['text: control character', text, 'Re\u0007x', invalid('Remove the special or invisible characters from this text.', { code: 'field.controlCharacters' })],
  ['text: line break in one-line text', text, 'Re\nx', invalid('Remove the special or invisible characters from this text.', { code: 'field.controlCharacters' })],
  ['text: wrong kind', text, true, invalid('This answer is not the right kind for this field.', { code: 'field.wrongKind' })],
  // address
  ['address: valid', address, ' 1 City Hall Sq\r\nBoston MA 02201 ', valid('1 City Hall Sq\nBoston MA 02201')],
  ['address: five characters', address, '1 Elm', valid('1 Elm')],
  ['address: required, empty', address, '', invalid(REQUIRED, { code: 'field.required' })],
  ['address: too short', address, '1 El', invalid('Enter the full address.', { code: 'field.address' })],
  ['address: too long', address, `1 ${'a'.repeat(299)}`, invalid('Use at most 300 characters (this has 301).', { code: 'field.tooLong', max: 300, length: 301 })],
  ['address: card number', address, `1 Main St ${VISA_TEST_CARD}`, invalid(CARD_MESSAGE, { code: 'field.cardNumber' })],
  ['address: control character', address, '1 Main St\u0000', invalid('Remove the special or invisible characters from this text.', { code: 'field.controlCharacters' })],
  ['address: optional, empty', def({ type: 'address' }), '  ', valid(null)],
  // number
  ['number: valid', copies, ' 2 ', valid(2)],
  ['number: at min', copies, '1', valid(1)],
  ['number: at max', copies, '20', valid(20)],
  ['number: leading zero', copies, '07', valid(7)],
  ['number: required, empty', copies, '', invalid(REQUIRED, { code: 'field.required' })],
  ['number: below min', copies, '0', invalid('Enter a number from 1 to 20.', { code: 'field.range', kind: 'number', min: 1, max: 20 })],
  ['number: above max', copies, '21', invalid('Enter a number from 1 to 20.', { code: 'field.range', kind: 'number', min: 1, max: 20 })],
  ['number: negative', copies, '-3', invalid('Enter a number from 1 to 20.', { code: 'field.range', kind: 'number', min: 1, max: 20 })],
  ['number: only a min', atLeast, '-1', invalid('Enter a number of at least 0.', { code: 'field.range', kind: 'number', min: 0 })],
  ['number: only a max', def({ type: 'number', max: 5 }), '6', invalid('Enter a number of at most 5.', { code: 'field.range', kind: 'number', max: 5 })],
  ['number: fractional', copies, '2.5', invalid('Enter a whole number, without decimals.', { code: 'field.wholeNumber' })],
  ['number: trailing point', copies, '2.', invalid('Enter a whole number, without decimals.', { code: 'field.wholeNumber' })],
  ['number: not a number', copies, 'two', invalid('Enter a number, using digits only.', { code: 'field.number' })],
  ['number: exponent', copies, '1e1', invalid('Enter a number, using digits only.', { code: 'field.number' })],
  ['number: huge', copies, '99999999999999999999', invalid('Enter a number from 1 to 20.', { code: 'field.range', kind: 'number', min: 1, max: 20 })],
  ['number: card number', copies, '4111111111111111', invalid(CARD_MESSAGE, { code: 'field.cardNumber' })],
  ['number: optional, empty', def({ type: 'number', min: 1 }), '', valid(null)],
  // money
  ['money: whole dollars', amount, '45', valid(4500)],
  ['money: dollars and cents', amount, '$45.00', valid(4500)],
  ['money: at the min ($1.00)', amount, '1', valid(100)],
  ['money: thousands separators', amount, '1,234.56', valid(123456)],
  ['money: required, empty', amount, '', invalid(REQUIRED, { code: 'field.required' })],
  ['money: three decimals', amount, '12.345', invalid('Use at most two decimals (cents).', { code: 'field.money.too_many_decimals' })],
  ['money: negative', amount, '-3', invalid('The amount cannot be negative.', { code: 'field.money.negative' })],
  ['money: not a number', amount, 'abc', invalid('Enter an amount like 45.00.', { code: 'field.money.not_a_number' })],
  ['money: too large', anyAmount, '999999999999999', invalid('That amount is too large.', { code: 'field.money.too_large' })],
  ['money: below min', amount, '0.99', invalid('Enter an amount of at least $1.00.', { code: 'field.range', kind: 'amount', min: 100 })],
  ['money: zero below min', amount, '0', invalid('Enter an amount of at least $1.00.', { code: 'field.range', kind: 'amount', min: 100 })],
  ['money: above max (max in dollars)', capped, '1000.01', invalid('Enter an amount of at most $1,000.00.', { code: 'field.range', kind: 'amount', max: 100000 })],
  ['money: at max', capped, '1000', valid(100000)],
  ['money: zero with no min', anyAmount, '0', valid(0)],
  ['money: optional, empty', anyAmount, '', valid(null)],
  // date
  ['date: valid', date, '2026-03-14', valid('2026-03-14')],
  ['date: leap day', date, '2024-02-29', valid('2024-02-29')],
  ['date: required, empty', date, '', invalid(REQUIRED, { code: 'field.required' })],
  ['date: 30 February', date, '2026-02-30', invalid('That date does not exist on the calendar.', { code: 'field.impossibleDate' })],
  ['date: 29 February, not a leap year', date, '2026-02-29', invalid('That date does not exist on the calendar.', { code: 'field.impossibleDate' })],
  ['date: 29 February 1900', date, '1900-02-29', invalid('That date does not exist on the calendar.', { code: 'field.impossibleDate' })],
  ['date: month 13', date, '2026-13-01', invalid('That date does not exist on the calendar.', { code: 'field.impossibleDate' })],
  ['date: 31 April', date, '2026-04-31', invalid('That date does not exist on the calendar.', { code: 'field.impossibleDate' })],
  ['date: wrong format', date, '03/14/2026', invalid('Enter the date as YYYY-MM-DD.', { code: 'field.date' })],
  ['date: with a time', date, '2026-03-14T00:00', invalid('Enter the date as YYYY-MM-DD.', { code: 'field.date' })],
  ['date: optional, empty', def({ type: 'date' }), '', valid(null)],
  // select
  ['select: an option', select, 'yes', valid('yes')],
  ['select: required, nothing chosen', select, '', invalid(REQUIRED, { code: 'field.required' })],
  ['select: not an option', select, 'maybe', invalid('Choose one of the options.', { code: 'field.select' })],
  ['select: an option label is not a value', select, 'Yes', invalid('Choose one of the options.', { code: 'field.select' })],
  ['select: no options defined', def({ type: 'select' }), 'yes', invalid('Choose one of the options.', { code: 'field.select' })],
  ['select: optional, nothing chosen', def({ type: 'select', options: [{ value: 'a', label: 'A' }] }), '', valid(null)],
  // checkbox
  ['checkbox: ticked', checkbox, true, valid(true)],
  ['checkbox: required, unticked', checkbox, false, invalid('Tick this box to confirm.', { code: 'field.tickRequired' })],
  ['checkbox: required, untouched', checkbox, undefined, invalid('Tick this box to confirm.', { code: 'field.tickRequired' })],
  ['checkbox: optional, unticked is a recorded false', optionalCheckbox, false, valid(false)],
  ['checkbox: optional, untouched', optionalCheckbox, undefined, valid(false)],
  ['checkbox: wrong kind', checkbox, 'yes', invalid('This answer is not the right kind for this field.', { code: 'field.wrongKind' })],
];

describe('validateField', () => {
  it.each(cases)('%s', (_name, field, input, expected) => {
    expect(validateField(field, input)).toEqual(expected);
  });

  it('answers with every code shared/ lists, and only those (each one met in the table above)', () => {
    const met = new Set(cases.flatMap(([, , , expected]) => (expected.ok ? [] : [expected.problem.code])));
    // An empty answer is "required" (or no answer) before an amount is parsed; the office's amount boxes say field.money.empty.
    expect([...met].sort()).toEqual(FIELD_PROBLEM_CODES.filter((code) => code !== 'field.money.empty').sort());
    expect(fieldProblemMessage({ code: 'field.money.empty' })).toBe('Enter an amount.');
  });
});

/** The demo services as the kiosk receives them: parsed by the catalogue schema, defaults filled in. */
function service(code: string): CatalogueService {
  const found = demoCatalogue.services.find((s) => s.code === code);
  if (!found) throw new Error(`no demo service ${code}`);
  return catalogueServiceSchema.parse(found);
}

describe('validateForm and serviceFee over the demo catalogue', () => {
  const dog = service('dog-licence');
  const dogInputs = { dogName: 'Rex', neutered: 'yes', rabiesCertificate: true, ownerAddress: '1 City Hall Sq, Boston', residentName: 'Ana Resident' };

  it.each([
    ['yes', 1500],
    ['no', 3000],
  ])('dog licence, neutered %s: %i cents', (neutered, cents) => {
    const form = validateForm(dog.fields, { ...dogInputs, neutered });
    expect(form).toEqual({
      ok: true,
      errors: {},
      problems: {},
      values: { dogName: 'Rex', neutered, rabiesCertificate: true, ownerAddress: '1 City Hall Sq, Boston', residentName: 'Ana Resident' },
    });
    expect(serviceFee(dog, form.values)).toEqual({ ok: true, unitFeeCents: cents, quantity: 1, amountCents: cents });
  });

  it('dog licence with no choice is not ok, and has no fee', () => {
    const form = validateForm(dog.fields, { ...dogInputs, neutered: '' });
    expect(form.ok).toBe(false);
    expect(form.errors).toEqual({ neutered: REQUIRED });
    expect(form.values).not.toHaveProperty('neutered');
    expect(serviceFee(dog, form.values)).toEqual({ ok: false, message: 'choose an option to see the fee', problem: { code: 'fee.choice' } });
  });

  it('dog licence reports every field in error at once', () => {
    const form = validateForm(dog.fields, { ownerAddress: `12 Elm St ${VISA_TEST_CARD}` });
    expect(form.ok).toBe(false);
    expect(form.errors).toEqual({
      dogName: REQUIRED,
      neutered: REQUIRED,
      rabiesCertificate: 'Tick this box to confirm.',
      ownerAddress: CARD_MESSAGE,
      residentName: REQUIRED,
    });
    expect(form.values).toEqual({});
  });

  const birth = service('birth-certificate');
  const birthInputs = { copies: '2', nameOnRecord: 'Ana Resident', eventDate: '1990-05-17', eventPlace: '', residentName: 'Ana Resident' };

  it('birth certificate, 2 copies: 2800 cents (1400 each)', () => {
    const form = validateForm(birth.fields, birthInputs);
    expect(form).toEqual({
      ok: true,
      errors: {},
      problems: {},
      // The empty optional place of birth is left out.
      values: { copies: 2, nameOnRecord: 'Ana Resident', eventDate: '1990-05-17', residentName: 'Ana Resident' },
    });
    expect(serviceFee(birth, form.values)).toEqual({ ok: true, unitFeeCents: 1400, quantity: 2, amountCents: 2800 });
  });

  it('birth certificate with 21 copies or an impossible date is refused', () => {
    const form = validateForm(birth.fields, { ...birthInputs, copies: '21', eventDate: '1990-02-30' });
    expect(form.ok).toBe(false);
    expect(form.errors).toEqual({ copies: 'Enter a number from 1 to 20.', eventDate: 'That date does not exist on the calendar.' });
    // The same refusals as codes, beside the English: what a screen puts into words.
    expect(form.problems).toEqual({ copies: { code: 'field.range', kind: 'number', min: 1, max: 20 }, eventDate: { code: 'field.impossibleDate' } });
    expect(serviceFee(birth, form.values)).toEqual({ ok: false, message: 'enter how many copies', problem: { code: 'fee.quantity', unitLabel: 'copies' } });
  });

  const parking = service('parking-ticket');

  it('parking ticket, amount due 45.00: 4500 cents', () => {
    const form = validateForm(parking.fields, { ticketNumber: 'BOS-12345', plate: '', amountDue: '45.00' });
    expect(form).toEqual({ ok: true, errors: {}, problems: {}, values: { ticketNumber: 'BOS-12345', amountDue: 4500 } });
    expect(serviceFee(parking, form.values)).toEqual({ ok: true, unitFeeCents: null, quantity: 1, amountCents: 4500 });
  });

  it('parking ticket over the service maximum is refused by the fee rule', () => {
    const form = validateForm(parking.fields, { ticketNumber: 'BOS-12345', amountDue: '1,000.01' });
    expect(form.ok).toBe(true);
    expect(form.values.amountDue).toBe(100001);
    expect(serviceFee(parking, form.values)).toEqual({ ok: false, message: 'the amount is more than this service accepts', problem: { code: 'fee.tooMuch', maxCents: 100000 } });
    expect(serviceFee(parking, validateForm(parking.fields, { ticketNumber: 'BOS-12345', amountDue: '1000' }).values)).toMatchObject({ ok: true, amountCents: 100000 });
    expect(serviceFee(parking, { ticketNumber: 'BOS-12345' })).toEqual({ ok: false, message: 'enter the amount due', problem: { code: 'fee.amount' } });
  });

  it('parking ticket below the $1.00 field minimum and with a malformed number', () => {
    const form = validateForm(parking.fields, { ticketNumber: 'no!', amountDue: '0.50' });
    expect(form.errors).toEqual({ ticketNumber: 'Enter the ticket number as printed.', amountDue: 'Enter an amount of at least $1.00.' });
    expect(form.problems).toEqual({ ticketNumber: { code: 'field.pattern', cityMessage: 'Enter the ticket number as printed.' }, amountDue: { code: 'field.range', kind: 'amount', min: 100 } });
  });

  it('resident parking permit is free', () => {
    const permit = service('resident-parking-permit');
    const form = validateForm(permit.fields, { plate: '1ABC23', address: '5 Main St, Boston', residencyProofSeen: true, residentName: 'Ana Resident' });
    expect(form.ok).toBe(true);
    expect(serviceFee(permit, form.values)).toEqual({ ok: true, unitFeeCents: 0, quantity: 1, amountCents: 0 });
  });

  it('ignores inputs for keys the form does not define, and never reads inherited keys', () => {
    const fields: FieldDefinition[] = [{ key: 'constructor', label: 'Tricky', type: 'text', required: true }];
    expect(validateForm(fields, {})).toEqual({ ok: false, values: {}, errors: { constructor: REQUIRED }, problems: { constructor: { code: 'field.required' } } });
    const form = validateForm(parking.fields, { ticketNumber: 'BOS-12345', amountDue: '5', extra: 'ignored' });
    expect(form.values).toEqual({ ticketNumber: 'BOS-12345', amountDue: 500 });
  });
});

describe('ServiceForm markup', () => {
  const fields: FieldDefinition[] = [
    ...service('dog-licence').fields,
    { key: 'amountDue', label: 'Amount due', type: 'money', required: true, min: 1, help: 'As printed on the bill.' },
    { key: 'copies', label: 'Copies', type: 'number', required: false },
    { key: 'eventDate', label: 'Date', type: 'date', required: false },
  ];
  const html = renderToStaticMarkup(
    createElement(ServiceForm, {
      fields,
      inputs: { dogName: 'Rex', rabiesCertificate: true, amountDue: '12.345' },
      errors: { amountDue: { code: 'field.money.too_many_decimals' } },
      onChange: () => undefined,
      idPrefix: 'dog',
    }),
  );

  it.each([
    ['a label tied to each control', '<label for="dog-dogName">'],
    ['a text input holding its value', '<input id="dog-dogName" aria-required="true" type="text" autoComplete="off" name="dogName" value="Rex"/>'],
    ['a select starting with an empty choice', '<option value="" selected="">Choose…</option>'],
    ['a ticked checkbox inside its clickable label', '<label class="checkbox-row" for="dog-rabiesCertificate"><input id="dog-rabiesCertificate"'],
    ['an address textarea of two rows', 'rows="2"'],
    ['a money input with a decimal keypad', 'inputMode="decimal"'],
    ['a number input with a numeric keypad', 'inputMode="numeric"'],
    ['a date input', 'type="date"'],
    ['the visible $ prefix hidden from screen readers', '<span class="money-prefix" aria-hidden="true">$</span>'],
    ['help and error linked to the control', 'aria-invalid="true" aria-describedby="dog-amountDue-help dog-amountDue-error"'],
    ['the error text next to the field', '<p class="field-error" id="dog-amountDue-error">Use at most two decimals (cents).</p>'],
  ])('%s', (_name, fragment) => {
    expect(html).toContain(fragment);
  });

  it('marks only required fields as required, and only fields in error as invalid', () => {
    expect(html).not.toMatch(/id="dog-copies"[^>]*aria-required/);
    expect(html.match(/aria-invalid/g)).toHaveLength(1);
    expect(html).toContain('checked=""');
  });
});
