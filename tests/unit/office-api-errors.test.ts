import { describe, expect, it } from 'vitest';
import { ApiError, errorText } from '../../renderer/office/api';
import { duration, topicName } from '../../renderer/office/format';

/**
 * What the office console tells a person when a call fails, and the words its figures are written in (both from the
 * office catalogue). Before, a network failure showed fetch's own "Failed to fetch" (or "TypeError: Failed to fetch").
 */
describe('office console: failure text and written figures', () => {
  it("shows the API's own message when the API answered", () => {
    expect(errorText(new ApiError(401, 'wrong_credentials', 'the e-mail address or the password is wrong'))).toBe('the e-mail address or the password is wrong');
  });

  it('says the office API could not be reached when fetch itself failed', () => {
    expect(errorText(new TypeError('Failed to fetch'))).toBe('The office API could not be reached; try again.');
  });

  it("keeps another error's message, and a thrown non-error as text", () => {
    expect(errorText(new Error('the answer was not a session'))).toBe('the answer was not a session');
    expect(errorText('refused')).toBe('refused');
  });

  it('writes durations in words from the catalogue, a dash for nothing', () => {
    expect(duration(null)).toBe('—');
    expect(duration(0)).toBe('0 s');
    expect(duration(59)).toBe('59 s');
    expect(duration(60)).toBe('1 min 00 s');
    expect(duration(245)).toBe('4 min 05 s');
  });

  it("names the city's topics one way in every section, and shows a topic it does not know as its code", () => {
    expect(topicName('parks')).toBe('Parks');
    expect(topicName('other')).toBe('Other');
    expect(topicName('noise')).toBe('noise');
  });
});
