import { readFileSync } from 'node:fs';
import test from 'ava';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { Cause, Finding, HostResult, ProbeResult, Protocol, Role, RunResult, Status, Summary, UntestedHost } from '../../src/model.js';
import { groupCauses } from '../../src/causes/group.js';
import { redact } from '../../src/report/redact.js';
import { renderJson } from '../../src/report/json.js';
import { type PackedResult, unpackResult } from '../../src/report/result-codec.js';
import { mixedCauses, unreachableCauses } from './causes-fixtures.js';
import { makeResult, mixedResult, recount, unreachableResult, unsentResult, withFacts, withFindings } from './results.js';
import { syntheticResult } from './synthetic.js';

// ajv is CommonJS: under NodeNext its default export arrives as the module object.
const Ajv2020 = (Ajv2020Module as unknown as { default: typeof Ajv2020Module.default }).default ?? Ajv2020Module;

// Tests run from dist/test/report; the schema is not compiled, so read it from the source tree.
const schema = JSON.parse(readFileSync(new URL('../../../src/report/result.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true }).compile(schema);

function errors(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Every optional field of the contract set at least once. */
function everyField(): RunResult {
  const result = withFindings(withFacts(unreachableResult(3)));
  result.probes[0].reason = 'connected';
  result.probes.push({ from: 'n1', to: 'n2', protocol: 'esp', port: 0, status: 'pass', detail: 'seen', ms: 0.4, reason: 'seen' });
  result.findings.push({ check: 'pair-check', from: 'n1', to: 'n2', status: 'pass', summary: 'ok' });
  result.hosts[0].facts = { ...result.hosts[0].facts, encryptedOverlays: ['secure'], dataPathPort: 4789, overlays: [{ name: 'secure', encrypted: true, subnets: ['10.0.1.0/24'] }] };
  return { ...recount(result), interrupted: true, deadlinePassed: false };
}

const FIXTURES: [string, () => RunResult][] = [
  ['all-pass', () => makeResult(3)],
  ['mixed', mixedResult],
  ['unreachable-host', () => unreachableResult(3)],
  ['20-host', () => withFacts(makeResult(20))],
  ['every-field', everyField],
  ['redacted', () => redact(everyField())],
  ['mixed with causes', () => mixedCauses(mixedResult())],
  ['unreachable-host with causes', () => unreachableCauses(unreachableResult(3))],
  ['50-host synthetic with causes', () => syntheticResult(50)],
  ['host out before probing, with causes', () => { const r = unsentResult(4); return { ...r, causes: groupCauses(r) }; }],
];

for (const [name, make] of FIXTURES) {
  test(`the ${name} result validates against the schema`, (t) => {
    t.deepEqual(errors(make()), []);
  });
}

test('the JSON report of a result with causes validates, in its compact form, and reads back with the causes as they were', (t) => {
  const result = syntheticResult(50);
  const parsed = JSON.parse(renderJson(result));
  t.deepEqual(errors(parsed), []);
  t.truthy(parsed.probeGroups);
  t.truthy(parsed.findingGroups);
  t.deepEqual(unpackResult(parsed).causes, result.causes);
  t.is(parsed.causes.length, 7);
});

test('a cause without its fix, or with a status of pass, does not validate', (t) => {
  const missing = mixedCauses(mixedResult());
  delete (missing.causes![0] as Partial<NonNullable<RunResult['causes']>[number]>).remediation;
  t.true(errors(missing).some((e) => e.startsWith("/causes/0 must have required property 'remediation'")));
  const pass = mixedCauses(mixedResult());
  (pass.causes![0] as { status: string }).status = 'pass';
  t.true(errors(pass).some((e) => e.startsWith('/causes/0/status must be equal to one of the allowed values')));
});

test('a result without its summary does not validate', (t) => {
  const result: Partial<RunResult> = makeResult(2);
  delete result.summary;
  t.deepEqual(errors(result), [" must have required property 'summary'"]);
});

test('a status outside the enum, such as "ok", does not validate on a probe or a finding', (t) => {
  const probe = makeResult(2);
  (probe.probes[0] as { status: string }).status = 'ok';
  t.true(errors(probe).some((e) => e.startsWith('/probes/0/status must be equal to one of the allowed values')));
  const finding = withFindings(makeResult(2));
  (finding.findings[0] as { status: string }).status = 'ok';
  t.true(errors(finding).some((e) => e.startsWith('/findings/0/status must be equal to one of the allowed values')));
  const warnProbe = makeResult(2);
  (warnProbe.probes[0] as { status: string }).status = 'warn';
  t.not(errors(warnProbe).length, 0);
});

test('the wrong schemaVersion, protocol, role or mode does not validate', (t) => {
  const cases: ((r: RunResult) => void)[] = [
    (r) => { (r as { schemaVersion: number }).schemaVersion = 2; },
    (r) => { (r.probes[0] as { protocol: string }).protocol = 'sctp'; },
    (r) => { (r.hosts[0] as { role: string }).role = 'leader'; },
    (r) => { (r as { mode: string }).mode = 'auto'; },
    (r) => { (r.hosts[0] as Partial<HostResult>).error = undefined; },
    (r) => { (r as unknown as Record<string, unknown>).extra = true; },
  ];
  for (const spoil of cases) {
    const result = makeResult(2);
    spoil(result);
    t.not(errors(JSON.parse(JSON.stringify(result))).length, 0, spoil.toString());
  }
});

// Typed by the model (and the JSON's compact form), so adding or renaming a field in src/model.ts breaks the build until the
// lists below, and then this test until the schema, follow.
const RUN_KEYS: Record<keyof PackedResult, true> = { probeGroups: true, findingGroups: true, schemaVersion: true, tool: true, startedAt: true, durationMs: true, phases: true, mode: true, options: true, hosts: true, probes: true, findings: true, causes: true, summary: true, interrupted: true, deadlinePassed: true, untested: true };
const UNTESTED_KEYS: Record<keyof UntestedHost, true> = { host: true, reason: true, fromDetail: true, toDetail: true, probes: true, notApplicable: true, ports: true };
const CAUSE_KEYS: Record<keyof Cause, true> = { id: true, kind: true, status: true, summary: true, remediation: true, hosts: true, ports: true, probes: true, findings: true, untested: true };
const HOST_KEYS: Record<keyof HostResult, true> = { id: true, address: true, role: true, reachable: true, error: true, errorKind: true, facts: true };
const PROBE_KEYS: Record<keyof ProbeResult, true> = { from: true, to: true, protocol: true, port: true, status: true, detail: true, ms: true, reason: true, remediation: true, dropBy: true };
const FINDING_KEYS: Record<keyof Finding, true> = { check: true, status: true, summary: true, remediation: true, host: true, hosts: true, from: true, to: true, evidence: true, explains: true };
const SUMMARY_KEYS: Record<keyof Summary, true> = { pass: true, fail: true, warn: true, error: true, skip: true };
const STATUSES: Record<Status, true> = { pass: true, fail: true, warn: true, error: true, skip: true };
const PROTOCOLS: Record<Protocol, true> = { tcp: true, udp: true, esp: true };
const ROLES: Record<Role, true> = { manager: true, worker: true, unknown: true };
const RUN_MODES: Record<RunResult['mode'], true> = { pre: true, live: true, mixed: true };

test('the schema describes every field and enum value of the model, no more and no fewer', (t) => {
  const keys = (o: object) => Object.keys(o).sort();
  t.deepEqual(keys(schema.properties), keys(RUN_KEYS));
  t.deepEqual(keys(schema.$defs.host.properties), keys(HOST_KEYS));
  t.deepEqual(keys(schema.$defs.probe.properties), keys(PROBE_KEYS));
  t.deepEqual(keys(schema.$defs.finding.properties), keys(FINDING_KEYS));
  t.deepEqual(keys(schema.$defs.summary.properties), keys(SUMMARY_KEYS));
  t.deepEqual(keys(schema.$defs.untestedHost.properties), keys(UNTESTED_KEYS));
  t.deepEqual(keys(schema.$defs.cause.properties), keys(CAUSE_KEYS));
  t.deepEqual([...schema.$defs.status.enum].sort(), keys(STATUSES));
  t.deepEqual([...schema.$defs.protocol.enum].sort(), keys(PROTOCOLS));
  t.deepEqual([...schema.$defs.role.enum].sort(), keys(ROLES));
  t.deepEqual([...schema.$defs.runMode.enum].sort(), keys(RUN_MODES));
  t.deepEqual([...schema.$defs.probeStatus.enum].sort(), keys(STATUSES).filter((s) => s !== 'warn'));
  // Facts, evidence and options are open: checks add to them freely.
  t.is(schema.$defs.facts.additionalProperties, true);
  t.is(schema.$defs.finding.properties.evidence.additionalProperties, true);
  t.is(schema.properties.options.additionalProperties, true);
});

test('a host out before probing is written as its untested entry and reads back as it was; a malformed entry does not validate', (t) => {
  const result = unsentResult(4);
  result.causes = groupCauses(result);
  const parsed = JSON.parse(renderJson(result));
  t.deepEqual(errors(parsed), []);
  t.deepEqual(parsed.untested, result.untested);
  t.deepEqual(unpackResult(parsed).untested, result.untested);
  t.is(parsed.causes[0].untested, 19);
  const spoilt = JSON.parse(JSON.stringify(result));
  spoilt.untested[0].probes = 'all';
  t.not(errors(spoilt).length, 0);
});
