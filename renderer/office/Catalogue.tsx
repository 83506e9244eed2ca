import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  catalogueDraftSchema,
  fieldTypes,
  formatMoney,
  moneyFieldMessages,
  parseMoney,
  paymentMethods,
  serviceFee,
  validateForm,
  type CatalogueChange,
  type CatalogueDraft,
  type CatalogueService,
  type FeeRule,
  type FieldDefinition,
  type FieldInput,
} from '../../shared';
// The kiosk's own form controls (presentational, shared/ imports only): the preview is the form a clerk will see.
import { ServiceForm } from '../src/forms/ServiceForm';
import { LANGUAGES } from '../src/i18n/languages';
import { api, ApiError, errorText } from './api';
import type { SectionProps } from './App';
import { cityDateTime, languageName } from './format';
import { officeT, useOfficeT } from './i18n';
import { useLoad } from './useLoad';
import { useModal } from './useModal';

interface VersionInfo {
  version: number;
  publishedAt: string;
}
interface PublishedVersion extends VersionInfo {
  catalogue: CatalogueDraft;
}

type Path = (string | number)[];
type Issues = Map<string, string>;
const pathKey = (path: Path) => path.join('.');
const idOf = (path: Path) => `cat-${path.join('-')}`;

/** Problems in the draft by path ("services.3.feeRule.amounts.no"), from the same schema the API checks with. */
function draftIssues(draft: CatalogueDraft): Issues {
  const result = catalogueDraftSchema.safeParse(draft);
  const issues: Issues = new Map();
  if (!result.success) for (const issue of result.error.issues) if (!issues.has(pathKey(issue.path as Path))) issues.set(pathKey(issue.path as Path), issue.message);
  return issues;
}

/** The ways a fee is set, each named when it is shown (so the name follows the console's language). */
const FEE_KINDS: { kind: FeeRule['kind']; label: () => string }[] = [
  { kind: 'free', label: () => officeT('catalogue.feeKinds.free') },
  { kind: 'fixed', label: () => officeT('catalogue.feeKinds.fixed') },
  { kind: 'per_unit', label: () => officeT('catalogue.feeKinds.perUnit') },
  { kind: 'by_option', label: () => officeT('catalogue.feeKinds.byOption') },
  { kind: 'amount_entered', label: () => officeT('catalogue.feeKinds.amountEntered') },
];

export function Catalogue({ session }: SectionProps) {
  const versions = useLoad(() => api<{ versions: VersionInfo[] }>('GET', '/v1/office/catalogue/versions'), 'versions');
  const latestVersion = versions.data?.versions[0]?.version ?? null;
  const [base, setBase] = useState<PublishedVersion | null>(null);
  const [draft, setDraft] = useState<CatalogueDraft | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [serverIssues, setServerIssues] = useState<Issues>(new Map());
  const t = useOfficeT();

  useEffect(() => {
    if (latestVersion === null || base?.version === latestVersion) return;
    api<PublishedVersion>('GET', `/v1/office/catalogue/versions/${latestVersion}`).then((v) => {
      setBase(v);
      setDraft(structuredClone({ categories: v.catalogue.categories, services: v.catalogue.services }));
    }, (e: unknown) => setMessage(errorText(e)));
  }, [latestVersion]);

  const issues = useMemo(() => {
    const local = draft ? draftIssues(draft) : new Map<string, string>();
    for (const [k, v] of serverIssues) if (!local.has(k)) local.set(k, v);
    return local;
  }, [draft, serverIssues]);

  function edit(change: (d: CatalogueDraft) => void) {
    setDraft((d) => {
      if (!d) return d;
      const next = structuredClone(d);
      change(next);
      return next;
    });
    setServerIssues(new Map());
    setMessage(null);
  }

  async function publish() {
    if (!draft || !base) return;
    if (issues.size > 0) {
      setMessage(t('catalogue.publish.fixFirst', { count: issues.size }));
      document.getElementById(idOf([...issues.keys()][0]!.split('.')))?.focus();
      return;
    }
    try {
      const done = await api<{ version: number; changes: number }>('POST', '/v1/office/catalogue/versions', { baseVersion: base.version, draft });
      setMessage(t('catalogue.publish.done', { version: done.version, count: done.changes }));
      versions.reload();
    } catch (e) {
      if (e instanceof ApiError && e.issues) {
        // The API's paths start at the request body: { baseVersion, draft: { … } }.
        setServerIssues(new Map(e.issues.filter((i) => i.path[0] === 'draft').map((i) => [pathKey(i.path.slice(1)), i.message])));
      }
      setMessage(t('catalogue.publish.refused', { error: errorText(e) }));
    }
  }

  return (
    <>
      <p role="status" className="saved">
        {message}
      </p>
      {versions.error && <p role="alert">{versions.error}</p>}
      {draft && base && (
        <Editor draft={draft} edit={edit} say={setMessage} issues={issues} baseVersion={base.version} onPublish={publish} onDiscard={() => {
          setDraft(structuredClone({ categories: base.catalogue.categories, services: base.catalogue.services }));
          setServerIssues(new Map());
          setMessage(t('catalogue.draftReset', { version: base.version }));
        }} />
      )}
      {versions.data && <History versions={versions.data.versions} timeZone={session.cityTimeZone} />}
    </>
  );
}

