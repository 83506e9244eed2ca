import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { containsContactDetails, questionForStop, type CityQuestion, type CityTopic } from '../../../../shared';
import { answerCityQuestion } from '../../db/actions';
import { useCatalogue, useCounterState, useRecordContext } from '../../hooks';
import { BackButton, ChoiceGroup, DoneButton, FormScreen, Notice, ScreenFrame, TextField, useLanguage, useResidentForm } from '../parts';
import { useResident } from '../store';
import { checkEmail, checkPhone, checkText, type FieldProblem, type Problems } from '../validation';

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
  const [topic, setTopic] = useState<CityTopic | null>(null);
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');

  const wantsReply = name.trim() !== '' || phone.trim() !== '' || email.trim() !== '';
  const check = (): Problems<Field> => ({
    topic: topic ? null : { key: 'errors.chooseOne' },
    text: checkAnonymous(text),
    name: checkText(name, { max: 100 }),
    phone: checkPhone(phone),
    email: checkEmail(email) ?? (wantsReply && phone.trim() === '' && email.trim() === '' ? { key: 'errors.replyNeedsContact' } : null),
  });
  const { problems, wire } = useResidentForm(check);

  if (!question) {
    return (
      <ScreenFrame screen="tell-city" title={t('tellCity.title')} testId="tell-city-title" actions={<BackButton />}>
        <Notice testId="no-question">{t('tellCity.noQuestion')}</Notice>
      </ScreenFrame>
    );
  }
  const own = question.text[language.code];
  const questionText = own ?? question.text.en!;

  const answer = async (chosen: CityTopic) => {
    const orNull = (s: string) => (s.trim() === '' ? null : s.trim());
    const contact = wantsReply ? { name: name.trim(), email: orNull(email), phone: orNull(phone) } : null;
    await answerCityQuestion(ctx, { questionId: question.id, language: language.code, topic: chosen, text: text.trim(), contact });
    go({ name: 'tellCityThanks', contact: contact ? [contact.email, contact.phone].filter(Boolean).join(', ') : null });
  };

  return (
    <FormScreen
      screen="tell-city"
      title={t('tellCity.title')}
      prompt={
        <span lang={own ? undefined : 'en'} dir={own ? undefined : 'ltr'} data-testid="city-question">
          {questionText}
        </span>
      }
      testId="tell-city-title"
      form={wire(topic ? () => answer(topic) : null)}
      submitTestId="submit-tell-city"
    >
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
    </FormScreen>
  );
}

export function TellCityThanksScreen(props: { contact: string | null }) {
  const { t } = useTranslation();
  return (
    <ScreenFrame screen="tell-city-thanks" tone="done" title={t('tellCity.thanks')} testId="tell-city-thanks-title" actions={<DoneButton />}>
      <p data-speak data-testid="tell-city-reply">
        {props.contact ? t('request311.contactGiven', { contact: props.contact }) : t('tellCity.thanksAnonymous')}
      </p>
    </ScreenFrame>
  );
}
