/**
 * Everything a person does on the kiosk, as events, one module per aggregate. Each action writes its event and updates
 * the read models in one Dexie transaction; a rule that fails throws a DomainError and nothing is written. Reads are
 * in ../queries.ts (and live, as hooks, in ../hooks.ts).
 */
export { DomainError } from './errors';
export { currentStop } from './open-stop';
export { signIn, signOut } from './session';
export { closeDay, closeStop, openStop, stopCloseEffects } from './stops';
export { callNext, callTicket, cancelTicket, endTickets, issueTicket, NO_SHOW_UNDO_MS, noShowTicket, serveTicket, transferTicket, undoNoShow, type TicketEnding } from './tickets';
export {
  DEFAULT_VOID_APPROVAL_THRESHOLD_CENTS,
  issueRefund,
  recordServiceTransaction,
  refundableCents,
  voidApprovalReason,
  voidTransaction,
  type TransactionInput,
} from './service-transactions';
export { cancelOrder, carryOverOrder, orderCertificate } from './orders';
export { fileServiceRequest } from './requests';
export { answerCityQuestion, answerSurvey } from './feedback';
export { answerHelp, cancelHelp, requestHelp } from './help';
export { resolveRejection } from './rejections';
