import { readFileSync } from 'node:fs';
import test from 'ava';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { BrokenCause, CauseDiff, FixedCause, StillCause, UntestedCause } from '../../src/report/diff.js';
import { diffResults } from '../../src/report/diff.js';
import { renderDiffJson } from '../../src/report/diff-json.js';
import { chain, richPair, run } from './diff-fixtures.js';

// ajv is CommonJS: under NodeNext its default export arrives as the module object.
const Ajv2020 = (Ajv2020Module as unknown as { default: typeof Ajv2020Module.default }).default ?? Ajv2020Module;
const schema = JSON.parse(readFileSync(new URL('../../../src/report/diff.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true }).compile(schema);
const errors = (value: unknown) => (validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

const FIXTURES: [string, () => CauseDiff][] = [
  ['every list filled', () => diffResults(...richPair())],
  ['nothing changed', () => diffResults(run(3), run(3))],
  ['200 hosts', () => diffResults(chain(200), chain(200, 101))],
];

for (const [name, make] of FIXTURES) {
  test(`the JSON diff (${name}) validates against diff.schema.json`, (t) => {
    t.deepEqual(errors(JSON.parse(renderDiffJson(make()))), []);
  });
}

test('the JSON diff is the documented object: schemaVersion 1, kind diff, both runs and the lists', (t) => {
  const json = JSON.parse(renderDiffJson(diffResults(...richPair())));
  t.like(json, { schemaVersion: 1, kind: 'diff', old: { startedAt: '2026-11-26T10:00:00.000Z', hosts: 5 }, new: { startedAt: '2026-11-26T11:00:00.000Z', hosts: 6 }, hosts: { added: ['n6'], removed: [] } });
  t.deepEqual([json.fixed.length, json.broken.length, json.still.length, json.untested.length], [1, 2, 1, 1]);
});

test('a diff that does not follow the contract does not validate', (t) => {
  const spoilers: ((d: Record<string, unknown>) => void)[] = [
    (d) => { d.kind = 'result'; },
    (d) => { delete d.still; },
    (d) => { (d.fixed as Record<string, unknown>[])[0].kind = 'no-such-kind'; },
    (d) => { (d.still as Record<string, unknown>[])[0].was = []; },
    (d) => { (d.broken as Record<string, unknown>[])[0].status = 'pass'; },
    (d) => { d.extra = true; },
  ];
  for (const spoil of spoilers) {
    const d = JSON.parse(renderDiffJson(diffResults(...richPair())));
    spoil(d);
    t.not(errors(d).length, 0, spoil.toString());
  }
});

// Typed by the diff's interfaces: a field added in src/report/diff.ts breaks the build until these
// lists, and then this test until the schema, follow.
const TOP: Record<keyof CauseDiff, true> = { schemaVersion: true, kind: true, old: true, new: true, hosts: true, fixed: true, broken: true, still: true, untested: true };
const REF = { id: true, kind: true, summary: true, hosts: true, ports: true } as const;
const FIXED: Record<keyof FixedCause, true> = { ...REF, probes: true, findings: true };
const BROKEN: Record<keyof BrokenCause, true> = { ...REF, status: true, remediation: true, explains: true, before: true };
const STILL: Record<keyof StillCause, true> = { ...REF, status: true, remediation: true, was: true, explains: true, nowPass: true, noLongerTested: true, newlyFailing: true, nowSeenFailing: true, fixedPorts: true, fixedPeers: true, partlyFixed: true, change: true };
const UNTESTED: Record<keyof UntestedCause, true> = { ...REF, explained: true, nowPass: true, untested: true, gone: true, heldBy: true };

test('the diff schema describes every field of the diff, no more and no fewer, each required', (t) => {
  const keys = (o: object) => Object.keys(o).sort();
  t.deepEqual(keys(schema.properties), keys(TOP));
  for (const [def, want] of [['fixed', FIXED], ['broken', BROKEN], ['still', STILL], ['untested', UNTESTED]] as const) {
    t.deepEqual(keys(schema.$defs[def].properties), keys(want), def);
    t.deepEqual([...schema.$defs[def].required].sort(), keys(want), `${def}: all required`);
  }
  const result = JSON.parse(readFileSync(new URL('../../../src/report/result.schema.json', import.meta.url), 'utf8'));
  t.deepEqual(schema.$defs.causeKind, result.$defs.causeKind, 'the same cause kinds as a result');
});