function ErrorText({ path, issues }: { path: Path; issues: Issues }) {
  const message = issues.get(pathKey(path));
  return message ? (
    <p className="field-error" id={`${idOf(path)}-error`}>
      {message}
    </p>
  ) : null;
}

/** A labelled control with its error beside it; the control gets the id, aria-invalid and aria-describedby. */
function Field({ path, label, issues, children }: { path: Path; label: string; issues: Issues; children: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode }) {
  const id = idOf(path);
  const invalid = issues.has(pathKey(path));
  return (
    <div className="edit-field">
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(invalid ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {}) })}
      <ErrorText path={path} issues={issues} />
    </div>
  );
}

/** Dollars typed as text, kept as integer cents; what cannot be read as an amount is said at once. */
function MoneyInput({ cents, onChange, ...props }: { cents: number; onChange: (cents: number) => void; id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) {
  const [text, setText] = useState(() => (cents / 100).toFixed(2));
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    const parsed = parseMoney(text);
    if (!parsed.ok || parsed.cents !== cents) setText((cents / 100).toFixed(2));
  }, [cents]);
  return (
    <>
      <span className="money">
        <span aria-hidden="true">$</span>
        <input
          {...props}
          {...(problem ? { 'aria-invalid': true, 'aria-describedby': `${props.id}-money` } : {})}
          inputMode="decimal"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            const parsed = parseMoney(e.target.value);
            setProblem(parsed.ok ? null : moneyFieldMessages[parsed.error]);
            if (parsed.ok) onChange(parsed.cents);
          }}
        />
      </span>
      {problem && (
        <p className="field-error" id={`${props.id}-money`}>
          {problem}
        </p>
      )}
    </>
  );
}

type Edit = (change: (d: CatalogueDraft) => void) => void;
/** What the editor is about to remove, and where the focus goes back to if it is kept. */
interface Removal {
  kind: 'service' | 'category';
  code: string;
  name: string;
  from: string;
}

/**
 * Why a category cannot leave the draft, or null if it can: the kiosks need a category for every service
 * (`category_has_services`) and at least one category (`last_category`). The API refuses the same draft on publish.
 */
function categoryRemovalProblem(draft: CatalogueDraft, code: string): { code: 'category_has_services' | 'last_category'; message: string } | null {
  const category = draft.categories.find((c) => c.code === code);
  const name = category?.name ?? code;
  const services = draft.services.filter((s) => s.categoryCode === code);
  if (services.length > 0) {
    const names = services.map((s) => s.name).join(', ');
    return { code: 'category_has_services', message: officeT('catalogue.removal.hasServices', { name, count: services.length, names }) };
  }
  if (draft.categories.length === 1) return { code: 'last_category', message: officeT('catalogue.removal.lastCategory', { name }) };
  return null;
}

