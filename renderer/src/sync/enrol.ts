import { apiErrorSchema, apiUrlSchema, enrolResponseSchema, type DeviceCredentials } from '../../../shared';

export class EnrolError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Exchanges an enrolment code for device credentials. With `deviceId`, re-enrols this device and keeps its events. */
export async function enrolDevice(apiUrl: string, code: string, deviceId: string | null, fetcher: typeof fetch = fetch): Promise<DeviceCredentials> {
  let url: URL;
  try {
    url = new URL('/v1/devices/enrol', apiUrl);
  } catch {
    throw new EnrolError('bad_url', 'The central office address is not a web address (it starts with http:// or https://).');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EnrolError('bad_url', 'The central office address must start with http:// or https://.');
  }
  if (!apiUrlSchema.safeParse(url.origin).success) {
    throw new EnrolError('bad_url', 'The central office address must start with https:// (plain http:// only for this computer).');
  }
  let response: Response;
  try {
    response = await fetcher(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(deviceId ? { code, deviceId } : { code }),
    });
  } catch {
    throw new EnrolError('unreachable', 'The central office cannot be reached. Check the address and the network, then try again.');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = apiErrorSchema.safeParse(body);
    throw new EnrolError(error.success ? error.data.error.code : 'failed', error.success ? error.data.error.message : `The central office answered ${response.status}.`);
  }
  const parsed = enrolResponseSchema.parse(body);
  return { deviceId: parsed.deviceId, token: parsed.token, apiUrl: url.origin };
}
