import { XMLParser } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashToken, newSecretToken } from '../../server/auth';
import { startTestApi, type TestApi } from '../helpers/server';
import { asOffice, makeOfficeUser, signIn } from '../helpers/office';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) checked against the spec's field tables, in JSON and XML.
 * Each table lists the fields the spec names for that answer; every one must be present (null allowed where the spec
 * says it may be empty), with the spec's value sets where it gives them.
 */
const SPEC = {
  discovery: ['changeset', 'contact', 'key_service', 'endpoints'],
  endpoint: ['specification', 'url', 'changeset', 'type', 'formats'],
  service: ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'],
  serviceDefinition: ['service_code', 'attributes'],
  request: [
    'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
    'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url',
  ],
  postResponse: ['service_request_id', 'service_notice', 'account_id'],
  error: ['code', 'description'],
} as const;
const W3C_DATETIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

const xml = new XMLParser({ parseTagValue: false, isArray: (name) => ['service', 'request', 'error', 'endpoint', 'format', 'attribute'].includes(name) });

describe('Open311 GeoReport v2 conformance', () => {
  let api: TestApi;
  let key: string;
  beforeEach(async () => {
    api = await startTestApi({ seed: true, now: () => new Date('2026-12-01T15:00:00.000Z') });
    key = newSecretToken();
    await api.store.createApiKey({ keyHash: hashToken(key), role: 'open311', name: 'city app', createdAt: '2026-12-01T00:00:00.000Z' });
  });
  afterEach(async () => {
    await api.close();
  });

  const get = (url: string) => api.app.inject({ method: 'GET', url });
  async function fileOne(extra: Record<string, string> = {}) {
    const response = await api.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ api_key: key, service_code: 'pothole', description: 'Deep hole', address_string: '1 Main St', ...extra }).toString(),
    });
    expect(response.statusCode).toBe(201);
    return response.json()[0].service_request_id as string;
  }

  it('discovery.json and .xml name the GeoReport v2 endpoint with its formats', async () => {
    const json = (await get('/open311/v2/discovery.json')).json();
    for (const field of SPEC.discovery) expect(json, field).toHaveProperty(field);
    for (const field of SPEC.endpoint) expect(json.endpoints[0], field).toHaveProperty(field);
    expect(json.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: ['application/json', 'text/xml'] });
    expect(json.endpoints[0].url).toMatch(/\/open311\/v2$/);
    expect(json.changeset).toMatch(W3C_DATETIME);
    const response = await get('/open311/v2/discovery.xml');
    expect(response.headers['content-type']).toContain('text/xml');
    const doc = xml.parse(response.body);
    for (const field of SPEC.discovery) expect(doc.discovery, field).toHaveProperty(field);
    expect(doc.discovery.endpoints.endpoint[0].formats.format).toEqual(['application/json', 'text/xml']);
  });

  it('GET services (json and xml) has every field of the spec’s table with the spec’s type values; jurisdiction_id is accepted', async () => {
    const json = (await get('/open311/v2/services.json?jurisdiction_id=city.gov')).json() as Record<string, unknown>[];
    expect(json.length).toBeGreaterThan(0);
    for (const service of json) {
      for (const field of SPEC.service) expect(service, field).toHaveProperty(field);
      expect(['realtime', 'batch', 'blackbox']).toContain(service.type);
      expect(typeof service.metadata).toBe('boolean');
    }
    const doc = xml.parse((await get('/open311/v2/services.xml?jurisdiction_id=city.gov')).body);
    expect(doc.services.service).toHaveLength(json.length);
    for (const field of SPEC.service) expect(doc.services.service[0], field).toHaveProperty(field);
  });

  it('services/{code}.json and .xml give the service definition; an unknown code is a spec error', async () => {
    const json = (await get('/open311/v2/services/pothole.json?jurisdiction_id=city.gov')).json();
    for (const field of SPEC.serviceDefinition) expect(json, field).toHaveProperty(field);
    expect(json).toEqual({ service_code: 'pothole', attributes: [] });
    const doc = xml.parse((await get('/open311/v2/services/pothole.xml')).body);
    expect(doc.service_definition.service_code).toBe('pothole');
    const unknown = await get('/open311/v2/services/teleport.json');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual([{ code: 404, description: 'no service has the code teleport' }]);
  });

  it('POST requests (json and xml, with jurisdiction_id) answers the spec’s fields; GET requests and one request carry every field of the table', async () => {
    const id = await fileOne({ jurisdiction_id: 'city.gov' });
    const xmlPost = await api.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ api_key: key, service_code: 'pothole', address_string: '2 Main St', jurisdiction_id: 'city.gov' }).toString(),
    });
    expect(xmlPost.statusCode).toBe(201);
    const posted = xml.parse(xmlPost.body).service_requests.request[0];
    for (const field of SPEC.postResponse) expect(posted, field).toHaveProperty(field);
    const list = (await get('/open311/v2/requests.json?jurisdiction_id=city.gov')).json() as Record<string, unknown>[];
    expect(list).toHaveLength(2);
    for (const request of list) {
      for (const field of SPEC.request) expect(request, field).toHaveProperty(field);
      expect(['open', 'closed']).toContain(request.status);
      expect(request.requested_datetime).toMatch(W3C_DATETIME);
      expect(request.updated_datetime).toMatch(W3C_DATETIME);
    }
    const one = (await get(`/open311/v2/requests/${id}.json?jurisdiction_id=city.gov`)).json();
    expect(one).toHaveLength(1);
    const doc = xml.parse((await get(`/open311/v2/requests/${id}.xml`)).body);
    for (const field of SPEC.request) expect(doc.service_requests.request[0], field).toHaveProperty(field);
    expect(doc.service_requests.request[0].service_request_id).toBe(id);
    const allXml = xml.parse((await get('/open311/v2/requests.xml?status=open')).body);
    expect(allXml.service_requests.request).toHaveLength(2);
  });

  it('keeps updated_datetime and status_notes current when the office updates a request', async () => {
    const id = await fileOne();
    await makeOfficeUser(api.store, 'clerk@city.gov', 'office');
    const before = (await get(`/open311/v2/requests/${id}.json`)).json()[0];
    expect(before).toMatchObject({ status: 'open', status_notes: null, updated_datetime: '2026-12-01T15:00:00.000Z' });
    const laterApi = await startTestApi({ store: api.store, now: () => new Date('2026-12-02T09:30:00.000Z') });
    try {
      const session = await signIn(laterApi.app, 'clerk@city.gov');
      expect((await laterApi.app.inject(asOffice(session, 'PATCH', `/v1/office/service-requests/${id}`, { status: 'closed', statusNotes: 'Filled by the crew' }))).statusCode).toBe(200);
    } finally {
      await laterApi.app.close();
    }
    expect((await get(`/open311/v2/requests/${id}.json`)).json()[0]).toMatchObject({ status: 'closed', status_notes: 'Filled by the crew', updated_datetime: '2026-12-02T09:30:00.000Z' });
    const doc = xml.parse((await get(`/open311/v2/requests/${id}.xml`)).body);
    expect(doc.service_requests.request[0]).toMatchObject({ status: 'closed', status_notes: 'Filled by the crew', updated_datetime: '2026-12-02T09:30:00.000Z' });
  });

  it.each([
    ['an unknown path', 'GET', '/open311/v2/nothing-here.json', undefined, 404],
    ['an unknown request id', 'GET', '/open311/v2/requests/00000000-0000-4000-8000-000000000000.json', undefined, 404],
    ['a bad status filter', 'GET', '/open311/v2/requests.json?status=pending', undefined, 400],
    ['a malformed JSON body', 'POST', '/open311/v2/requests.json', '{"api_key":', 400],
    ['a missing api_key', 'POST', '/open311/v2/requests.json', JSON.stringify({ service_code: 'pothole', address_string: '1 Main St' }), 401],
  ] as const)('answers %s with [{code, description}] in JSON and in XML', async (_name, method, url, payload, status) => {
    const send = (path: string) =>
      api.app.inject({ method, url: path, ...(payload === undefined ? {} : { payload, headers: { 'content-type': 'application/json' } }) });
    const json = await send(url);
    expect(json.statusCode).toBe(status);
    const body = json.json() as Record<string, unknown>[];
    expect(Array.isArray(body)).toBe(true);
    for (const field of SPEC.error) expect(body[0], field).toHaveProperty(field);
    expect(body[0]!.code).toBe(status);
    expect(Object.keys(body[0]!)).toEqual(['code', 'description']);
    const asXml = await send(url.replace('.json', '.xml'));
    expect(asXml.statusCode).toBe(status);
    expect(asXml.headers['content-type']).toContain('text/xml');
    const doc = xml.parse(asXml.body);
    expect(doc.errors.error[0]).toMatchObject({ code: String(status) });
    expect(typeof doc.errors.error[0].description).toBe('string');
  });

  it('leaves the rest of the API’s error shape alone', async () => {
    const response = await get('/v1/nothing-here');
    expect(response.json()).toEqual({ error: { code: 'not_found', message: 'no route for GET /v1/nothing-here' } });
  });
});