function Editor(props: { draft: CatalogueDraft; edit: Edit; say: (message: string) => void; issues: Issues; baseVersion: number; onPublish: () => void; onDiscard: () => void }) {
  const { draft, edit, issues } = props;
  const [selected, setSelected] = useState(draft.services[0]?.code ?? '');
  const index = Math.max(0, draft.services.findIndex((s) => s.code === selected));
  const service = draft.services[index];
  const problemsIn = (prefix: string) => [...issues.keys()].filter((k) => k === prefix || k.startsWith(`${prefix}.`)).length;
  const [removing, setRemoving] = useState<Removal | null>(null);
  const t = useOfficeT();
  // After the dialog closes, the focus goes to the button that opened it (kept) or to what is there instead (removed).
  const focusAfter = useRef<string | null>(null);
  useEffect(() => {
    if (removing || !focusAfter.current) return;
    document.getElementById(focusAfter.current)?.focus();
    focusAfter.current = null;
  }, [removing]);

  function remove(removal: Removal) {
    const after = t('catalogue.removal.done', { name: removal.name });
    if (removal.kind === 'service') {
      const rest = draft.services.filter((s) => s.code !== removal.code);
      edit((d) => void (d.services = d.services.filter((s) => s.code !== removal.code)));
      setSelected(rest[Math.min(index, rest.length - 1)]?.code ?? '');
      focusAfter.current = rest.length > 0 ? 'service-pick' : 'add-service';
    } else {
      edit((d) => void (d.categories = d.categories.filter((c) => c.code !== removal.code)));
      focusAfter.current = 'add-category';
    }
    props.say(after);
    setRemoving(null);
  }

  function addService() {
    const code = `new-service-${draft.services.length + 1}`;
    edit((d) =>
      d.services.push({ code, categoryCode: d.categories[0]!.code, name: t('catalogue.draft.newService'), description: '', feeRule: { kind: 'fixed', amountCents: 1000 }, fields: [], paymentMethods: ['cash', 'check', 'card'], residentOrderable: false }),
    );
    setSelected(code);
  }

  return (
    <section aria-labelledby="draft-title">
      <h2 id="draft-title">{t('catalogue.draft.title', { version: props.baseVersion })}</h2>
      <p className="muted">{t('catalogue.draft.intro')}</p>
      <Categories draft={draft} edit={edit} issues={issues} onRemove={(c, from) => setRemoving({ kind: 'category', code: c.code, name: c.name, from })} />
      <div className="filters">
        <label htmlFor="service-pick">{t('catalogue.draft.servicePick')}</label>
        <select id="service-pick" value={service?.code ?? ''} onChange={(e) => setSelected(e.target.value)}>
          {draft.services.map((s, i) => (
            <option key={i} value={s.code}>
              {problemsIn(`services.${i}`) ? t('catalogue.draft.serviceToFix', { service: s.name, count: problemsIn(`services.${i}`) }) : s.name}
            </option>
          ))}
        </select>
        <button type="button" id="add-service" onClick={addService}>
          {t('catalogue.draft.addService')}
        </button>
        {service && (
          <button type="button" id="remove-service" onClick={() => setRemoving({ kind: 'service', code: service.code, name: service.name, from: 'remove-service' })}>
            {t('catalogue.draft.removeService', { service: service.name })}
          </button>
        )}
      </div>
      {removing && (
        <RemoveDialog
          removal={removing}
          baseVersion={props.baseVersion}
          onConfirm={() => remove(removing)}
          onCancel={() => {
            focusAfter.current = removing.from;
            setRemoving(null);
          }}
        />
      )}
      {service && (
        <div className="editor-grid">
          <ServiceEditor key={index} service={service} index={index} draft={draft} edit={edit} issues={issues} onCodeChange={setSelected} />
          <Preview service={service} />
        </div>
      )}
      <div className="actions publish-bar">
        <button type="button" className="primary" onClick={props.onPublish}>
          {t('catalogue.draft.publish')}
        </button>
        <button type="button" onClick={props.onDiscard}>
          {t('catalogue.draft.discard')}
        </button>
        <span className="muted">{issues.size === 0 ? t('catalogue.draft.noProblems') : t('catalogue.draft.problems', { count: issues.size })}</span>
      </div>
    </section>
  );
}

