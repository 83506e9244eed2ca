import { v7 as uuidv7 } from 'uuid';

/** Event and record ids are UUIDv7: made on the device, unique, and ordered by creation time. */
export function newId(): string {
  return uuidv7();
}

export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
