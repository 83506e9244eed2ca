import { useId, useLayoutEffect, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../shared';
import { useCityTimeZone } from '../hooks';
import { formatNumber, languageOf, type Language } from '../i18n';
import { Icon } from './icons';
import { useResident } from './store';
import { hasProblems, type FieldProblem, type Problems } from './validation';

/** Building blocks shared by the resident screens. */

export function useLanguage(): Language {
  return languageOf(useResident((s) => s.language));
}

/** Money, numbers and times for the chosen language. */
export function useFormat() {
  const language = useLanguage();
  const timeZone = useCityTimeZone();
  return {
    language,
    money: (cents: number) => formatMoney(cents, language.locale),
    number: (value: number) => formatNumber(value, language.locale),
    time: (iso: string) => new Intl.DateTimeFormat(language.locale, { hour: 'numeric', minute: '2-digit', timeZone }).format(new Date(iso)),
  };
}

/**
 * The screen's title (and main prompt): focused when the screen appears, so a screen reader starts here and the next
 * Tab reaches the screen's first control. `data-speak` marks what "Read aloud" reads.
 */
export function ScreenHeading(props: { title: string; prompt?: ReactNode; testId?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  // Before the screen is painted, so a key pressed as soon as it shows already starts from here.
  useLayoutEffect(() => {
    window.scrollTo({ top: 0 });
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <div className="r-heading">
      <h1 ref={ref} tabIndex={-1} data-speak data-testid={props.testId}>
        {props.title}
      </h1>
      {props.prompt && (
        <p className="r-prompt" data-speak>
          {props.prompt}
        </p>
      )}
    </div>
  );
}

export function Notice(props: { children: ReactNode; tone?: 'info' | 'error'; testId?: string }) {
  return (
    <p className={`r-notice ${props.tone === 'error' ? 'r-notice-error' : ''}`} role={props.tone === 'error' ? 'alert' : 'status'} data-speak data-testid={props.testId}>
      {props.children}
    </p>
  );
}

/**
 * A resident screen's frame: its section, its title (and prompt), what it shows, then its buttons. `tone` centres a
 * confirmation ('done') or the ticket ('ticket').
 */
export function ScreenFrame(props: { screen: string; title: string; prompt?: ReactNode; testId: string; tone?: 'done' | 'ticket'; actions?: ReactNode; children?: ReactNode }) {
  return (
    <section className={props.tone ? `r-screen r-${props.tone}` : 'r-screen'} data-screen={props.screen}>
      <ScreenHeading title={props.title} prompt={props.prompt} testId={props.testId} />
      {props.children}
      {props.actions && <div className="r-actions">{props.actions}</div>}
    </section>
  );
}

/** A flow that needs the catalogue, on a kiosk that has never received one: say so and offer the way back. */
export function NoCatalogueScreen(props: { screen: string; title: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <ScreenFrame screen={props.screen} title={props.title} testId={props.testId} actions={<BackButton />}>
      <Notice testId="no-catalogue">{t('errors.noCatalogue')}</Notice>
    </ScreenFrame>
  );
}

export function ProblemText(props: { id: string; problem: FieldProblem | null | undefined }) {
  const { t } = useTranslation();
  if (!props.problem) return null;
  return (
    <p id={props.id} className="r-error">
      <span aria-hidden="true">⚠ </span>
      {t(props.problem.key, props.problem.values)}
    </p>
  );
}

type InputKind = 'text' | 'tel' | 'email' | 'date';

/** A labelled text box (or text area) with its hint and its error, both read with it by screen readers. */
export function TextField(props: {
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  problem?: FieldProblem | null;
  required?: boolean;
  multiline?: boolean;
  type?: InputKind;
  max?: string;
  maxLength?: number;
  inputMode?: 'text' | 'tel' | 'email' | 'numeric';
  name: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [props.hint ? hintId : null, props.problem ? errorId : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: props.name,
    value: props.value,
    required: props.required,
    'aria-invalid': props.problem ? true : undefined,
    'aria-describedby': describedBy,
    autoComplete: 'off',
    maxLength: props.maxLength,
    'data-field': props.name,
  } as const;
  return (
    <div className={`r-field ${props.problem ? 'r-field-invalid' : ''}`}>
      <label htmlFor={id}>
        {props.label}
        {!props.required && <span className="r-optional"> ({t('common.optional')})</span>}
      </label>
      {props.hint && (
        <p id={hintId} className="r-hint">
          {props.hint}
        </p>
      )}
      {props.multiline ? (
        <textarea {...common} rows={4} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input {...common} type={props.type ?? 'text'} max={props.max} inputMode={props.inputMode} onChange={(e) => props.onChange(e.target.value)} />
      )}
      <ProblemText id={errorId} problem={props.problem} />
    </div>
  );
}

/** One question answered by touching one of several large options (radio buttons inside their labels). */
export function ChoiceGroup<V extends string | number>(props: {
  legend: string;
  name: string;
  options: { value: V; label: ReactNode; lang?: string }[];
  value: V | null;
  onChange: (value: V) => void;
  problem?: FieldProblem | null;
  columns?: 'wide' | 'narrow';
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <fieldset className={`r-field r-choices ${props.problem ? 'r-field-invalid' : ''}`} aria-describedby={props.problem ? errorId : undefined}>
      <legend>{props.legend}</legend>
      <ProblemText id={errorId} problem={props.problem} />
      <div className={`r-choice-grid ${props.columns === 'narrow' ? 'r-choice-grid-narrow' : ''}`}>
        {props.options.map((option, index) => (
          <label key={String(option.value)} className={`r-choice ${props.value === option.value ? 'r-choice-selected' : ''}`}>
            <input
              type="radio"
              name={props.name}
              value={String(option.value)}
              checked={props.value === option.value}
              onChange={() => props.onChange(option.value)}
              data-field={index === 0 ? props.name : undefined}
              aria-invalid={props.problem && index === 0 ? true : undefined}
            />
            <span className="r-choice-label">{option.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Shown above a form whose answers need attention; announced at once. */
export function FormProblems(props: { show: boolean }) {
  const { t } = useTranslation();
  if (!props.show) return null;
  return (
    <p className="r-notice r-notice-error" role="alert">
      {t('errors.checkForm')}
    </p>
  );
}

/** Moves focus to the first field in error, once the error messages are on screen. */
export function focusFirstProblem(form: HTMLElement | null): void {
  window.setTimeout(() => {
    const target = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    target?.focus();
  }, 0);
}

export function BackButton() {
  const { t } = useTranslation();
  const go = useResident((s) => s.go);
  return (
    <button type="button" className="r-btn r-back" onClick={() => go({ name: 'home' })}>
      <Icon name="back" className="r-back-arrow" />
      {t('common.back')}
    </button>
  );
}

export function DoneButton(props: { onClick?: () => void }) {
  const { t } = useTranslation();
  const go = useResident((s) => s.go);
  return (
    <button type="button" className="r-btn r-primary" onClick={props.onClick ?? (() => go({ name: 'home' }))} data-testid="done">
      {t('common.done')}
    </button>
  );
}

/** What a form screen is given: its form element, what sending does, and what to show around its fields. */
export interface FormWiring {
  ref: RefObject<HTMLFormElement | null>;
  onSubmit: (event: FormEvent) => void;
  busy: boolean;
  showProblems: boolean;
  failed: boolean;
}

/**
 * A form's send cycle: the answers are checked when the resident sends (and, from then on, as they correct them); with
 * a problem the first field in error gets the focus; else it saves, and a save that fails says so and may be sent again.
 */
export function useResidentForm<F extends string>(check: () => Problems<F>) {
  const ref = useRef<HTMLFormElement>(null);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  // Once the resident has tried to send, the messages follow their corrections.
  const problems: Problems<F> = tried ? check() : {};

  const send = async (save: (() => Promise<void>) | null, handled?: (error: unknown) => boolean) => {
    setTried(true);
    setFailed(false);
    if (hasProblems(check()) || !save) {
      focusFirstProblem(ref.current);
      return;
    }
    setBusy(true);
    try {
      await save();
    } catch (error) {
      if (!handled?.(error)) setFailed(true);
      setBusy(false);
    }
  };

  /**
   * The form's wiring. `save` runs once every answer is right (null while an answer it needs is missing); `handled`
   * takes the errors the screen shows in its own way (true), the others show as "not saved".
   */
  const wire = (save: (() => Promise<void>) | null, handled?: (error: unknown) => boolean): FormWiring => ({
    ref,
    busy,
    failed,
    showProblems: tried && hasProblems(problems),
    onSubmit: (event) => {
      event.preventDefault();
      void send(save, handled);
    },
  });
  return { problems, wire };
}

/** A form screen: the title, the form's problems at the top, its fields, "not saved" if so, then Back and Send. */
export function FormScreen(props: { screen: string; title: string; prompt?: ReactNode; testId: string; form: FormWiring; submitLabel?: string; submitTestId: string; children: ReactNode }) {
  const { t } = useTranslation();
  const { form } = props;
  return (
    <ScreenFrame screen={props.screen} title={props.title} prompt={props.prompt} testId={props.testId}>
      <form ref={form.ref} className="r-form" noValidate autoComplete="off" onSubmit={form.onSubmit}>
        <FormProblems show={form.showProblems} />
        {props.children}
        {form.failed && <Notice tone="error">{t('errors.notSaved')}</Notice>}
        <div className="r-actions">
          <BackButton />
          <button type="submit" className="r-btn r-primary" disabled={form.busy} data-testid={props.submitTestId}>
            {props.submitLabel ?? t('common.submit')}
          </button>
        </div>
      </form>
    </ScreenFrame>
  );
}

/** The buttons that end a flow with a paper copy: "Print" (sends the page `print` makes to the van's printer, waiting meanwhile) and "Done". */
export function PrintAndDone(props: { print: () => Promise<void>; testId: string }) {
  const { t } = useTranslation();
  const [printing, setPrinting] = useState(false);
  const print = async () => {
    setPrinting(true);
    try {
      await props.print();
    } finally {
      setPrinting(false);
    }
  };
  return (
    <>
      <button type="button" className="r-btn" onClick={() => void print()} disabled={printing} data-testid={props.testId}>
        <Icon name="printer" />
        {t('common.print')}
      </button>
      <DoneButton />
    </>
  );
}

/** A reference number shown large: the only thing of theirs the resident sees once a flow is finished. */
export function Reference(props: { label: string; value: string; testId: string }) {
  return (
    <div className="r-reference">
      <p className="r-reference-label" data-speak>
        {props.label}
      </p>
      <p className="r-reference-value" data-testid={props.testId} data-speak dir="ltr">
        {props.value}
      </p>
    </div>
  );
}
