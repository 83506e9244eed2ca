import { describe, expect, it } from 'vitest';
import { containsCardNumber, reconcileCash } from '../../shared';
import type { LocalTicket } from '../../renderer/src/db/db';
import { describeChecklist } from '../../renderer/src/db/day-close';
import { closeOutRefusal, dayClosedInput, notYetSent, readDrawerCount } from '../../renderer/src/supervisor/closeout-form';

/** The close-out form's logic, out of CloseOut.tsx: reading the count, what refuses the close, the DayClosed payload. */
const cashFor = (countedCashCents: number) => reconcileCash({ openingFloatCents: 10_000, transactions: [], countedCashCents, thresholdCents: 2_000, refunds: [] });
const clear = { waiting: [], calledNotServed: [], unpaidOrders: [], openHelpCalls: [] };

describe('reading the drawer count', () => {
  it.each([
    [{}, { countedCents: 0, started: false, error: null }],
    [{ '10000': '1', '25': ' 4 ' }, { countedCents: 10_100, started: true, error: null }],
    [{ '2000': '   ' }, { countedCents: 0, started: false, error: null }],
    [{ '2000': '99999' }, { countedCents: 199_998_000, started: true, error: null }],
    [{ '2000': '100000' }, { countedCents: 0, started: true, error: '$20 bills: enter a whole number.' }],
    [{ '500': '1.5' }, { countedCents: 0, started: true, error: '$5 bills: enter a whole number.' }],
    [{ '1': '-2' }, { countedCents: 0, started: true, error: 'Pennies (1¢): enter a whole number.' }],
  ])('%j reads as %j', (entry, expected) => {
    expect(readDrawerCount(entry)).toMatchObject(expected);
  });
});

describe('what refuses "Close the day"', () => {
  const count = readDrawerCount({ '10000': '1' });
  it('nothing, for a balanced count and a clear checklist', () => {
    expect(closeOutRefusal({ checklist: clear, count, cash: cashFor(10_000), reason: '', containsCardNumber })).toBeNull();
  });
  it('open items first, named', () => {
    const checklist = { ...clear, waiting: [{ id: 't1' } as LocalTicket] };
    expect(closeOutRefusal({ checklist, count: readDrawerCount({ '1': 'x' }), cash: cashFor(0), reason: '', containsCardNumber })).toBe('Resolve these first: 1 ticket is still waiting.');
  });
  it('a wrong box, then a missing reason, then a card number in the reason', () => {
    expect(closeOutRefusal({ checklist: null, count: readDrawerCount({ '1': 'x' }), cash: cashFor(0), reason: '', containsCardNumber })).toBe('Pennies (1¢): enter a whole number.');
    expect(closeOutRefusal({ checklist: null, count, cash: cashFor(9_900), reason: '  ', containsCardNumber })).toBe('Give a reason for the difference.');
    expect(closeOutRefusal({ checklist: null, count, cash: cashFor(9_900), reason: 'Paid with 4111 1111 1111 1111', containsCardNumber })).toBe('Never type card numbers.');
    expect(closeOutRefusal({ checklist: null, count, cash: cashFor(9_900), reason: 'Change error', containsCardNumber })).toBeNull();
  });
});

describe('the DayClosed payload', () => {
  it.each([
    // Opened at 23:30 in Boston on 30 Nov: the business date is the 30th whatever the host's zone.
    ['2026-12-01T04:30:00.000Z', '2026-11-30'],
    ['2026-12-01T05:00:00.000Z', '2026-12-01'],
    // The night the clocks go back (1 Nov 2026, 01:59 EDT then 01:00 EST).
    ['2026-11-01T05:59:00.000Z', '2026-11-01'],
  ])('a stop opened at %s belongs to %s', (openedAt, day) => {
    const cash = cashFor(9_900);
    const payload = dayClosedInput({ stop: { id: 's1', openedAt }, timeZone: 'America/New_York', count: readDrawerCount({ '2000': '4', '10': '99' }), cash, reason: ' short a dollar ', closedBy: 'super-sam', secondSignOffBy: null });
    expect(payload).toEqual({
      stopId: 's1',
      businessDate: day,
      cashCount: { '2000': 4, '10': 99 },
      countedCashCents: 9_900,
      expectedCashCents: 10_000,
      differenceCents: -100,
      reason: 'short a dollar',
      checkTotalCents: 0,
      cardTotalCents: 0,
      closedBy: 'super-sam',
      secondSignOffBy: null,
    });
  });
});

describe('what is not yet sent, in words', () => {
  it.each([
    [{ transactions: 1, otherRecords: 0 }, 1, '1 transaction has'],
    [{ transactions: 2, otherRecords: 1 }, 3, '2 transactions and 1 other record have'],
    [{ transactions: 0, otherRecords: 0 }, 4, '4 record(s) have'],
  ])('%j → %s', (pending, events, words) => {
    expect(notYetSent(pending, events)).toBe(words);
  });
});

describe('what is still open, in words (one and many)', () => {
  const items = (n: number) => Array.from({ length: n }, () => ({}) as never);
  it('counts each kind with its own verb', () => {
    expect(describeChecklist({ waiting: items(2), calledNotServed: items(1), unpaidOrders: items(3), openHelpCalls: items(1) })).toEqual([
      '2 tickets are still waiting',
      '1 ticket was called but not served',
      '3 certificate orders are unpaid',
      '1 help call is not answered',
    ]);
    expect(describeChecklist({ waiting: [], calledNotServed: items(2), unpaidOrders: items(1), openHelpCalls: items(2) })).toEqual([
      '2 tickets were called but not served',
      '1 certificate order is unpaid',
      '2 help calls are not answered',
    ]);
  });
});
