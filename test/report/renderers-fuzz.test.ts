// Property tests of the renderers: a result that passes the JSON Schema (so ms is a number or null;
// hostile.test.ts has the ones that do not), whatever text its fields carry, renders in every format without throwing, with no control
// character in the terminal and Markdown output, well-formed JUnit XML, and HTML that holds only
// its own two script elements and no element from the data.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import Ajv2020Module from 'ajv/dist/2020.js';
import fc from 'fast-check';
import type { RunResult } from '../../src/model.js';
import { FORMATS } from '../../src/report/formats.js';
import { render } from '../../src/report/index.js';
import { mixedCauses } from './causes-fixtures.js';
import { CONTROL, withoutColours } from './hostile.js';
import { makeResult, recount, withFacts, withFindings } from './results.js';
import { parseXml } from './xml.js';

const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../../src/report/result.schema.json', import.meta.url)), 'utf8'));
// ajv is CommonJS: under NodeNext its default export arrives as the module object.
const Ajv2020 = (Ajv2020Module as unknown as { default: typeof Ajv2020Module.default }).default ?? Ajv2020Module;
const valid = new Ajv2020({ strict: false, allowUnionTypes: true }).compile(schema);

/** A small run (two hosts, a failure, findings, causes) to pour random texts into. */
function base(): RunResult {
  const r = withFindings(withFacts(makeResult(2, (from, to, protocol) => (to === 'n2' && protocol === 'udp' ? 'fail' : 'pass'))));
  // An entry of unsent probes, so its words are poured into too.
  r.untested = [{ host: 'n2', reason: 'unreachable', fromDetail: 'could not test from n2: refused', toDetail: 'could not test on n2: refused', probes: 3, notApplicable: 1, ports: ['7946/tcp', '7946/udp'] }];
  return mixedCauses(recount(r));
}

const VOCABULARY = new Set(['status', 'protocol', 'role', 'mode', 'kind', 'startedAt', 'schemaVersion', 'name', 'firewall', 'swarmState', 'errorKind']);

/** Every free-text field gets one of the random texts appended, in turn; ms gets any value. */
function poured(result: RunResult, texts: string[], ms: unknown): RunResult {
  let i = 0;
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') return VOCABULARY.has(key) ? v : `${v}${texts[i++ % texts.length]}`;
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  const out = walk(result, '') as RunResult;
  for (const p of out.probes) (p as { ms: unknown }).ms = ms;
  return out;
}

const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('<script>x</script>', '<img src=x onerror=y>', '\u001b]0;t\u0007', '\u009b2J', '|`*_[x](javascript:y)', ']]>', '&amp;', '$(id)'));
const result = fc.tuple(fc.array(text, { minLength: 1, maxLength: 8 }), fc.oneof(fc.constant(null), fc.double({ min: 0, noNaN: true }), fc.nat(), fc.double(), fc.string())).map(([texts, ms]) => poured(base(), texts, ms));

test('any result that passes the schema renders in every format, inert', (t) => {
  let rendered = 0;
  fc.assert(fc.property(result, (r) => {
    if (!valid(r)) return true;
    rendered += 1;
    for (const format of FORMATS) {
      const out = render(format, r, { color: true, matrix: true });
      if (format === 'table' && CONTROL.test(withoutColours(out))) throw new Error('control character in the terminal report');
      if (format === 'markdown' && CONTROL.test(out)) throw new Error('control character in the Markdown report');
      if (format === 'json' && CONTROL.test(out)) throw new Error('raw control character in the JSON report');
      if (format === 'junit') parseXml(out);
      if (format === 'html' && ((out.match(/<script/g) ?? []).length !== 2 || /<img|<svg|<iframe/i.test(out))) throw new Error('markup from the data in the HTML report');
    }
    return true;
  }), { numRuns: 1500 });
  t.log(`${rendered} of 1500 passed the schema and were rendered in every format`);
  t.true(rendered > 500, `${rendered} results passed the schema and were rendered`);
});
