import { describe, expect, it } from 'vitest';
import { containsCardNumber, parseEvent } from '../../shared';
import { validateField } from '../../shared/forms';
import { stopOpenedEvent } from '../helpers/event-builders';

const toFullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const toArabicIndic = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));
const toPersian = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
const toDevanagari = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0966 + Number(d)));
const toMathBold = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCodePoint(0x1d7ce + Number(d)));

/** A Luhn-valid test number (Visa 4111…, Mastercard 5500…, Amex 3782…) written the ways people hide one. */
const DISGUISES: [string, string][] = [
  ['dots', '4111.1111.1111.1111'],
  ['double spaces', '4111  1111  1111  1111'],
  ['triple spaces', 'card 4111   1111   1111   1111'],
  ['full-width digits', toFullWidth('4111111111111111')],
  ['full-width digits in groups', toFullWidth('4111 1111 1111 1111')],
  ['ideographic spaces', '4111\u30001111\u30001111\u30001111'],
  ['dashes', '5500-0000-0000-0004'],
  ['spaced dashes', '5500 - 0000 - 0000 - 0004'],
  ['en dashes', '4111–1111–1111–1111'],
  ['slashes', '4111/1111/1111/1111'],
  ['underscores', '4111_1111_1111_1111'],
  ['commas', '4111,1111,1111,1111'],
  ['mixed separators', '4111.1111 1111-1111'],
  ['parentheses', '(4111) 1111-1111-1111'],
  ['Amex 4-6-5 with dots', '3782.822463.10005'],
  ['Arabic-Indic digits', toArabicIndic('4111 1111 1111 1111')],
  ['Extended Arabic-Indic (Persian) digits', toPersian('4111111111111111')],
  ['Devanagari digits', toDevanagari('4111-1111-1111-1111')],
  ['mathematical bold digits', toMathBold('4111111111111111')],
  ['zero-width spaces', '4111\u200b1111\u200b1111\u200b1111'],
  ['no-break spaces', '4111\u00a01111\u00a01111\u00a01111'],
  ['mixed scripts', `4111 ${toArabicIndic('1111')} ${toFullWidth('1111')} 1111`],
  ['one digit per group', '4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1'],
  ['inside a sentence after a phone number', 'call 617-635-4500 re 4111.1111.1111.1111 thanks'],
  ['followed by an expiry', '4111 1111 1111 1111, 12/29'],
];

/** Texts residents and staff really type: they must still pass. */
const NOT_CARDS: [string, string][] = [
  ['a US phone number', 'call +1 (617) 635-4500'],
  ['an international phone number', '+44 20 7946 0958'],
  ['a date', '2026-11-27'],
  ['a date and time', '27.11.2026 14:30'],
  ['a short number', 'ticket 4111'],
  ['a parking ticket number', 'T1234567'],
  ['twelve digits', '123456789012'],
  ['a Luhn-invalid 16 digits', '4111 1111 1111 1112'],
  ['a Luhn-invalid 16 digits in full width', toFullWidth('4111111111111112')],
  ['an address', '1 City Hall Square, Boston MA 02201'],
  ['numbers split by words', '4111 and 1111 then 1111 or 1111'],
  ['Arabic-Indic short number', toArabicIndic('١٢٣ 456')],
  ['plain text', 'The streetlight outside number 12 has been out for a week'],
];

describe('card guard (shared by kiosk and server)', () => {
  it.each(DISGUISES)('refuses a card number written with %s', (_name, text) => {
    expect(containsCardNumber(text)).toBe(true);
  });

  it.each(NOT_CARDS)('lets %s through', (_name, text) => {
    expect(containsCardNumber(text)).toBe(false);
  });

  it('holds at least 20 disguises', () => {
    expect(DISGUISES.length).toBeGreaterThanOrEqual(20);
  });

  it('refuses a disguised card number in a pushed event payload and in a kiosk form field alike', () => {
    const event = stopOpenedEvent('dev-1', 1, { neighbourhood: '4111.1111.1111.1111' });
    const parsed = parseEvent(event);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/neighbourhood: looks like a card number/);
    expect(validateField({ key: 'notes', label: 'Notes', type: 'text', required: false }, toFullWidth('4111 1111 1111 1111'))).toMatchObject({ ok: false });
  });
});
