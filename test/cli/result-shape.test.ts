import test from 'ava';
import { resultProblem } from '../../src/cli/result-shape.js';
import { mixedResult, unsentResult } from '../report/results.js';
import { run } from '../report/diff-fixtures.js';

test('a result as the runner writes it, with or without causes, has no problem', (t) => {
  t.is(resultProblem(JSON.parse(JSON.stringify(mixedResult()))), undefined);
  t.is(resultProblem(JSON.parse(JSON.stringify(unsentResult(4)))), undefined);
  t.is(resultProblem(JSON.parse(JSON.stringify(run(3, (_f, to) => (to === 'n2' ? 'fail' : undefined))))), undefined);
});

test('the first thing wrong with a result is named', (t) => {
  const spoil = (edit: (r: Record<string, unknown>) => void) => {
    const r = JSON.parse(JSON.stringify(run(3, (_f, to, p) => (to === 'n2' && p === 'udp' ? 'fail' : undefined))));
    edit(r);
    return resultProblem(r);
  };
  t.is(resultProblem([]), 'no schemaVersion 1');
  t.is(resultProblem({ schemaVersion: 2 }), 'no schemaVersion 1');
  t.is(spoil((r) => { delete r.findings; }), 'no findings list');
  t.is(spoil((r) => { delete r.summary; }), 'no summary');
  t.is(spoil((r) => { (r.hosts as unknown[])[1] = 'n2'; }), 'hosts[1] has no id');
  t.is(spoil((r) => { (r.probes as unknown[])[4] = null; }), 'probes[4] lacks from, to, protocol, port or status');
  t.is(spoil((r) => { (r.findings as unknown[]).push({ status: 'fail' }); }), 'findings[0] lacks check or status');
  t.is(spoil((r) => { r.untested = {}; }), 'untested is not a list');
  t.is(spoil((r) => { r.untested = [{ host: 'n3', reason: 'timeout' }]; }), 'untested[0] lacks host, reason, fromDetail, toDetail, probes, notApplicable or ports');
  t.is(spoil((r) => { r.causes = {}; }), 'causes is not a list');
  t.is(spoil((r) => { (r.causes as { probes: unknown[] }[])[0].probes = [-1]; }), 'causes[0] lacks id, kind, summary, hosts, ports or probe and finding indexes');
});
