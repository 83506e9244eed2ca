import { describe, expect, it } from 'vitest';
import { centsToDecimalString, formatMoney, isCents, parseMoney, sumCents } from '../../shared';

describe('money is integer cents', () => {
  it.each([
    ['12', 1200],
    ['12.5', 1250],
    ['12.50', 1250],
    ['0.07', 7],
    ['$3.00', 300],
    ['1,234.56', 123456],
    ['.5', 50],
    ['  45  ', 4500],
    ['0.1', 10],
  ])('"%s" is %i cents', (input, cents) => {
    expect(parseMoney(input)).toEqual({ ok: true, cents });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'not_a_number'],
    ['1.2.3', 'not_a_number'],
    ['12,34', 'not_a_number'],
    ['-5', 'negative'],
    ['1.234', 'too_many_decimals'],
    ['1e5', 'not_a_number'],
    ['999999999999999', 'too_large'],
  ])('"%s" is refused as %s', (input, error) => {
    expect(parseMoney(input)).toEqual({ ok: false, error });
  });

  it('adds 0.1 + 0.2 dollars exactly', () => {
    const a = parseMoney('0.10');
    const b = parseMoney('0.20');
    if (!a.ok || !b.ok) throw new Error('parse failed');
    expect(sumCents([a.cents, b.cents])).toBe(30);
  });

  it('formats for people and for files', () => {
    expect(formatMoney(123456)).toBe('$1,234.56');
    expect(formatMoney(5, 'es-US')).toContain('0.05');
    expect(centsToDecimalString(100005)).toBe('1000.05');
    expect(centsToDecimalString(-250)).toBe('-2.50');
  });

  it.each([[1.5], [-1], [Number.NaN], ['100'], [2 ** 60]])('%s is not a cents value', (value) => {
    expect(isCents(value)).toBe(false);
  });
});
