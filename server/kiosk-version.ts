import { appVersionSchema, compareVersions, KIOSK_VERSION_HEADER, UPGRADE_REQUIRED_STATUS } from '../shared';
import { HttpError } from './errors';

/**
 * The oldest kiosk the API still talks to. A kiosk below it is answered 426 `upgrade_required` with the minimum, on
 * every device call and on its connectivity probe, before anything is read or stored: nothing it sends is taken (so
 * its cursor stays put and it sends everything once it is updated), and it is told plainly what to do.
 */
export class KioskVersionGate {
  constructor(readonly minVersion: string | null) {
    if (minVersion !== null && !appVersionSchema.safeParse(minVersion).success) throw new Error(`MIN_KIOSK_VERSION "${minVersion}" is not a version like 1.4.2`);
  }

  /**
   * Checks what a kiosk said it runs (undefined: it said nothing). `required`: a device call, where saying nothing
   * means a kiosk from before the version was sent, older than any minimum; on the probe saying nothing is a plain
   * health check (a load balancer's).
   */
  check(sent: string | string[] | undefined, required: boolean): void {
    if (Array.isArray(sent)) throw new HttpError(400, 'invalid_kiosk_version', `send one ${KIOSK_VERSION_HEADER}`);
    if (sent !== undefined && !appVersionSchema.safeParse(sent).success) {
      throw new HttpError(400, 'invalid_kiosk_version', `${KIOSK_VERSION_HEADER} must be a version like 1.4.2`);
    }
    const min = this.minVersion;
    if (min === null || (sent === undefined && !required)) return;
    if (sent !== undefined && compareVersions(sent, min) >= 0) return;
    throw new HttpError(
      UPGRADE_REQUIRED_STATUS,
      'upgrade_required',
      `the office needs kiosk version ${min} or newer${sent === undefined ? '' : `; this kiosk runs ${sent}`}. Update the kiosk app: nothing recorded on it is lost, it is sent after the update.`,
      {},
      undefined,
      { minVersion: min, kioskVersion: sent ?? null },
    );
  }
}
