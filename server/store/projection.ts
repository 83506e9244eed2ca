import type { AnyDeviceEvent } from '../../shared';

/** What an accepted event changes in the central read models; shared by both stores. */
export type Projection =
  | {
      kind: 'transaction';
      row: {
        id: string;
        serviceCode: string;
        serviceName: string;
        reference: string;
        quantity: number;
        amountCents: number;
        paymentMethod: string;
        receiptNumber: string;
      };
    }
  | { kind: 'none' };

export function projectionFor(event: AnyDeviceEvent): Projection {
  switch (event.type) {
    case 'TransactionRecorded': {
      const p = event.payload;
      return {
        kind: 'transaction',
        row: {
          id: p.transactionId,
          serviceCode: p.serviceCode,
          serviceName: p.serviceName,
          reference: p.reference,
          quantity: p.quantity,
          amountCents: p.amountCents,
          paymentMethod: p.payment.method,
          receiptNumber: p.receiptNumber,
        },
      };
    }
    default:
      return { kind: 'none' };
  }
}
