import { describe, expect, it } from 'vitest';
import { eventPayloadSchemas, personalColumnsOf, personalEventTypes, personalFieldsOf, personalTables, projectionsOf, type EventType } from '../../shared';
import { AtRestError, openFields, RecordSealer, sealFields, SEAL_VERSION } from '../../renderer/src/db/at-rest';

const newKey = () => crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);

describe('the list of personal fields', () => {
  it('names only fields the event schemas have, and every projected column copies one of them', () => {
    for (const type of personalEventTypes) {
      const shape = (eventPayloadSchemas[type as EventType] as unknown as { shape: Record<string, unknown> }).shape;
      for (const field of personalFieldsOf(type)) expect(Object.keys(shape), `${type}.${field}`).toContain(field);
      for (const p of projectionsOf(type)) {
        expect(Object.keys(shape)).toContain(p.idField);
        for (const from of Object.values(p.columns)) expect(personalFieldsOf(type)).toContain(from);
      }
    }
    expect(personalTables.every((t) => personalColumnsOf(t).length > 0)).toBe(true);
  });

  it('covers names, contact details, addresses and free text; types without any have none', () => {
    expect(personalFieldsOf('ServiceRequestFiled')).toEqual(expect.arrayContaining(['first_name', 'last_name', 'phone', 'email', 'address_string', 'description']));
    expect(personalFieldsOf('TransactionRecorded')).toContain('residentName');
    expect(personalFieldsOf('SurveyAnswered')).toEqual(['comment']);
    expect(personalFieldsOf('CityQuestionAnswered')).toEqual(['text', 'contact']);
    expect(personalColumnsOf('transactions')).toContain('residentName');
    expect(personalFieldsOf('TicketIssued')).toEqual([]);
    expect(personalFieldsOf('toString')).toEqual([]);
    expect(personalColumnsOf('stops')).toEqual([]);
  });
});

describe('the at-rest codec', () => {
  it('seals all fields in one ciphertext with a fresh IV each time, and opens them back', async () => {
    const key = await newKey();
    const fields = { residentName: 'Zephyrine Okonkwo-Lindqvist', fields: { plate: 'ABC123' } };
    const a = await sealFields(key, 'chtg-rec:transactions:t1', fields);
    const b = await sealFields(key, 'chtg-rec:transactions:t1', fields);
    expect(a.startsWith(SEAL_VERSION)).toBe(true);
    expect(a).not.toBe(b);
    expect(a).not.toContain('Zephyrine');
    await expect(openFields(key, 'chtg-rec:transactions:t1', a)).resolves.toEqual(fields);
  });

  it('refuses a ciphertext moved to another record, made with another key, or not one at all', async () => {
    const key = await newKey();
    const sealed = await sealFields(key, 'chtg-rec:transactions:t1', { residentName: 'Ana' });
    await expect(openFields(key, 'chtg-rec:transactions:t2', sealed)).rejects.toMatchObject({ code: 'wrong_key' });
    await expect(openFields(await newKey(), 'chtg-rec:transactions:t1', sealed)).rejects.toMatchObject({ code: 'wrong_key' });
    await expect(openFields(key, 'chtg-rec:transactions:t1', 'Ana')).rejects.toMatchObject({ code: 'malformed_seal' });
  });
});

describe('RecordSealer', () => {
  const event = {
    id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    seq: 4,
    type: 'ServiceRequestFiled',
    payload: { requestId: 'r-1', service_code: 'pothole', description: 'Hole outside 12 Elm St', address_string: '12 Elm St', first_name: 'Ana', last_name: 'Ng', phone: null, email: 'ana@example.org', lat: null, long: null },
  };

  it('keeps the clear fields out of a stored event and puts them back on open; non-personal fields stay readable', async () => {
    const sealer = new RecordSealer(newKey);
    const stored = await sealer.seal('events', event);
    expect(JSON.stringify(stored)).not.toMatch(/Elm|Ana|Ng"|example/);
    expect(stored).toMatchObject({ id: event.id, seq: 4, payload: { requestId: 'r-1', service_code: 'pothole' } });
    expect(await sealer.open('events', stored)).toEqual(event);
  });

  it('a row without personal fields is stored as it is', async () => {
    const sealer = new RecordSealer(newKey);
    const ticket = { id: 'e', seq: 1, type: 'TicketIssued', payload: { ticketId: 't' } };
    expect(await sealer.seal('events', ticket)).toBe(ticket);
    expect(sealer.sealForWrite('events', ticket)).toBe(ticket);
  });

  it('inside a transaction, swaps in only the ciphertext prepared for that very record and those very values', async () => {
    const sealer = new RecordSealer(newKey);
    expect(() => sealer.sealForWrite('events', event)).toThrow(AtRestError);
    const release = await sealer.prepareEvent('ServiceRequestFiled', event.id, event.payload);
    const stored = sealer.sealForWrite('events', event);
    expect(stored.sealed).toEqual(expect.stringMatching(/^r1:/));
    expect(await sealer.open('events', stored)).toEqual(event);
    // The 311 row that copies the description and address is prepared with it.
    const row = { requestId: 'r-1', localReference: 'SR-1', description: 'Hole outside 12 Elm St', addressString: '12 Elm St', status: 'open' };
    expect(await sealer.open('serviceRequests', sealer.sealForWrite('serviceRequests', row))).toEqual(row);
    expect(() => sealer.sealForWrite('events', { ...event, payload: { ...event.payload, first_name: 'Someone else' } })).toThrow(expect.objectContaining({ code: 'seal_mismatch' }));
    release();
    expect(() => sealer.sealForWrite('events', event)).toThrow(expect.objectContaining({ code: 'unsealed_write' }));
  });
});
