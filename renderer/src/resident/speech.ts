import type { Language } from '../i18n';

/** Reading the screen's prompt aloud through the Web Speech API, where the platform has it. */

export function speechAvailable(): boolean {
  if (typeof window === 'undefined') return false;
  const synth = (window as Partial<Pick<Window, 'speechSynthesis'>>).speechSynthesis;
  return typeof synth?.speak === 'function' && typeof window.SpeechSynthesisUtterance === 'function';
}

const norm = (tag: string) => tag.replace(/_/g, '-').toLowerCase();

/**
 * The voice that best matches the language: its exact locale (es-US), then the language code (pt-BR, zh-Hans), then
 * any voice of the same primary language (es-*), preferring a local one. Null when none matches.
 */
export function pickVoice<V extends Pick<SpeechSynthesisVoice, 'lang' | 'localService'>>(voices: readonly V[], language: Pick<Language, 'code' | 'locale'>): V | null {
  const wanted = [norm(language.locale), norm(language.code)];
  const primary = norm(language.code).split('-')[0]!;
  const rank = (voice: V) => {
    const lang = norm(voice.lang);
    if (lang === wanted[0]) return 0;
    if (lang === wanted[1]) return 1;
    if (lang.split('-')[0] === primary) return 2;
    return 99;
  };
  let best: V | null = null;
  let bestScore = Infinity;
  for (const voice of voices) {
    const r = rank(voice);
    if (r === 99) continue;
    const score = r * 2 + (voice.localService ? 0 : 1);
    if (score < bestScore) {
      best = voice;
      bestScore = score;
    }
  }
  return best;
}

/** Speaks `text` in the language, interrupting anything still being read. Calls `onFailed` when the platform cannot. */
export function speak(text: string, language: Language, onFailed: () => void): void {
  if (!speechAvailable()) {
    onFailed();
    return;
  }
  const synth = window.speechSynthesis;
  synth.cancel();
  if (text.trim() === '') return;
  const utterance = new window.SpeechSynthesisUtterance(text);
  utterance.lang = language.locale;
  const voice = pickVoice(synth.getVoices(), language);
  if (voice) utterance.voice = voice;
  utterance.onerror = (event) => {
    if (event.error !== 'interrupted' && event.error !== 'canceled') onFailed();
  };
  synth.speak(utterance);
}

export function stopSpeaking(): void {
  if (speechAvailable()) window.speechSynthesis.cancel();
}
