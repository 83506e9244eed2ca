/** The reference a resident is given before the office assigns one: "SR-000042" from the event's sequence number. */
export const padReference = (prefix: string, seq: number) => `${prefix}-${String(seq).padStart(6, '0')}`;
