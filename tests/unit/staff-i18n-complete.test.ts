import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  CLOSE_OUT_PROBLEM_CODES,
  FEE_PROBLEM_CODES,
  feeProblemMessage,
  checkCloseOut,
  denominations,
  FIELD_PROBLEM_CODES,
  fieldProblemMessage,
  cardBrands,
  certificateTypes,
  computeDayKpis,
  eventTypes,
  formatMoney,
  reconcileCash,
  paymentSchema,
  SETTINGS_PROBLEM_CODES,
  settingsMessages,
  staffRoles,
  type CloseOutProblem,
  type FieldProblem,
  type FeeProblem,
  type FieldProblemCode,
} from '../../shared';
import { SYNC_OUTCOMES } from '../../renderer/src/db/db';
import { codeText, staffText } from '../../renderer/src/error-text';
import { feeProblemText, fieldProblemText } from '../../renderer/src/forms/field-problem-text';
import { createI18n, LANGUAGES } from '../../renderer/src/i18n';
import { messages } from '../../renderer/src/i18n/messages';
import en from '../../renderer/src/i18n/staff/en.json';
import { staffT } from '../../renderer/src/i18n/staff';
import { flatKeys, hardCodedText as hardCodedTextIn, missingKeys, parse, sourceFiles as sourceFilesBelow, usedKeys as usedKeysIn } from '../helpers/jsx-text';
import { closeOutProblemText } from '../../renderer/src/supervisor/closeout-form';
import { waitBucketLabel } from '../../renderer/src/supervisor/Dashboard';
import { denominationLabel } from '../../renderer/src/supervisor/report';

/**
 * Issue #16: the staff and supervisor windows take their words from the `staff` i18n namespace, so a language for staff
 * is a file, not a rewrite. These checks read the renderer's source with the TypeScript compiler: English left in a
 * component (a JSX text node, or a literal in an attribute a person reads or hears) fails, and so does a key that the
 * catalogue does not have.
 */

const ROOT = join(__dirname, '../../renderer/src');
/** The resident touchscreen has its own catalogues (tests/unit/i18n-messages.test.ts); i18n/ is the machinery itself. */
const OUTSIDE = ['resident', 'i18n'];

const sourceFiles = (dir: string, ext: RegExp) => sourceFilesBelow(dir, ext, OUTSIDE);
const hardCodedText = (source: ts.SourceFile) => hardCodedTextIn(source, ROOT);
const usedKeys = (source: ts.SourceFile) => usedKeysIn(source, ROOT, ['t', 'staffT']);

describe('staff window text comes from the staff i18n namespace', () => {
  const components = sourceFiles(ROOT, /\.tsx$/);

  it('finds the staff and supervisor components', () => {
    const names = components.map((f) => relative(ROOT, f));
    expect(names).toEqual(expect.arrayContaining(['StaffShell.tsx', 'supervisor/CloseOut.tsx', 'supervisor/Settings.tsx', 'staff/StaffConsole.tsx', 'components/PinCheck.tsx']));
    expect(names.some((n) => n.startsWith('resident/'))).toBe(false);
  });

  it('leaves no English in JSX text or in read attributes', () => {
    expect(components.flatMap((f) => hardCodedText(parse(f)))).toEqual([]);
  });

  it('flags what it is meant to flag, and lets symbols and translated text through', () => {
    const sample = parse(
      'sample.tsx',
      `const a = <p>Close the day</p>;
       const b = <button aria-label="Sync status">{t('x')}</button>;
       const c = <input placeholder={'Name'} title={\`\${n} left\`} />;
       const d = <p>{'Loading…'} $ {formatMoney(1)} · — / 0</p>;
       const e = <input placeholder="0" aria-label={t('y')} />;`,
    );
    expect(hardCodedText(sample).map((s) => s.replace(/^.*?: /, ''))).toEqual(['Close the day', 'aria-label=Sync status', 'placeholder=Name', 'title= left', 'Loading…']);
  });

  it('uses only keys that en.json has (a plural key by its _one/_other pair)', () => {
    const keys = flatKeys(en as Record<string, unknown>);
    const files = sourceFiles(ROOT, /\.tsx?$/).filter((f) => /i18n\/staff/.test(readFileSync(f, 'utf8')));
    const used = files.flatMap((f) => usedKeys(parse(f)));
    expect(used.length).toBeGreaterThan(100);
    expect(missingKeys(used, keys)).toEqual([]);
  });

  it('has a label for every denomination the drawer is counted in (read by a computed key)', () => {
    const keys = flatKeys(en as Record<string, unknown>);
    expect(denominations.filter((d) => !keys.has(`closeOut.denominations.${d}`))).toEqual([]);
    expect(denominationLabel('100')).toBe('$1 bills and $1 coins');
  });
});

