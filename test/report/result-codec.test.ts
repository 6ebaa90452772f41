import test from 'ava';
import type { RunResult } from '../../src/model.js';
import { groupCauses } from '../../src/causes/group.js';
import { renderJson } from '../../src/report/json.js';
import { type PackedResult, packResult, unpackResult } from '../../src/report/result-codec.js';
import { makeResult, mixedResult, unreachableResult, withFacts, withFindings } from './results.js';
import { syntheticResult } from './synthetic.js';

const clone = (r: RunResult): RunResult => JSON.parse(JSON.stringify(r)) as RunResult;
const readBack = (r: RunResult): RunResult => unpackResult(JSON.parse(renderJson(r)) as PackedResult);

const CASES: [string, () => RunResult][] = [
  ['all-pass', () => makeResult(3)],
  ['mixed', mixedResult],
  ['unreachable-host', () => unreachableResult(3)],
  ['with findings', () => withFindings(withFacts(makeResult(5)))],
  ['50-host synthetic with faults and causes', () => syntheticResult(50)],
];

for (const [name, make] of CASES) {
  test(`the ${name} result reads back from its JSON exactly as it was`, (t) => {
    const result = clone(make());
    t.deepEqual(readBack(result), result);
  });
}

test('passing, skipped and untested probes are written as group cells, while failures stay whole with their evidence', (t) => {
  const result = clone(syntheticResult(50));
  const packed = JSON.parse(renderJson(result)) as PackedResult;
  t.true(packed.probes.every((p) => p.status === 'fail' || p.remediation !== undefined || p.dropBy !== undefined), 'only failures and probes with more than the common fields');
  t.is(packed.probes.filter((p) => p.status === 'fail').length, result.probes.filter((p) => p.status === 'fail').length);
  const cells = (packed.probeGroups?.groups ?? []).reduce((n, g) => n + g.cells.length / 3, 0);
  t.is(cells + packed.probes.length, result.probes.length);
  // One group per port and wording, not one per probe.
  t.true((packed.probeGroups?.groups.length ?? 0) <= 12, `${packed.probeGroups?.groups.length} groups`);
  for (const g of packed.probeGroups?.groups ?? []) t.false(/node\d{3}/.test(g.detail), g.detail);
});

test('each cause still names the same probes (by their place in the full list) and findings (in the list as written)', (t) => {
  const result = clone(syntheticResult(50));
  const packed = JSON.parse(renderJson(result)) as PackedResult;
  t.is(packed.probeGroups?.causeIndexes, 'full');
  const full = unpackResult(clone(packed)).probes;
  for (const [i, cause] of (packed.causes ?? []).entries()) {
    const original = result.causes?.[i];
    t.deepEqual(cause.probes.map((k) => full[k]), original?.probes.map((k) => result.probes[k]));
    t.deepEqual(cause.findings.map((k) => packed.findings[k]), original?.findings.map((k) => result.findings[k]));
  }
});

test('a host that could not be reached leaves its untested probes as a few groups, and its cause still names every one', (t) => {
  const result = clone(unreachableResult(40));
  result.causes = groupCauses(result);
  const untested = result.probes.filter((p) => p.status === 'error').length;
  t.is(result.causes.find((c) => c.kind === 'host-untested')?.probes.length, untested);
  t.true(untested > 200, `${untested} untested probes`);
  const packed = JSON.parse(renderJson(result)) as PackedResult;
  t.false(packed.probes.some((p) => p.status === 'error'), 'no untested probe is written whole');
  const errorGroups = (packed.probeGroups?.groups ?? []).filter((g) => g.status === 'error');
  t.true(errorGroups.length > 0 && errorGroups.length <= 16, `${errorGroups.length} groups`);
  t.deepEqual(readBack(result), result);
});

test('a result of the former compact form (cause indexes into the probes as written) reads back as it was', (t) => {
  const result = clone(syntheticResult(20));
  const packed = JSON.parse(renderJson(result)) as PackedResult;
  // The former encoder: untested probes whole, causes pointing into the probes as written.
  const full = unpackResult(clone(packed)).probes;
  const whole = packed.probeGroups?.groups.filter((g) => g.status === 'error') ?? [];
  t.true(whole.length > 0, 'the synthetic result has untested probes');
  const kept = full.filter((p) => p.status !== 'pass' && p.status !== 'skip' || p.remediation !== undefined);
  const former: PackedResult = {
    ...packed,
    probes: kept,
    probeGroups: { hosts: packed.probeGroups?.hosts ?? [], ports: packed.probeGroups?.ports ?? [], groups: (packed.probeGroups?.groups ?? []).filter((g) => g.status !== 'error') },
    causes: packed.causes?.map((c) => ({ ...c, probes: c.probes.map((k) => kept.indexOf(full[k] as (typeof kept)[number])) })),
  };
  t.deepEqual(unpackResult(former), unpackResult(clone(packed)));
});

test('passing path-MTU findings between pairs are grouped by check, wording and evidence, in their places', (t) => {
  const result = clone(syntheticResult(50));
  const packed = packResult(result);
  const pmtu = result.findings.filter((f) => f.check === 'path-mtu' && f.status === 'pass').length;
  t.true(pmtu > 2000);
  const cells = (packed.findingGroups?.groups ?? []).reduce((n, g) => n + g.cells.length / 3, 0);
  t.is(cells, pmtu);
  t.false(packed.findings.some((f) => f.check === 'path-mtu' && f.status === 'pass'));
});

test('a passing 100-host mesh takes under 20 bytes of JSON a probe', (t) => {
  const result = makeResult(100);
  const bytes = Buffer.byteLength(renderJson(result));
  t.true(bytes / result.probes.length < 20, `${(bytes / result.probes.length).toFixed(1)} bytes a probe`);
  t.deepEqual(readBack(result), result);
});

test('a probe whose detail does not come back from a pattern, or has a remediation, stays whole', (t) => {
  const result = makeResult(3);
  // The detail names the pair's ids inside another word: the pattern would read back differently.
  result.probes[1] = { ...result.probes[1]!, status: 'pass', detail: `{to} is literal here, ${result.probes[1]!.to}` };
  result.probes[5] = { ...result.probes[5]!, status: 'pass', remediation: 'none needed' };
  const packed = packResult(result);
  t.true(packed.probes.includes(result.probes[1]!));
  t.true(packed.probes.includes(result.probes[5]!));
  t.deepEqual(unpackResult(JSON.parse(JSON.stringify(packed)) as PackedResult), result);
});

test('probes out of plan order are written as they are, every one whole', (t) => {
  const result = makeResult(3);
  result.probes.reverse();
  const packed = packResult(result);
  t.is(packed.probeGroups, undefined);
  t.is(packed.probes.length, result.probes.length);
});

test('a result saved before the compact form (every probe whole) reads as it is', (t) => {
  const old = clone(withFindings(makeResult(4)));
  t.deepEqual(unpackResult(clone(old) as PackedResult), old);
});

test('a group cell naming a host that is not listed is refused with where it is', (t) => {
  const packed = JSON.parse(renderJson(makeResult(3))) as PackedResult;
  packed.probeGroups!.groups[0]!.cells[0] = 7;
  t.throws(() => unpackResult(packed), { message: /probeGroups: groups\[0\] cell 0 names no host/ });
});
