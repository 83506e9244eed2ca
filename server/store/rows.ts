import type { PushResult } from '../../shared';
import type { Row } from './dialect';
import type {
  ApiKeyRecord,
  DeviceRecord,
  RefusedEvent,
  StoredCityAnswer,
  StoredDayClose,
  StoredDeviceStatus,
  StoredRefund,
  StoredServiceRequest,
  StoredStop,
  StoredTransaction,
} from './store';

/** Row mappers: one per read model, the same for both stores (PostgreSQL's BIGINT arrives as a string, hence Number). */
export const str = (v: unknown) => v as string;
export const strOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));
export const num = (v: unknown) => Number(v);
export const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
export const jsonOrNull = <T>(v: unknown): T | null => (v === null || v === undefined ? null : (JSON.parse(String(v)) as T));

export function toCityAnswer(r: Row): StoredCityAnswer {
  return {
    id: str(r.id),
    deviceId: str(r.device_id),
    questionId: str(r.question_id),
    stopId: strOrNull(r.stop_id),
    neighbourhood: str(r.neighbourhood),
    place: str(r.place),
    language: str(r.language),
    topic: str(r.topic),
    text: str(r.text),
    contact: jsonOrNull<StoredCityAnswer['contact']>(r.contact),
    answeredAt: str(r.answered_at),
  };
}

export function toTransaction(r: Row): StoredTransaction {
  return {
    id: str(r.id),
    eventId: str(r.event_id),
    deviceId: str(r.device_id),
    vanName: str(r.van_name),
    stopId: strOrNull(r.stop_id),
    serviceCode: str(r.service_code),
    serviceName: str(r.service_name),
    reference: str(r.reference),
    quantity: num(r.quantity),
    amountCents: num(r.amount_cents),
    paymentMethod: str(r.payment_method),
    receiptNumber: str(r.receipt_number),
    staffId: strOrNull(r.staff_id),
    occurredAt: str(r.occurred_at),
    businessDate: str(r.business_date),
    receivedAt: str(r.received_at),
    status: r.status === 'voided' ? 'voided' : 'recorded',
    voidReason: strOrNull(r.void_reason),
  };
}

export function toStop(r: Row): StoredStop {
  return {
    id: str(r.id),
    deviceId: str(r.device_id),
    vanName: str(r.van_name),
    neighbourhood: str(r.neighbourhood),
    place: str(r.place),
    openedAt: str(r.opened_at),
    closedAt: strOrNull(r.closed_at),
    openingFloatCents: num(r.opening_float_cents),
    businessDate: str(r.business_date),
  };
}

export function toRefund(r: Row): StoredRefund {
  const method = str(r.method);
  return {
    id: str(r.id),
    deviceId: str(r.device_id),
    vanName: str(r.van_name),
    transactionId: str(r.transaction_id),
    receiptNumber: str(r.receipt_number),
    stopId: str(r.stop_id),
    amountCents: num(r.amount_cents),
    method: method === 'check' || method === 'card' ? method : 'cash',
    reason: str(r.reason),
    staffId: str(r.staff_id),
    approvedBy: str(r.approved_by),
    occurredAt: str(r.occurred_at),
    businessDate: str(r.business_date),
  };
}

export function toDayClose(r: Row): StoredDayClose {
  return {
    stopId: str(r.stop_id),
    deviceId: str(r.device_id),
    businessDate: str(r.business_date),
    countedCashCents: num(r.counted_cash_cents),
    expectedCashCents: num(r.expected_cash_cents),
    differenceCents: num(r.difference_cents),
    reason: str(r.reason),
    checkTotalCents: num(r.check_total_cents),
    cardTotalCents: num(r.card_total_cents),
    closedBy: str(r.closed_by),
    secondSignOffBy: strOrNull(r.second_sign_off_by),
    closedAt: str(r.closed_at),
  };
}

export function toServiceRequest(r: Row): StoredServiceRequest {
  return {
    id: str(r.id),
    deviceId: strOrNull(r.device_id),
    source: r.source === 'open311' ? 'open311' : 'kiosk',
    localReference: strOrNull(r.local_reference),
    serviceCode: str(r.service_code),
    serviceName: str(r.service_name),
    description: str(r.description),
    addressString: str(r.address_string),
    lat: numOrNull(r.lat),
    long: numOrNull(r.long),
    firstName: strOrNull(r.first_name),
    lastName: strOrNull(r.last_name),
    phone: strOrNull(r.phone),
    email: strOrNull(r.email),
    status: r.status === 'closed' ? 'closed' : 'open',
    statusNotes: strOrNull(r.status_notes),
    requestedAt: str(r.requested_at),
    updatedAt: str(r.updated_at),
  };
}

export function toDeviceStatus(r: Row): StoredDeviceStatus {
  return {
    deviceId: str(r.device_id),
    receivedAt: str(r.received_at),
    via: r.via === 'probe' ? 'probe' : 'push',
    pendingTransactions: num(r.pending_transactions),
    pendingOtherRecords: num(r.pending_other_records),
    oldestPendingAgeSeconds: numOrNull(r.oldest_pending_age_seconds),
    appVersion: str(r.app_version),
    storageUsedBytes: numOrNull(r.storage_used_bytes),
    storageQuotaBytes: numOrNull(r.storage_quota_bytes),
  };
}

/** An API key's public id: the start of its hash (the key itself is never kept). */
export function apiKeyId(keyHash: string): string {
  return keyHash.slice(0, 16);
}

export function toApiKey(r: Row): ApiKeyRecord {
  const role = r.role === 'admin' || r.role === 'office' ? r.role : 'open311';
  return { id: str(r.id), role, name: str(r.name), createdAt: str(r.created_at), expiresAt: strOrNull(r.expires_at), revokedAt: strOrNull(r.revoked_at) };
}

export function toDevice(r: Row): DeviceRecord {
  return { id: str(r.id), vanName: str(r.van_name), createdAt: str(r.created_at), revokedAt: strOrNull(r.revoked_at) };
}

export function rejectedResult(refused: RefusedEvent): PushResult {
  return { id: refused.id, seq: refused.seq, status: 'rejected', code: refused.code, message: refused.message };
}

/** The answer to an event that was not inserted: a duplicate when `stored` (the event held under its id) is this one. */
export function notInsertedResult(id: string, seq: number, deviceId: string, stored: Row | undefined): PushResult {
  if (stored && stored.device_id === deviceId && num(stored.seq) === seq) return { id, seq, status: 'duplicate' };
  return stored
    ? { id, seq, status: 'rejected', code: 'id_conflict', message: 'an event with this id was already stored with a different device or seq' }
    : { id, seq, status: 'rejected', code: 'seq_conflict', message: `seq ${seq} was already used by another event of this device` };
}
