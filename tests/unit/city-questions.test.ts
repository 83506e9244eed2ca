import { describe, expect, it } from 'vitest';
import { cityQuestionAnsweredSchema, cityQuestionSchema, containsContactDetails, newId, questionForStop, type CityQuestion } from '../../shared';

describe('contact details in anonymous text', () => {
  it.each([
    ['call me on 617 555 0100', true],
    ['617-555-0100', true],
    ['+1 (617) 555-0100', true],
    ['ring 6175550100', true],
    ['write to ada@example.org please', true],
    ['rosa.lima@boston.gov', true],
    ['More light on the path to the T station', false],
    ['The 22 bus at 5 pm is always late', false],
    ['fix 3 potholes on Dorchester Ave near 1450', false],
    ['in 2026 the park was closed', false],
    ['Email the city? No thanks', false],
  ])('%j → %s', (text, expected) => {
    expect(containsContactDetails(text)).toBe(expected);
  });
});

describe('the answer event', () => {
  const answer = {
    answerId: newId(),
    questionId: 'fields-corner-fix-first',
    stopId: newId(),
    neighbourhood: 'Dorchester',
    place: 'Fields Corner',
    language: 'vi',
    topic: 'streets',
    text: 'Vỉa hè bị vỡ',
    contact: null,
  };

  it('accepts an anonymous answer and one with a contact for a reply', () => {
    expect(cityQuestionAnsweredSchema.safeParse(answer).success).toBe(true);
    expect(cityQuestionAnsweredSchema.safeParse({ ...answer, contact: { name: '', email: null, phone: '617-555-0100' } }).success).toBe(true);
  });

  it.each([
    ['a phone number in the text', { text: 'call 617 555 0100' }, 'e-mail address or phone number'],
    ['a card number in the text', { text: 'card 4111 1111 1111 1111' }, 'card number'],
    ['a reply without a way to reply', { contact: { name: 'Rosa', email: null, phone: null } }, 'a reply needs an e-mail address or a phone number'],
    ['a topic not on the list', { topic: 'weather' }, 'Invalid option'],
    ['no neighbourhood', { neighbourhood: ' ' }, 'is required'],
  ])('refuses %s', (_name, change, message) => {
    const result = cityQuestionAnsweredSchema.safeParse({ ...answer, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain(message);
  });
});

describe('which question a stop asks', () => {
  const q = (id: string, neighbourhood: string, place: string | null, publishedAt: string): CityQuestion =>
    cityQuestionSchema.parse({ id, neighbourhood, place, topics: ['parks', 'other'], text: { en: id }, publishedAt });
  const questions = [
    q('dorchester-old', 'Dorchester', null, '2026-10-01T00:00:00.000Z'),
    q('dorchester-new', 'Dorchester', null, '2026-11-01T00:00:00.000Z'),
    q('fields-corner', 'Dorchester', 'Fields Corner', '2026-09-01T00:00:00.000Z'),
    q('nubian-square', 'Roxbury', 'Nubian Square', '2026-11-02T00:00:00.000Z'),
  ];

  it('the stop’s own place first, then the newest for its neighbourhood, else none', () => {
    expect(questionForStop(questions, { neighbourhood: 'Dorchester', place: 'Fields Corner' })?.id).toBe('fields-corner');
    expect(questionForStop(questions, { neighbourhood: ' dorchester ', place: 'Codman Square' })?.id).toBe('dorchester-new');
    expect(questionForStop(questions, { neighbourhood: 'Roxbury', place: 'Dudley' })).toBeNull();
    expect(questionForStop([], { neighbourhood: 'Dorchester', place: 'Fields Corner' })).toBeNull();
  });

  it('a question needs English and distinct topics', () => {
    expect(cityQuestionSchema.safeParse({ id: 'x', neighbourhood: 'Dorchester', topics: ['parks', 'other'], text: { es: 'x' }, publishedAt: '2026-11-01T00:00:00.000Z' }).success).toBe(false);
    expect(cityQuestionSchema.safeParse({ id: 'x', neighbourhood: 'Dorchester', topics: ['parks', 'parks'], text: { en: 'x' }, publishedAt: '2026-11-01T00:00:00.000Z' }).success).toBe(false);
  });
});