function RemoveDialog({ removal, baseVersion, onConfirm, onCancel }: { removal: Removal; baseVersion: number; onConfirm: () => void; onCancel: () => void }) {
  const dialog = useModal();
  // Once the dialog is open (the effect above), the focus goes to the choice that changes nothing.
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  const t = useOfficeT();
  return (
    <dialog ref={dialog} aria-labelledby="remove-title" aria-describedby="remove-detail" onCancel={onCancel}>
      <h2 id="remove-title">
        {removal.kind === 'service' ? t('catalogue.removeDialog.titleService', { name: removal.name }) : t('catalogue.removeDialog.titleCategory', { name: removal.name })}
      </h2>
      <p id="remove-detail">
        {t('catalogue.removeDialog.detail', { version: baseVersion })}
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={onConfirm}>
          {t('catalogue.removeDialog.confirm')}
        </button>
        <button type="button" ref={keep} onClick={onCancel}>
          {t('catalogue.removeDialog.keep')}
        </button>
      </div>
    </dialog>
  );
}

function Categories({ draft, edit, issues, onRemove }: { draft: CatalogueDraft; edit: Edit; issues: Issues; onRemove: (category: CatalogueDraft['categories'][number], from: string) => void }) {
  const [refused, setRefused] = useState<{ code: string; message: string } | null>(null);
  const t = useOfficeT();
  return (
    <details>
      <summary>{t('catalogue.categories.summary', { number: draft.categories.length })}</summary>
      <table>
        <caption>{t('catalogue.categories.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('catalogue.categories.columns.code')}</th>
            <th scope="col">{t('catalogue.categories.columns.name')}</th>
            <th scope="col">{t('catalogue.categories.columns.ticketLetter')}</th>
            <th scope="col">{t('catalogue.categories.columns.remove')}</th>
          </tr>
        </thead>
        <tbody>
          {draft.categories.map((c, i) => (
            <tr key={i}>
              <td>
                <label className="sr-only" htmlFor={idOf(['categories', i, 'code'])}>
                  {t('catalogue.categories.codeOf', { number: i + 1 })}
                </label>
                <input id={idOf(['categories', i, 'code'])} value={c.code} aria-invalid={issues.has(`categories.${i}.code`) || undefined} aria-describedby={issues.has(`categories.${i}.code`) ? `${idOf(['categories', i, 'code'])}-error` : undefined} onChange={(e) => edit((d) => void (d.categories[i]!.code = e.target.value))} />
                <ErrorText path={['categories', i, 'code']} issues={issues} />
              </td>
              <td>
                <label className="sr-only" htmlFor={idOf(['categories', i, 'name'])}>
                  {t('catalogue.categories.nameOf', { code: c.code })}
                </label>
                <input id={idOf(['categories', i, 'name'])} value={c.name} aria-invalid={issues.has(`categories.${i}.name`) || undefined} aria-describedby={issues.has(`categories.${i}.name`) ? `${idOf(['categories', i, 'name'])}-error` : undefined} onChange={(e) => edit((d) => void (d.categories[i]!.name = e.target.value))} />
                <ErrorText path={['categories', i, 'name']} issues={issues} />
              </td>
              <td>
                <label className="sr-only" htmlFor={idOf(['categories', i, 'ticketPrefix'])}>
                  {t('catalogue.categories.ticketLetterOf', { code: c.code })}
                </label>
                <input id={idOf(['categories', i, 'ticketPrefix'])} size={2} maxLength={1} value={c.ticketPrefix} aria-invalid={issues.has(`categories.${i}.ticketPrefix`) || undefined} aria-describedby={issues.has(`categories.${i}.ticketPrefix`) ? `${idOf(['categories', i, 'ticketPrefix'])}-error` : undefined} onChange={(e) => edit((d) => void (d.categories[i]!.ticketPrefix = e.target.value.toUpperCase()))} />
                <ErrorText path={['categories', i, 'ticketPrefix']} issues={issues} />
              </td>
              <td>
                <button
                  type="button"
                  id={`remove-category-${i}`}
                  aria-describedby={refused?.code === c.code ? `remove-category-${i}-error` : undefined}
                  onClick={() => {
                    const problem = categoryRemovalProblem(draft, c.code);
                    setRefused(problem ? { code: c.code, message: problem.message } : null);
                    if (!problem) onRemove(c, `remove-category-${i}`);
                  }}
                >
                  {t('catalogue.categories.remove', { category: c.name })}
                </button>
                {refused?.code === c.code && (
                  <p className="field-error" role="alert" id={`remove-category-${i}-error`}>
                    {refused.message}
                  </p>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" id="add-category" onClick={() => edit((d) => void d.categories.push({ code: `category-${d.categories.length + 1}`, name: t('catalogue.categories.newCategory'), ticketPrefix: 'Z' }))}>
        {t('catalogue.categories.add')}
      </button>
    </details>
  );
}

function ServiceEditor(props: { service: CatalogueService; index: number; draft: CatalogueDraft; edit: (change: (d: CatalogueDraft) => void) => void; issues: Issues; onCodeChange: (code: string) => void }) {
  const { service, index, draft, issues } = props;
  const at = (...rest: (string | number)[]): Path => ['services', index, ...rest];
  const change = (fn: (s: CatalogueService) => void) => props.edit((d) => fn(d.services[index]!));
  const fee = service.feeRule;
  const numberFields = service.fields.filter((f) => f.type === 'number');
  const moneyFields = service.fields.filter((f) => f.type === 'money');
  const choiceFields = service.fields.filter((f) => f.type === 'select');
  const t = useOfficeT();

  function setKind(kind: FeeRule['kind']) {
    change((s) => {
      if (kind === 'free') s.feeRule = { kind };
      if (kind === 'fixed') s.feeRule = { kind, amountCents: 0 };
      if (kind === 'per_unit') s.feeRule = { kind, unitCents: 0, unitLabel: t('catalogue.fee.defaultUnitLabel'), quantityField: numberFields[0]?.key ?? '' };
      if (kind === 'amount_entered') s.feeRule = { kind, amountField: moneyFields[0]?.key ?? '', maxCents: 100_000 };
      if (kind === 'by_option') {
        const choice = choiceFields[0];
        s.feeRule = { kind, field: choice?.key ?? '', amounts: Object.fromEntries((choice?.options ?? []).map((o) => [o.value, 0])) };
      }
    });
  }

  return (
    <fieldset className="service-editor">
      <legend>{service.name || t('catalogue.service.legend')}</legend>
      <Field path={at('name')} label={t('catalogue.service.name')} issues={issues}>
        {(p) => <input {...p} value={service.name} onChange={(e) => change((s) => void (s.name = e.target.value))} />}
      </Field>
      <Field path={at('code')} label={t('catalogue.service.code')} issues={issues}>
        {(p) => (
          <input
            {...p}
            value={service.code}
            onChange={(e) => {
              change((s) => void (s.code = e.target.value));
              props.onCodeChange(e.target.value);
            }}
          />
        )}
      </Field>
      <Field path={at('categoryCode')} label={t('catalogue.service.category')} issues={issues}>
        {(p) => (
          <select {...p} value={service.categoryCode} onChange={(e) => change((s) => void (s.categoryCode = e.target.value))}>
            {!draft.categories.some((c) => c.code === service.categoryCode) && <option value={service.categoryCode}>{t('catalogue.service.missingCategory', { code: service.categoryCode })}</option>}
            {draft.categories.map((c, i) => (
              <option key={i} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field path={at('description')} label={t('catalogue.service.description')} issues={issues}>
        {(p) => <textarea {...p} rows={2} value={service.description} onChange={(e) => change((s) => void (s.description = e.target.value))} />}
      </Field>

      <fieldset>
        <legend>{t('catalogue.fee.legend')}</legend>
        <Field path={at('feeRule', 'kind')} label={t('catalogue.fee.kind')} issues={issues}>
          {(p) => (
            <select {...p} value={fee.kind} onChange={(e) => setKind(e.target.value as FeeRule['kind'])}>
              {FEE_KINDS.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label()}
                </option>
              ))}
            </select>
          )}
        </Field>
        {fee.kind === 'fixed' && (
          <Field path={at('feeRule', 'amountCents')} label={t('catalogue.fee.amount')} issues={issues}>
            {(p) => <MoneyInput {...p} cents={fee.amountCents} onChange={(cents) => change((s) => void (s.feeRule = { kind: 'fixed', amountCents: cents }))} />}
          </Field>
        )}
        {fee.kind === 'per_unit' && (
          <>
            <Field path={at('feeRule', 'unitCents')} label={t('catalogue.fee.perUnit')} issues={issues}>
              {(p) => <MoneyInput {...p} cents={fee.unitCents} onChange={(cents) => change((s) => void (s.feeRule = { ...fee, unitCents: cents }))} />}
            </Field>
            <Field path={at('feeRule', 'unitLabel')} label={t('catalogue.fee.unitLabel')} issues={issues}>
              {(p) => <input {...p} value={fee.unitLabel} onChange={(e) => change((s) => void (s.feeRule = { ...fee, unitLabel: e.target.value }))} />}
            </Field>
            <Field path={at('feeRule', 'quantityField')} label={t('catalogue.fee.quantityField')} issues={issues}>
              {(p) => <FieldPicker {...p} value={fee.quantityField} fields={numberFields} onChange={(key) => change((s) => void (s.feeRule = { ...fee, quantityField: key }))} />}
            </Field>
          </>
        )}
        {fee.kind === 'amount_entered' && (
          <>
            <Field path={at('feeRule', 'amountField')} label={t('catalogue.fee.amountField')} issues={issues}>
              {(p) => <FieldPicker {...p} value={fee.amountField} fields={moneyFields} onChange={(key) => change((s) => void (s.feeRule = { ...fee, amountField: key }))} />}
            </Field>
            <Field path={at('feeRule', 'maxCents')} label={t('catalogue.fee.maxAmount')} issues={issues}>
              {(p) => <MoneyInput {...p} cents={fee.maxCents} onChange={(cents) => change((s) => void (s.feeRule = { ...fee, maxCents: cents }))} />}
            </Field>
          </>
        )}
        {fee.kind === 'by_option' && (
          <>
            <Field path={at('feeRule', 'field')} label={t('catalogue.fee.choiceField')} issues={issues}>
              {(p) => (
                <FieldPicker
                  {...p}
                  value={fee.field}
                  fields={choiceFields}
                  onChange={(key) => {
                    const options = choiceFields.find((f) => f.key === key)?.options ?? [];
                    change((s) => void (s.feeRule = { kind: 'by_option', field: key, amounts: Object.fromEntries(options.map((o) => [o.value, fee.amounts[o.value] ?? 0])) }));
                  }}
                />
              )}
            </Field>
            {(choiceFields.find((f) => f.key === fee.field)?.options ?? []).map((option) => (
              <Field key={option.value} path={at('feeRule', 'amounts', option.value)} label={t('catalogue.fee.forOption', { option: option.label })} issues={issues}>
                {(p) =>
                  fee.amounts[option.value] === undefined ? (
                    <button type="button" {...p} onClick={() => change((s) => void (s.feeRule = { ...fee, amounts: { ...fee.amounts, [option.value]: 0 } }))}>
                      {t('catalogue.fee.setForOption', { option: option.label })}
                    </button>
                  ) : (
                    <MoneyInput {...p} cents={fee.amounts[option.value]!} onChange={(cents) => change((s) => void (s.feeRule = { ...fee, amounts: { ...fee.amounts, [option.value]: cents } }))} />
                  )
                }
              </Field>
            ))}
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('catalogue.paymentMethods')}</legend>
        {paymentMethods.map((m) => (
          <label key={m} className="check">
            <input
              type="checkbox"
              checked={service.paymentMethods.includes(m)}
              onChange={(e) => change((s) => void (s.paymentMethods = e.target.checked ? paymentMethods.filter((x) => x === m || s.paymentMethods.includes(x)) : s.paymentMethods.filter((x) => x !== m)))}
            />{' '}
            {m}
          </label>
        ))}
        <ErrorText path={at('paymentMethods')} issues={issues} />
      </fieldset>

      <FieldsEditor service={service} at={at} change={change} issues={issues} />

      <fieldset>
        <legend>{t('catalogue.whatHappensNext.legend')}</legend>
        {LANGUAGES.map((language) => (
          <Field key={language.code} path={at('whatHappensNext', language.code)} label={
              language.code === 'en'
                ? t('catalogue.whatHappensNext.english', { language: languageName(language.code, language.name), code: language.code })
                : t('catalogue.whatHappensNext.otherLanguage', { language: languageName(language.code, language.name), code: language.code })
            } issues={issues}>
            {(p) => (
              <textarea
                {...p}
                rows={2}
                lang={language.code}
                dir={language.dir}
                value={service.whatHappensNext?.[language.code] ?? ''}
                onChange={(e) =>
                  change((s) => {
                    const texts = { ...(s.whatHappensNext ?? {}) };
                    if (e.target.value.trim() === '') delete texts[language.code];
                    else texts[language.code] = e.target.value;
                    if (Object.keys(texts).length === 0) delete s.whatHappensNext;
                    else s.whatHappensNext = texts;
                  })
                }
              />
            )}
          </Field>
        ))}
      </fieldset>
    </fieldset>
  );
}

function FieldPicker({ value, fields, onChange, ...p }: { value: string; fields: FieldDefinition[]; onChange: (key: string) => void; id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) {
  const t = useOfficeT();
  return (
    <select {...p} value={value} onChange={(e) => onChange(e.target.value)}>
      {!fields.some((f) => f.key === value) && <option value={value}>{value ? t('catalogue.fieldPicker.unsuitable', { key: value }) : t('catalogue.fieldPicker.choose')}</option>}
      {fields.map((f) => (
        <option key={f.key} value={f.key}>
          {f.label} ({f.key})
        </option>
      ))}
    </select>
  );
}

function FieldsEditor({ service, at, change, issues }: { service: CatalogueService; at: (...rest: (string | number)[]) => Path; change: (fn: (s: CatalogueService) => void) => void; issues: Issues }) {
  const field = (j: number, fn: (f: FieldDefinition) => void) => change((s) => fn(s.fields[j]!));
  const t = useOfficeT();
  return (
    <fieldset>
      <legend>{t('catalogue.fields.legend')}</legend>
      {service.fields.map((f, j) => (
        <fieldset key={j} className="form-field">
          <legend>{t('catalogue.fields.fieldLegend', { number: j + 1, label: f.label })}</legend>
          <Field path={at('fields', j, 'label')} label={t('catalogue.fields.label', { number: j + 1 })} issues={issues}>
            {(p) => <input {...p} value={f.label} onChange={(e) => field(j, (x) => void (x.label = e.target.value))} />}
          </Field>
          <Field path={at('fields', j, 'key')} label={t('catalogue.fields.key', { number: j + 1 })} issues={issues}>
            {(p) => <input {...p} value={f.key} onChange={(e) => field(j, (x) => void (x.key = e.target.value))} />}
          </Field>
          <Field path={at('fields', j, 'type')} label={t('catalogue.fields.type', { number: j + 1 })} issues={issues}>
            {(p) => (
              <select {...p} value={f.type} onChange={(e) => field(j, (x) => void (x.type = e.target.value as FieldDefinition['type']))}>
                {fieldTypes.map((type) => (
                  <option key={type} value={type}>
                    {type}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <label className="check">
            <input type="checkbox" checked={f.required} onChange={(e) => field(j, (x) => void (x.required = e.target.checked))} /> {t('catalogue.fields.required', { number: j + 1 })}
          </label>
          {f.type === 'select' && (
            <Field path={at('fields', j, 'options')} label={t('catalogue.fields.options', { number: j + 1 })} issues={issues}>
              {(p) => (
                <textarea
                  {...p}
                  rows={3}
                  defaultValue={(f.options ?? []).map((o) => `${o.value}=${o.label}`).join('\n')}
                  onBlur={(e) =>
                    field(j, (x) => {
                      x.options = e.target.value
                        .split('\n')
                        .map((line) => line.trim())
                        .filter(Boolean)
                        .map((line) => {
                          const [value, ...label] = line.split('=');
                          return { value: value!.trim(), label: (label.join('=') || value!).trim() };
                        });
                    })
                  }
                />
              )}
            </Field>
          )}
          <div className="actions">
            <button type="button" disabled={j === 0} onClick={() => change((s) => void s.fields.splice(j - 1, 0, ...s.fields.splice(j, 1)))}>
              {t('catalogue.fields.moveUp', { number: j + 1 })}
            </button>
            <button type="button" onClick={() => change((s) => void s.fields.splice(j, 1))}>
              {t('catalogue.fields.remove', { number: j + 1 })}
            </button>
          </div>
        </fieldset>
      ))}
      <ErrorText path={at('fields')} issues={issues} />
      <button type="button" onClick={() => change((s) => void s.fields.push({ key: `field${s.fields.length + 1}`, label: t('catalogue.fields.newField'), type: 'text', required: false }))}>
        {t('catalogue.fields.add')}
      </button>
    </fieldset>
  );
}

/** The kiosk's form for the draft service, filled in as a clerk would, with the fee it would charge. */
function Preview({ service }: { service: CatalogueService }) {
  const [inputs, setInputs] = useState<Record<string, FieldInput>>({});
  const [touched, setTouched] = useState(false);
  const checked = validateForm(service.fields, inputs);
  const fee = serviceFee(service, checked.values);
  const t = useOfficeT();
  return (
    <section className="preview" aria-labelledby="preview-title">
      <h3 id="preview-title">{t('catalogue.preview.title')}</h3>
      <p className="muted">{t('catalogue.preview.intro')}</p>
      <h4>{service.name}</h4>
      <p>{service.description}</p>
      <ServiceForm
        fields={service.fields}
        inputs={inputs}
        errors={touched ? checked.problems : {}}
        idPrefix="preview"
        onChange={(key, input) => {
          setTouched(true);
          setInputs((i) => ({ ...i, [key]: input }));
        }}
      />
      <p className="preview-fee" aria-live="polite">
        {t('catalogue.preview.fee', { fee: fee.ok ? formatMoney(fee.amountCents) : fee.message })}
      </p>
      {service.whatHappensNext?.en && (
        <p>
          <strong>{t('catalogue.preview.onReceipt')}</strong> {service.whatHappensNext.en}
        </p>
      )}
    </section>
  );
}

function History({ versions, timeZone }: { versions: VersionInfo[]; timeZone: string }) {
  const [diff, setDiff] = useState<{ from: number; to: number; changes: CatalogueChange[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const t = useOfficeT();
  useEffect(() => heading.current?.focus(), [diff]);

  async function compare(to: number) {
    setError(null);
    try {
      setDiff(await api('GET', `/v1/office/catalogue/diff?from=${to - 1}&to=${to}`));
    } catch (e) {
      setError(errorText(e));
    }
  }

  // Money in the catalogue is integer cents: a fee shows as dollars.
  const show = (where: string, value: unknown) =>
    value === undefined ? '—' : typeof value === 'number' && /Cents|amounts/.test(where) ? formatMoney(value) : typeof value === 'string' ? value : JSON.stringify(value);
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('catalogue.history.title')}</h2>
      <table>
        <caption>{t('catalogue.history.caption', { count: versions.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('catalogue.history.columns.version')}</th>
            <th scope="col">{t('catalogue.history.columns.published')}</th>
            <th scope="col">{t('catalogue.history.columns.changes')}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}>
              <th scope="row">{t('catalogue.history.version', { version: v.version })}</th>
              <td>{cityDateTime(v.publishedAt, timeZone)}</td>
              <td>
                {v.version > 1 && (
                  <button type="button" onClick={() => compare(v.version)}>
                    {t('catalogue.history.compare', { version: v.version, previous: v.version - 1 })}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && <p role="alert">{error}</p>}
      {diff && (
        <>
          <h3 ref={heading} tabIndex={-1}>
            {t('catalogue.history.diffTitle', { from: diff.from, to: diff.to })}
          </h3>
          {diff.changes.length === 0 ? (
            <p>{t('catalogue.history.noChange')}</p>
          ) : (
            <table>
              <caption>{t('catalogue.history.changes', { count: diff.changes.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('catalogue.history.diffColumns.where')}</th>
                  <th scope="col">{t('catalogue.history.diffColumns.change')}</th>
                  <th scope="col">{t('catalogue.history.diffColumns.before')}</th>
                  <th scope="col">{t('catalogue.history.diffColumns.after')}</th>
                </tr>
              </thead>
              <tbody>
                {diff.changes.map((c, i) => (
                  <tr key={i}>
                    <th scope="row">{c.where}</th>
                    <td>{c.kind}</td>
                    <td>
                      <code>{show(c.where, c.before)}</code>
                    </td>
                    <td>
                      <code>{show(c.where, c.after)}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
