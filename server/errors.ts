import type { FastifyReply } from 'fastify';
import { CodedError, type ApiError } from '../shared';

/** An error a route answers with: an HTTP status, a code a program branches on, a message a person can act on. */
export class HttpError extends CodedError {
  constructor(
    readonly statusCode: number,
    code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly issues?: { path: (string | number)[]; message: string }[],
    /** More machine-readable fields beside code and message (e.g. the minimum version of an `upgrade_required`). */
    readonly details: Record<string, string | number | null> = {},
  ) {
    super(code, message);
  }
}

export function sendError(reply: FastifyReply, error: HttpError): FastifyReply {
  const body: ApiError = { error: { ...error.details, code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } };
  return reply.code(error.statusCode).headers(error.headers).send(body);
}
