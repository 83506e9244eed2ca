import type { Catalogue, KioskConfig } from '../../../shared';
import type { KioskDb, LocalTransaction } from '../db/db';
import { stopById, storedCatalogue, transactionById } from '../db/queries';
import type { ReceiptInput } from '../receipt';

/** The clerk's name as the catalogue's staff list has it, else their id (a clerk since removed from the list). */
export function clerkNameOf(catalogue: Catalogue | null, staffId: string | null | undefined): string {
  return catalogue?.staff.find((s) => s.id === staffId)?.name ?? staffId ?? '';
}

/** Where the receipt's QR code points: the configured verification address, else the API's verify route. */
export function verificationBaseOf(config: Pick<KioskConfig, 'apiUrl' | 'receiptVerificationBaseUrl'>): string {
  return config.receiptVerificationBaseUrl ?? `${config.apiUrl}/v1/receipts/verify/`;
}

/**
 * Everything a receipt prints, read fresh from storage: a reprint after a void says VOID, and the stop and clerk are
 * the ones of the transaction, not of the screen.
 */
export async function receiptInputFor(
  db: KioskDb,
  tx: LocalTransaction,
  options: {
    config: Pick<KioskConfig, 'cityName' | 'vanName' | 'apiUrl' | 'receiptVerificationBaseUrl'>;
    timeZone: string;
    reprint?: boolean;
    language?: string | null;
  },
): Promise<ReceiptInput> {
  const current = (await transactionById(db, tx.id)) ?? tx;
  const [stop, catalogue] = await Promise.all([stopById(db, current.stopId), storedCatalogue(db)]);
  return {
    cityName: options.config.cityName,
    vanName: options.config.vanName,
    stop,
    transaction: current,
    clerkName: clerkNameOf(catalogue, current.staffId),
    reprint: options.reprint ?? false,
    language: options.language ?? current.language ?? null,
    catalogue,
    verificationBaseUrl: verificationBaseOf(options.config),
    timeZone: options.timeZone,
  };
}
