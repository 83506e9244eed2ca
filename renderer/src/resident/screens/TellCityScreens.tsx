import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { containsContactDetails, questionForStop, type CityQuestion, type CityTopic } from '../../../../shared';
import { answerCityQuestion } from '../../db/actions';
import { useCatalogue, useCounterState, useRecordContext } from '../../hooks';
import { BackButton, ChoiceGroup, DoneButton, focusFirstProblem, FormProblems, Notice, ScreenHeading, TextField, useLanguage } from '../parts';
import { useResident } from '../store';
import { checkEmail, checkPhone, checkText, hasProblems, type FieldProblem, type Problems } from '../validation';

/** The question the office published for the stop that is open now (its place first, else its neighbourhood). */
export function useCityQuestion(): CityQuestion | null {
  const catalogue = useCatalogue();
  const counter = useCounterState();
  if (!catalogue || counter?.kind !== 'open') return null;
  return questionForStop(catalogue.questions ?? [], counter.stop);
}

type Field = 'topic' | 'text' | 'name' | 'phone' | 'email';

/** Free text meant to stay anonymous: the usual text rules, and no phone number or e-mail address in it. */
function checkAnonymous(value: string): FieldProblem | null {
  return checkText(value, { required: true, max: 1000, multiline: true }) ?? (containsContactDetails(value) ? { key: 'errors.contactDetails' } : null);
}

/**
 * "Tell the city": the resident answers the office's question for this stop in their own language, with a topic from
 * a short list and a few words. Anonymous unless they leave an e-mail address or phone number for a reply.
 */
export function TellCityScreen() {
  const { t } = useTranslation();
  const language = useLanguage();
  const ctx = useRecordContext(true);
  const question = useCityQuestion();
  const go = useResident((s) => s.go);
  const formRef = useRef<HTMLFormElement>(null);
  const [topic, setTopic] = useState<CityTopic | null>(null);
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  const wantsReply = name.trim() !== '' || phone.trim() !== '' || email.trim() !== '';
  const check = (): Problems<Field> => ({
    topic: topic ? null : { key: 'errors.chooseOne' },
    text: checkAnonymous(text),
    name: checkText(name, { max: 100 }),
    phone: checkPhone(phone),
    email: checkEmail(email) ?? (wantsReply && phone.trim() === '' && email.trim() === '' ? { key: 'errors.replyNeedsContact' } : null),
  });
  const problems: Problems<Field> = tried ? check() : {};

  if (!question) {
    return (
      <section className="r-screen" data-screen="tell-city">
        <ScreenHeading title={t('tellCity.title')} testId="tell-city-title" />
        <Notice testId="no-question">{t('tellCity.noQuestion')}</Notice>
        <div className="r-actions">
          <BackButton />
        </div>
      </section>
    );
  }
  const own = question.text[language.code];
  const questionText = own ?? question.text.en!;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    setFailed(false);
    if (hasProblems(check()) || !topic) {
      focusFirstProblem(formRef.current);
      return;
    }
    setBusy(true);
    const orNull = (s: string) => (s.trim() === '' ? null : s.trim());
    const contact = wantsReply ? { name: name.trim(), email: orNull(email), phone: orNull(phone) } : null;
    try {
      await answerCityQuestion(ctx, { questionId: question.id, language: language.code, topic, text: text.trim(), contact });
      go({ name: 'tellCityThanks', contact: contact ? [contact.email, contact.phone].filter(Boolean).join(', ') : null });
    } catch {
      setFailed(true);
      setBusy(false);
    }
  };

  return (
    <section className="r-screen" data-screen="tell-city">
      <ScreenHeading
        title={t('tellCity.title')}
        prompt={
          <span lang={own ? undefined : 'en'} dir={own ? undefined : 'ltr'} data-testid="city-question">
            {questionText}
          </span>
        }
        testId="tell-city-title"
      />
      <form ref={formRef} className="r-form" noValidate autoComplete="off" onSubmit={(e) => void submit(e)}>
        <FormProblems show={tried && hasProblems(problems)} />
        <ChoiceGroup
          legend={t('tellCity.topic')}
          name="topic"
          value={topic}
          onChange={setTopic}
          problem={problems.topic}
          options={question.topics.map((code) => ({ value: code, label: t(`tellCity.topics.${code}`) }))}
        />
        <TextField name="text" label={t('tellCity.answer')} hint={t('tellCity.answerHint')} value={text} onChange={setText} problem={problems.text} required multiline maxLength={1000} />
        <fieldset className="r-group">
          <legend>{t('tellCity.replyTitle')}</legend>
          <p className="r-hint">{t('tellCity.replyHint')}</p>
          <div className="r-columns">
            <TextField name="name" label={t('tellCity.name')} value={name} onChange={setName} problem={problems.name} maxLength={100} />
            <TextField name="phone" type="tel" inputMode="tel" label={t('request311.phone')} value={phone} onChange={setPhone} problem={problems.phone} maxLength={20} />
            <TextField name="email" type="email" inputMode="email" label={t('request311.email')} value={email} onChange={setEmail} problem={problems.email} maxLength={200} />
          </div>
        </fieldset>
        {failed && <Notice tone="error">{t('errors.notSaved')}</Notice>}
        <div className="r-actions">
          <BackButton />
          <button type="submit" className="r-btn r-primary" disabled={busy} data-testid="submit-tell-city">
            {t('common.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function TellCityThanksScreen(props: { contact: string | null }) {
  const { t } = useTranslation();
  return (
    <section className="r-screen r-done" data-screen="tell-city-thanks">
      <ScreenHeading title={t('tellCity.thanks')} testId="tell-city-thanks-title" />
      <p data-speak data-testid="tell-city-reply">
        {props.contact ? t('request311.contactGiven', { contact: props.contact }) : t('tellCity.thanksAnonymous')}
      </p>
      <div className="r-actions">
        <DoneButton />
      </div>
    </section>
  );
}
