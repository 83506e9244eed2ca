import { requestStatusResponseSchema, type DeviceIdentity, type RequestStatusResponse } from '../../../shared';
import { authHeaders } from '../sync/pull';

export type FollowUpAnswer =
  | { kind: 'found'; answer: RequestStatusResponse }
  | { kind: 'notFound' }
  /** No answer from the office at all: the van is offline (or the API unreachable), which the resident is told plainly. */
  | { kind: 'offline' }
  | { kind: 'failed' };

export type Fetch = (input: URL, init: RequestInit) => Promise<Response>;

/**
 * Asks the central API about a 311 reference. Whether the van is online is what this very request says, not
 * navigator.onLine; a request that gets no answer within `timeoutMs` counts as offline.
 */
export async function askRequestStatus(
  apiUrl: string,
  credentials: DeviceIdentity,
  reference: string,
  deps: { fetch: Fetch; timeoutMs?: number },
): Promise<FollowUpAnswer> {
  const url = new URL(`/v1/requests/${encodeURIComponent(reference)}/status`, credentials.apiUrl ?? apiUrl);
  let response: Response;
  try {
    response = await deps.fetch(url, {
      method: 'GET',
      headers: authHeaders(credentials),
      signal: AbortSignal.timeout(deps.timeoutMs ?? 8000),
    });
  } catch {
    return { kind: 'offline' };
  }
  if (response.status === 404) return { kind: 'notFound' };
  if (!response.ok) return { kind: 'failed' };
  try {
    const parsed = requestStatusResponseSchema.safeParse(await response.json());
    return parsed.success ? { kind: 'found', answer: parsed.data } : { kind: 'failed' };
  } catch {
    return { kind: 'failed' };
  }
}
