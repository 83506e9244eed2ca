import { describe, expect, it } from 'vitest';
import { parseEvent, type AnyDeviceEvent } from '../../shared';
import { ownedRefs } from '../../server/store/projection';
import { transactionEvent } from '../helpers/events';

function parsed(raw: unknown): AnyDeviceEvent {
  const result = parseEvent(raw);
  if (!result.ok) throw new Error(result.message);
  return result.event;
}

describe('ownedRefs: the stops, transactions, orders and tickets an event names', () => {
  it('finds each by its field name (stopId or …StopId, and so on), marks what the event creates, and skips empty or non-text values', () => {
    const stopId = '0199aaaa-0000-7000-8000-000000000001';
    const orderId = '0199aaaa-0000-7000-8000-000000000002';
    // Names are read, not values: a reference that reads like a field name is still only a reference.
    const event = parsed(transactionEvent('van-1', 1, { stopId, orderId, reference: 'stopId-looking text' }));
    const refs = ownedRefs(event);
    expect(refs).toEqual([
      { kind: 'transaction', id: (event.payload as { transactionId: string }).transactionId, creates: true, path: 'payload.transactionId' },
      { kind: 'stop', id: stopId, creates: false, path: 'payload.stopId' },
      { kind: 'order', id: orderId, creates: false, path: 'payload.orderId' },
    ]);
    // The same answer every time: the field names' kinds are remembered after the first event, not guessed anew.
    expect(ownedRefs(event)).toEqual(refs);
    // A null stopId or orderId (a sale at no stop, with no order) names nothing.
    expect(ownedRefs(parsed(transactionEvent('van-1', 2, { stopId: null, orderId: null }))).map((r) => r.kind)).toEqual(['transaction']);
  });

  it('reads names ending in the id of a kind as that kind, whatever the event type', () => {
    const payload = { originalTransactionId: 't-1', previousStopId: 's-1', parentOrderId: 'o-1', linkedTicketId: 'k-1', nickname: 'x', count: 3 };
    const refs = ownedRefs({ type: 'TransactionVoided', payload } as unknown as AnyDeviceEvent);
    expect(refs.map((r) => [r.kind, r.id, r.creates])).toEqual([
      ['transaction', 't-1', false],
      ['stop', 's-1', false],
      ['order', 'o-1', false],
      ['ticket', 'k-1', false],
    ]);
  });
});
