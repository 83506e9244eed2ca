import { describe, expect, it } from 'vitest';
import { askRequestStatus, type Fetch } from '../../renderer/src/resident/follow-up';

const credentials = { deviceId: 'dev_0123456789abcdef', token: 'a-device-token-0123456789' };
const found = { reference: 'SR-000001', requests: [{ status: 'open', statusNotes: null, serviceCode: 'pothole', serviceName: 'Pothole repair', requestedAt: '2026-11-27T15:00:00.000Z', updatedAt: '2026-11-27T15:00:00.000Z', filedOnThisVan: true }] };

function answering(status: number, body: unknown): { fetch: Fetch; calls: { url: string; auth: string | null }[] } {
  const calls: { url: string; auth: string | null }[] = [];
  return {
    calls,
    fetch: async (url, init) => {
      calls.push({ url: url.toString(), auth: new Headers(init.headers).get('authorization') });
      return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
    },
  };
}

describe('asking the office about a 311 reference', () => {
  it('asks the API the device enrolled with, with its token, and reads the answer', async () => {
    const api = answering(200, found);
    const result = await askRequestStatus('http://127.0.0.1:1', { ...credentials, apiUrl: 'http://127.0.0.1:8787' }, 'SR-000001', { fetch: api.fetch });
    expect(result).toEqual({ kind: 'found', answer: found });
    expect(api.calls).toEqual([{ url: 'http://127.0.0.1:8787/v1/requests/SR-000001/status', auth: 'Bearer a-device-token-0123456789' }]);
  });

  it.each([
    ['no such reference', 404, { error: { code: 'unknown_reference', message: '' } }, 'notFound'],
    ['a server error', 503, { error: { code: 'unavailable', message: '' } }, 'failed'],
    ['an answer it does not understand', 200, { reference: 'SR-000001' }, 'failed'],
    ['an answer that is not JSON', 200, '<html>', 'failed'],
  ] as const)('%s', async (_name, status, body, kind) => {
    expect((await askRequestStatus('http://127.0.0.1:8787', credentials, 'SR-000001', { fetch: answering(status, body).fetch })).kind).toBe(kind);
  });

  it('no connection, or no answer in time, is "offline"', async () => {
    const refused: Fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await askRequestStatus('http://127.0.0.1:8787', credentials, 'SR-000001', { fetch: refused })).toEqual({ kind: 'offline' });
    const silent: Fetch = (_url, init) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)));
    expect(await askRequestStatus('http://127.0.0.1:8787', credentials, 'SR-000001', { fetch: silent, timeoutMs: 20 })).toEqual({ kind: 'offline' });
  });
});