/** Where a DomainError or a said() is made: the code, the English message as written, and the staff key(s) it names. */
interface Thrown {
  where: string;
  code: string;
  /** The staff keys the error can name (two for `cond ? 'a' : 'b'`), each with the English it must say, if known. */
  keys: { key: string; english: string | null; context: boolean }[];
}

/** The strings an expression can be: a literal, or both sides of a conditional; null for anything else. */
function literals(node: ts.Expression): string[] | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isConditionalExpression(node)) {
    const [a, b] = [literals(node.whenTrue), literals(node.whenFalse)];
    return a && b ? [...a, ...b] : null;
  }
  if (ts.isParenthesizedExpression(node)) return literals(node.expression);
  return null;
}

/** A template message in the catalogue's terms: each `${x}` becomes `{{name}}` where params has `name: x`; null if one has no param. */
function templateAsMessage(node: ts.TemplateExpression, params: Map<string, string>, source: ts.SourceFile): string | null {
  let text = node.head.text;
  for (const span of node.templateSpans) {
    const name = params.get(span.expression.getText(source));
    if (!name) return null;
    text += `{{${name}}}${span.literal.text}`;
  }
  return text;
}

export function domainErrorsThrown(source: ts.SourceFile): Thrown[] {
  const found: Thrown[] = [];
  const visit = (node: ts.Node) => {
    // said(key, message, params): the sync engine's statuses and errors, in both forms.
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'said' && node.arguments.length >= 2) {
      const [keyArg, messageArg, paramsArg] = node.arguments;
      const where = `${relative(ROOT, source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
      const params = new Map<string, string>();
      if (paramsArg && ts.isObjectLiteralExpression(paramsArg)) {
        for (const p of paramsArg.properties) {
          if (ts.isPropertyAssignment(p)) params.set(p.initializer.getText(source), p.name.getText(source));
          else if (ts.isShorthandPropertyAssignment(p)) params.set(p.name.text, p.name.text);
        }
      }
      const key = keyArg && (ts.isStringLiteral(keyArg) || ts.isNoSubstitutionTemplateLiteral(keyArg)) ? keyArg.text : '?';
      const english = messageArg ? (ts.isTemplateExpression(messageArg) ? templateAsMessage(messageArg, params, source) : (literals(messageArg)?.[0] ?? null)) : null;
      found.push({ where, code: key.replace(/^.*\./, ''), keys: [{ key, english, context: false }] });
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'DomainError') {
      const [codeArg, messageArg, optionsArg] = node.arguments ?? [];
      const where = `${relative(ROOT, source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
      const code = codeArg && ts.isStringLiteral(codeArg) ? codeArg.text : '?';
      const options = optionsArg && ts.isObjectLiteralExpression(optionsArg) ? optionsArg : null;
      const property = (name: string) => options?.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(source) === name) ?? null;
      const keyNode = property('key')?.initializer;
      const paramsNode = property('params')?.initializer;
      const params = new Map<string, string>();
      if (paramsNode && ts.isObjectLiteralExpression(paramsNode)) {
        for (const p of paramsNode.properties) {
          if (ts.isPropertyAssignment(p)) params.set(p.initializer.getText(source), p.name.getText(source));
          else if (ts.isShorthandPropertyAssignment(p)) params.set(p.name.text, p.name.text);
        }
      }
      const context = [...params.values()].includes('context');
      const keys = keyNode ? literals(keyNode) : [`errors.${code}`];
      const messages = messageArg ? (ts.isTemplateExpression(messageArg) ? [templateAsMessage(messageArg, params, source)] : literals(messageArg)) : null;
      found.push({
        where,
        code,
        keys: (keys ?? ['?']).map((key, i) => ({ key, english: context || !messages ? null : (messages[messages.length === 1 ? 0 : i] ?? null), context })),
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The members of a string-literal union type declared in a file (`export type TicketStatus = 'waiting' | …`). */
function unionMembers(file: string, name: string): string[] {
  let members: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isTypeAliasDeclaration(node) && node.name.text === name && ts.isUnionTypeNode(node.type)) {
      members = node.type.types.flatMap((t) => (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? [t.literal.text] : []));
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(file));
  return members;
}

/**
 * Where a component puts an error's or the sync status's own text on screen: `error.message`, `e.message`,
 * `status.message`, `engine.message`…, also as a t() call's value ("Not saved: {{reason}}"). That text is English for
 * logs; the screen shows staffErrorText (or a key chosen by the code).
 */
export function rawMessages(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'message') {
      const owner = node.expression.getText(source);
      const onlyTested = ts.isConditionalExpression(node.parent) && node.parent.condition === node;
      if (/(^|\.)(e|err|error|status|engine|entry)$/.test(owner) && !onlyTested) {
        found.push(`${relative(ROOT, source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}: ${node.getText(source)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('errors a clerk or supervisor reads come from the staff namespace too', () => {
  const keys = flatKeys(en as Record<string, unknown>);
  const catalogue = (key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], en);
  const thrown = sourceFiles(ROOT, /\.tsx?$/).flatMap((f) => domainErrorsThrown(parse(f)));
  /** A context key is one message per value of what picks it. */
  const contexts: Record<string, string[]> = {
    'errors.ticket_already': unionMembers(join(ROOT, 'db/db.ts'), 'TicketStatus'),
    // A pending order is the one that passes.
    'errors.order_already': ['paid', 'cancelled'],
  };

  it('finds every DomainError the actions throw and every status the sync engine says', () => {
    expect(thrown.length).toBeGreaterThan(70);
    expect(thrown.filter((t) => t.where.startsWith('sync/')).length).toBeGreaterThanOrEqual(15);
    expect(thrown.filter((t) => t.code === '?' || t.keys.some((k) => k.key === '?'))).toEqual([]);
    expect(contexts['errors.ticket_already']).toEqual(['waiting', 'called', 'served', 'no_show', 'cancelled']);
  });

  it('has a staff message for each of them', () => {
    const missing = thrown.flatMap(({ where, keys: named }) =>
      named.flatMap(({ key, context }) => {
        const wanted = context ? (contexts[key] ?? ['(no list of contexts for this key)']).map((c) => `${key}_${c}`) : [key];
        return wanted.filter((k) => !keys.has(k)).map((k) => `${where}: ${k}`);
      }),
    );
    expect(missing).toEqual([]);
  });

  it('says in English what the error’s message says (so the words on screen stay the same)', () => {
    const differ = thrown.flatMap(({ where, keys: named }) => named.filter((k) => k.english !== null && catalogue(k.key) !== k.english).map((k) => `${where}: ${k.key}: "${String(catalogue(k.key))}" ≠ "${k.english}"`));
    expect(differ).toEqual([]);
    expect(thrown.filter((t) => t.keys.every((k) => k.english === null)).length).toBeLessThan(5);
  });

  it('never puts an error’s or the sync status’s own message on screen', () => {
    // Why IndexedDB or the boot failed, for a technician: the browser's own words, under a translated headline or in
    // t('recovery.reason') / t('recovery.failed'); no kiosk rule made them, and no language may have loaded yet.
    const allowed = ['main.tsx: error.message', 'screens/StorageRecovery.tsx: props.error.message', 'screens/StorageRecovery.tsx: error.message'];
    // The sync bar's and the sync panel's words are made in status-model.ts, not in a component.
    const screens = [...sourceFiles(ROOT, /\.tsx$/), join(ROOT, 'sync/status-model.ts')];
    expect(screens.flatMap((f) => rawMessages(parse(f))).filter((s) => !allowed.includes(s.replace(/:\d+:/, ':')))).toEqual([]);
  });

  it('has words for every enrolment refusal: the kiosk’s own codes and the office’s', () => {
    const kiosk = [
      ...[...readFileSync(join(ROOT, 'sync/enrol.ts'), 'utf8').matchAll(/new EnrolError\('(\w+)'/g)].map((m) => m[1]!),
      ...[...readFileSync(join(ROOT, '../../electron/main/device.ts'), 'utf8').matchAll(/ok: false, code: '(\w+)'/g)].map((m) => m[1]!),
    ];
    const office = ['malformed_code', 'unknown_device', 'code_for_other_device', 'code_for_new_device', 'device_revoked', 'code_used', 'code_expired', 'unknown_code'];
    const devices = readFileSync(join(ROOT, '../../server/routes/devices.ts'), 'utf8');
    expect(office.filter((code) => !devices.includes(`'${code}'`))).toEqual([]);
    expect(kiosk).toEqual(expect.arrayContaining(['bad_url', 'unreachable', 'failed', 'bad_answer']));
    // 'failed' (an answer with no code of its own) reads enrol.failed, the screen's default.
    expect([...new Set([...kiosk, ...office])].filter((code) => code !== 'failed' && !keys.has(`enrol.errors.${code}`))).toEqual([]);
  });

  it('flags what it is meant to flag', () => {
    const sample = parse(
      'sample.tsx',
      `setProblem(error instanceof DomainError ? error.message : String(error));
       const a = <p>{status.message}</p>;
       const b = <p>{sync.engine.message}</p>;
       setMessage(t('x.failed', { reason: e.message }));
       setMessage(staffErrorText(t, error));
       const c = <p>{t(error.key)}</p>;
       const d = <td>{entry.message ? t('x.earlier') : null}</td>;
       const e = <td>{entry.message}</td>;`,
    );
    expect(rawMessages(sample).map((s) => s.replace(/^.*?: /, ''))).toEqual(['error.message', 'status.message', 'sync.engine.message', 'e.message', 'entry.message']);
    const thrownHere = domainErrorsThrown(
      parse(
        'sample.ts',
        `throw new DomainError('no_stop', 'Open one.');
         throw new DomainError('ticket_state', \`Ticket \${t.number} is odd.\`, { key: 'errors.odd', params: { number: t.number } });
         throw new DomainError('x', a ? 'A.' : 'B.', { key: a ? 'errors.a' : 'errors.b' });
         const s = said('errors.sync.no_event', \`No event with seq \${seq}.\`, { seq });`,
      ),
    );
    expect(thrownHere.map((t) => t.keys)).toEqual([
      [{ key: 'errors.no_stop', english: 'Open one.', context: false }],
      [{ key: 'errors.odd', english: 'Ticket {{number}} is odd.', context: false }],
      [
        { key: 'errors.a', english: 'A.', context: false },
        { key: 'errors.b', english: 'B.', context: false },
      ],
      [{ key: 'errors.sync.no_event', english: 'No event with seq {{seq}}.', context: false }],
    ]);
  });
});

/**
 * Refusals made in shared/ (a service form's answers, the close-out sign-off, the kiosk settings) reach the screen as
 * codes: each code shared/ lists must have words in the staff catalogue and, for form fields, in every resident
 * language, or the person would read a key (or English) instead.
 */
describe('refusals made in shared/ have words in the catalogues', () => {
  /** Problems of every code: a Record, so a new code without one does not compile; a range in each of its wordings. */
  const samples: Record<FieldProblemCode, FieldProblem[]> = {
    'field.required': [{ code: 'field.required' }],
    'field.tickRequired': [{ code: 'field.tickRequired' }],
    'field.cardNumber': [{ code: 'field.cardNumber' }],
    'field.controlCharacters': [{ code: 'field.controlCharacters' }],
    'field.pattern': [{ code: 'field.pattern' }],
    'field.badPattern': [{ code: 'field.badPattern' }],
    'field.address': [{ code: 'field.address' }],
    'field.wholeNumber': [{ code: 'field.wholeNumber' }],
    'field.number': [{ code: 'field.number' }],
    'field.date': [{ code: 'field.date' }],
    'field.impossibleDate': [{ code: 'field.impossibleDate' }],
    'field.select': [{ code: 'field.select' }],
    'field.wrongKind': [{ code: 'field.wrongKind' }],
    'field.money.empty': [{ code: 'field.money.empty' }],
    'field.money.not_a_number': [{ code: 'field.money.not_a_number' }],
    'field.money.negative': [{ code: 'field.money.negative' }],
    'field.money.too_many_decimals': [{ code: 'field.money.too_many_decimals' }],
    'field.money.too_large': [{ code: 'field.money.too_large' }],
    'field.tooLong': [{ code: 'field.tooLong', max: 10, length: 11 }],
    'field.range': (['number', 'amount'] as const).flatMap((kind) => [
      { code: 'field.range', kind, min: 1, max: 20 },
      { code: 'field.range', kind, min: 1 },
      { code: 'field.range', kind, max: 20 },
    ]),
  };
  const problems = FIELD_PROBLEM_CODES.flatMap((code) => samples[code] ?? []);
  /** The catalogue keys fieldProblemText reads for a problem. */
  const keysRead = (problem: FieldProblem) => {
    const keys: string[] = [];
    fieldProblemText((key) => (keys.push(key), key), problem, String);
    return keys;
  };

  it('has a sample of every field code shared/ lists', () => {
    expect(FIELD_PROBLEM_CODES.length).toBeGreaterThanOrEqual(20);
    expect(FIELD_PROBLEM_CODES.filter((code) => !samples[code]?.length)).toEqual([]);
    // Each code reads a key of its own; a range one of six (a number or an amount; between, at least or at most).
    expect(new Set(problems.flatMap(keysRead)).size).toBe(FIELD_PROBLEM_CODES.length - 1 + 6);
  });

  it('staff: a key for every field code, saying in English what shared/ says', () => {
    const keys = flatKeys(en as Record<string, unknown>);
    expect(problems.flatMap(keysRead).filter((key) => !keys.has(key))).toEqual([]);
    const differ = problems.filter((p) => fieldProblemText(staffT, p, (cents) => formatMoney(cents)) !== fieldProblemMessage(p));
    expect(differ).toEqual([]);
  });

  it.each(LANGUAGES.map((l) => [l.code] as const))('resident %s: a key for every field code', (code) => {
    const keys = flatKeys(messages[code]);
    expect(problems.flatMap(keysRead).filter((key) => !keys.has(key))).toEqual([]);
  });

  it('resident English says what shared/ says; a catalogue’s own pattern message is shown as the city wrote it', () => {
    const t = createI18n('en').t;
    expect(problems.filter((p) => fieldProblemText(t, p, (cents) => formatMoney(cents)) !== fieldProblemMessage(p))).toEqual([]);
    const city: FieldProblem = { code: 'field.pattern', cityMessage: 'Enter the ticket number as printed.' };
    expect(fieldProblemText(createI18n('es').t, city, String)).toBe('Enter the ticket number as printed.');
    expect(fieldProblemText(createI18n('es').t, { code: 'field.range', kind: 'amount', min: 100 }, (c) => `US$${c / 100}`)).toBe('Escriba un importe de al menos US$1.');
  });

  it('close-out: words for every sign-off refusal, in the English checkCloseOut says', () => {
    const rec = (counted: number) => reconcileCash({ openingFloatCents: 10_000, transactions: [], countedCashCents: counted });
    const found: CloseOutProblem[] = [
      ...[rec(14_000), rec(9_900)].flatMap((r) => {
        const check = checkCloseOut({ reconciliation: r, reason: '', closedBy: 'mlopez', secondSignOffBy: 'MLopez' });
        return check.ok ? [] : check.problems;
      }),
      ...(() => {
        const check = checkCloseOut({ reconciliation: rec(14_000), reason: 'x', closedBy: 'mlopez', secondSignOffBy: null });
        return check.ok ? [] : check.problems;
      })(),
    ];
    expect([...new Set(found.map((p) => p.code))].sort()).toEqual([...CLOSE_OUT_PROBLEM_CODES].sort());
    expect(found.filter((p) => closeOutProblemText(p) !== p.message)).toEqual([]);
  });

  it('fees: words for every reason a fee is not known yet, in the English computeFee says (the unit is the catalogue’s)', () => {
    const fees: Record<FeeProblem['code'], FeeProblem> = {
      'fee.quantity': { code: 'fee.quantity', unitLabel: 'copies' },
      'fee.amount': { code: 'fee.amount' },
      'fee.tooMuch': { code: 'fee.tooMuch', maxCents: 100_000 },
      'fee.choice': { code: 'fee.choice' },
    };
    expect(Object.keys(fees).sort()).toEqual([...FEE_PROBLEM_CODES].sort());
    const differ = Object.values(fees).filter((p) => feeProblemText(staffT, p) !== feeProblemMessage(p));
    expect(differ).toEqual([]);
  });

  it('settings: words for every settings code, in the English the schema says', () => {
    const keys = flatKeys(en as Record<string, unknown>);
    expect(SETTINGS_PROBLEM_CODES.filter((code) => !keys.has(`errors.${code}`))).toEqual([]);
    const differ = Object.entries(settingsMessages).filter(([code, message]) => staffT(`errors.${code}`) !== message);
    expect(differ).toEqual([]);
  });
});

/**
 * Codes the supervisor's sync panel shows as words (the kind of a refused record, how a sync round ended): read by a
 * computed key, so the list comes from the code and a new event type or outcome without words fails here.
 */
describe('the sync panel names records and sync rounds in words', () => {
  const keys = flatKeys(en as Record<string, unknown>);

  it('has a name for every kind of record the kiosk makes', () => {
    expect(eventTypes.length).toBeGreaterThanOrEqual(26);
    expect(eventTypes.filter((type) => !keys.has(`recordKind.${type}`))).toEqual([]);
    expect(staffText(staffT, codeText('recordKind', 'TransactionRecorded'))).toBe('Sale');
  });

  it('has words for every way a sync round ends', () => {
    expect(SYNC_OUTCOMES).toEqual(expect.arrayContaining(['ok', 'offline', 'error', 'unauthorized', 'upgrade_required']));
    expect(SYNC_OUTCOMES.filter((outcome) => !keys.has(`syncControl.outcomes.${outcome}`))).toEqual([]);
  });

  it('names a kind or an outcome it has no words for (a newer kiosk’s record, an older log)', () => {
    expect(staffText(staffT, codeText('recordKind', 'ParkingPermitIssued'))).toBe('A kind of record this kiosk has no name for (ParkingPermitIssued)');
    expect(staffText(staffT, codeText('syncControl.outcomes', 'throttled'))).toBe('Other (throttled)');
    expect(staffText(staffT, codeText('errors.refused', undefined))).toBe('The office refused the record (code ?).');
  });
});

/** Closed lists of codes that reach the screen as values of a message (a person's role, the kind of certificate). */
describe('codes put into a message are words from the catalogue', () => {
  const keys = flatKeys(en as Record<string, unknown>);

  it.each([
    ['pin.roles', staffRoles],
    ['orders.certificateTypes', certificateTypes],
    ['payment.brands', cardBrands],
    ['payment.methods', paymentSchema.options.map((o) => o.shape.method.value)],
  ] as const)('%s: a word for each', (group, codes) => {
    expect(codes.length).toBeGreaterThan(1);
    expect(codes.filter((code) => !keys.has(`${group}.${code}`))).toEqual([]);
  });

  it('labels the dashboard’s wait buckets by their bounds, as shared/ labels them', () => {
    const buckets = computeDayKpis({ transactions: [], tickets: [], surveys: [], timeZone: 'America/New_York' }).waitDistribution;
    expect(buckets.length).toBeGreaterThan(2);
    expect(buckets.map((b) => waitBucketLabel(staffT, b))).toEqual(buckets.map((b) => b.label));
  });
});
