/**
 * What the day's figures are computed from: the transactions and refunds of one stop, as the kiosk's read models and
 * the central store both hold them. The KPIs (kpis.ts) and the cash reconciliation (cash.ts) share these, so the
 * kiosk, the central daily report and the tests compute the same numbers. Money is integer cents throughout.
 */
import type { Payment } from '../events';
import type { Cents } from '../money';

/** A recorded transaction as the close-out needs it (a projection of TransactionRecorded + TransactionVoided). */
export interface KpiTransaction {
  id: string;
  serviceCode: string;
  serviceName: string;
  amountCents: Cents;
  payment: Payment;
  /** ISO 8601 timestamp. */
  occurredAt: string;
  status: 'recorded' | 'voided';
  /** The clerk who recorded it, for the per-clerk totals. */
  staffId?: string | null;
}

/** Money given back on an earlier day's transaction (RefundIssued), counted in the day it is given. */
export interface KpiRefund {
  amountCents: Cents;
  method: 'cash' | 'check' | 'card';
  /** The clerk who gave it. */
  staffId?: string | null;
}

export type PaymentMethodKey = Payment['method'];

/** Guards money inputs that come from people (counts, floats): whole, non-negative, safe cents. */
export function assertCents(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative whole number of cents`);
}

