import { demoCatalogue } from '../../server/catalogue-seed';
import type { Catalogue } from '../../shared';
import { expect } from 'vitest';
import { DomainError, type TransactionInput } from '../../renderer/src/db/actions';

/** Inputs the kiosk action and query tests share: a stop, a parking payment, a day close, a staff list. */
const pin = { algorithm: 'pbkdf2-sha256' as const, iterations: 100_000, salt: 'a'.repeat(16), hash: 'b'.repeat(32) };

export const staffCatalogue: Catalogue = {
  ...demoCatalogue,
  version: 1,
  publishedAt: '2026-11-27T12:00:00.000Z',
  staff: [
    { id: 'clerk-ana', name: 'Ana Clerk', role: 'clerk', active: true, pin },
    { id: 'clerk-bo', name: 'Bo Clerk', role: 'clerk', active: true, pin },
    { id: 'super-sam', name: 'Sam Supervisor', role: 'supervisor', active: true, pin },
    { id: 'super-old', name: 'Old Supervisor', role: 'supervisor', active: false, pin },
  ],
};

/** A stop at Fields Corner on `day` (YYYY-MM-DD), 9:00 to 15:00 in Boston. */
export const stopOn = (day: string) => ({
  neighbourhood: 'Dorchester',
  place: 'Fields Corner',
  plannedStart: `${day}T14:00:00.000Z`,
  plannedEnd: `${day}T20:00:00.000Z`,
  openingFloatCents: 10_000,
  floatConfirmedBy: 'super-sam',
});

/** A parking ticket paid in exact cash. */
export const parkingSale = (amountCents: number, extra: Partial<TransactionInput> = {}): TransactionInput => ({
  serviceCode: 'parking-ticket',
  serviceName: 'Pay parking ticket',
  reference: 'T1',
  quantity: 1,
  unitFeeCents: null,
  amountCents,
  payment: { method: 'cash', tenderedCents: amountCents, changeCents: 0 },
  catalogueVersion: 1,
  fields: { ticketNumber: 'T1' },
  residentName: '',
  orderId: null,
  ...extra,
});

/** A balanced day close of the opening float alone. */
export const balancedDayClose = (stopId: string, businessDate: string) => ({
  stopId,
  businessDate,
  cashCount: { '10000': 1 },
  countedCashCents: 10_000,
  expectedCashCents: 10_000,
  differenceCents: 0,
  reason: '',
  checkTotalCents: 0,
  cardTotalCents: 0,
  closedBy: 'super-sam',
  secondSignOffBy: null,
});

/** Expects a kiosk action to be refused with a DomainError of this code. */
export async function refused(run: Promise<unknown>, code: string): Promise<void> {
  await expect(run).rejects.toBeInstanceOf(DomainError);
  await expect(run).rejects.toMatchObject({ code });
}
