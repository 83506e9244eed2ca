import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { residentReferenceSchema } from '../../../../shared';
import { useKiosk } from '../../context';
import { useCatalogue } from '../../hooks';
import { askRequestStatus, type FollowUpAnswer } from '../follow-up';
import { requestTypeName } from '../names';
import { focusFirstProblem, FormScreen, Notice, TextField, useFormat } from '../parts';
import type { FieldProblem } from '../validation';

/**
 * Follow-up at the kiosk: the resident types the reference from their confirmation and the van asks the office for the
 * request's status and notes. Offline, the screen says so plainly instead of showing an old answer.
 */
export function FollowUpScreen() {
  const { t } = useTranslation();
  const { config, credentials } = useKiosk();
  const catalogue = useCatalogue();
  const format = useFormat();
  const formRef = useRef<HTMLFormElement>(null);
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<FollowUpAnswer | null>(null);

  const date = (iso: string) => new Intl.DateTimeFormat(format.language.locale, { dateStyle: 'long', timeZone: catalogue?.city.timeZone }).format(new Date(iso));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = residentReferenceSchema.safeParse(reference);
    setAnswer(null);
    if (!parsed.success) {
      setProblem({ key: reference.trim() === '' ? 'errors.required' : 'followUp.invalid' });
      focusFirstProblem(formRef.current);
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      setAnswer(await askRequestStatus(config.apiUrl, credentials, parsed.data, { fetch: (url, init) => fetch(url, init) }));
    } finally {
      setBusy(false);
    }
  };

  // Its own send cycle: the reference is checked as a whole, and the office's answer (even "offline") shows in place.
  return (
    <FormScreen
      screen="follow-up"
      title={t('followUp.title')}
      prompt={t('followUp.prompt')}
      testId="follow-up-title"
      form={{ ref: formRef, onSubmit: (e) => void submit(e), busy, showProblems: false, failed: false }}
      submitLabel={t('followUp.check')}
      submitTestId="follow-up-check"
    >
      <TextField
        name="reference"
        label={t('followUp.reference')}
        hint={t('followUp.referenceHint')}
        value={reference}
        onChange={setReference}
        problem={problem}
        required
        maxLength={32}
      />
      <div aria-live="polite" data-testid="follow-up-answer">
        {busy && <Notice>{t('followUp.checking')}</Notice>}
        {answer?.kind === 'offline' && <Notice testId="follow-up-offline">{t('followUp.offline')}</Notice>}
        {answer?.kind === 'notFound' && <Notice testId="follow-up-not-found">{t('followUp.notFound')}</Notice>}
        {answer?.kind === 'failed' && <Notice testId="follow-up-failed">{t('followUp.failed')}</Notice>}
        {answer?.kind === 'found' &&
          answer.answer.requests.map((request, index) => {
            const type = catalogue?.requestTypes.find((r) => r.code === request.serviceCode);
            return (
              <article key={index} className="r-group r-follow-up" data-testid="follow-up-request">
                <h2 data-speak>
                  <span dir="ltr">{answer.answer.reference}</span> · {type ? requestTypeName(t, type) : request.serviceName}
                </h2>
                <p className="r-strong" data-testid="follow-up-status" data-speak>
                  {t(request.status === 'closed' ? 'followUp.statusClosed' : 'followUp.statusOpen')}
                </p>
                <p className="r-hint">{t('followUp.reported', { date: date(request.requestedAt) })}</p>
                <h3>{t('followUp.notes')}</h3>
                <p data-testid="follow-up-notes" data-speak>
                  {request.statusNotes ?? t('followUp.noNotes')}
                </p>
                <p className="r-hint">{t('followUp.updated', { date: date(request.updatedAt) })}</p>
              </article>
            );
          })}
      </div>
    </FormScreen>
  );
}
