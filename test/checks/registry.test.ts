import test from 'ava';
import { CHECKS, evaluateChecks } from '../../checks/registry.js';
import type { Check } from '../../checks/context.js';
import { context, host, labFiles } from './helpers/host-context.js';

test('every registered check has a unique kebab-case id, a title, a scope and the facts it needs', (t) => {
  const ids = CHECKS.map((c) => c.id);
  t.is(new Set(ids).size, ids.length);
  for (const c of CHECKS) {
    t.regex(c.id, /^[a-z]+(-[a-z0-9]+)*$/);
    t.true(c.title.length > 0);
    t.true(['host', 'pair', 'cluster'].includes(c.scope));
    t.true(c.needs.length > 0, c.id);
  }
});

test('a clean pair of lab hosts gives no failure or warning from any check', (t) => {
  const ctx = context([host('n1', { files: labFiles('hostfacts.n1.json') }), host('n2', { files: labFiles('hostfacts.n2.ipforward0-rpstrict.json') })]);
  const loud = evaluateChecks(ctx).filter((f) => f.status !== 'skip');
  t.deepEqual(loud, []);
});

test('a check that throws becomes an error finding of its own; the others still run', (t) => {
  const broken: Check = { id: 'broken', title: 'x', scope: 'cluster', needs: ['run'], evaluate: () => { throw new Error('boom'); } };
  const fine: Check = { id: 'fine', title: 'y', scope: 'cluster', needs: ['run'], evaluate: () => [{ check: 'fine', status: 'pass', summary: 'ok' }] };
  const findings = evaluateChecks(context([]), [broken, fine]);
  t.deepEqual(findings.map((f) => [f.check, f.status]), [['broken', 'error'], ['fine', 'pass']]);
  t.regex(findings[0].summary, /boom/);
});
