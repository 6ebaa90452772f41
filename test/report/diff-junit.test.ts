import test from 'ava';
import { diffResults } from '../../src/report/diff.js';
import { renderDiffJunit } from '../../src/report/diff-junit.js';
import { richPair, run } from './diff-fixtures.js';
import { parseXml, type XmlElement } from './xml.js';

const child = (e: XmlElement, name: string) => e.children.find((c) => c.name === name);

test('the JUnit diff is well-formed with one testcase per cause: fixed ones pass, broken ones fail, untested ones are skipped', (t) => {
  const diff = diffResults(...richPair());
  const root = parseXml(renderDiffJunit(diff));
  t.is(root.name, 'testsuites');
  t.like(root.attrs, { tests: '5', failures: '2', errors: '1' });
  const suites = Object.fromEntries(root.children.map((s) => [s.attrs.name, s]));
  t.deepEqual(Object.keys(suites), ['diff.fixed', 'diff.broken', 'diff.still', 'diff.untested']);
  const [fixed] = suites['diff.fixed'].children;
  t.is(fixed.attrs.name, 'pair-blocked:n4+n1:7946/tcp: n4 drops 7946/tcp from n1');
  t.falsy(child(fixed, 'failure') ?? child(fixed, 'error') ?? child(fixed, 'skipped'));
  t.regex(child(fixed, 'system-out')?.text ?? '', /^fixed: /);
  // n5 could not be reached: an error; n2's new drop: a failure with its fix.
  const broken = suites['diff.broken'].children;
  t.deepEqual(broken.map((c) => c.children[0].name), ['error', 'failure']);
  t.like(child(broken[1], 'failure')?.attrs, { type: 'newly-broken', message: 'n2 drops 7946/tcp from all 4 tested peers' });
  t.regex(child(broken[1], 'failure')?.text ?? '', /\nfix: .*7946\/tcp into n2/);
  const [still] = suites['diff.still'].children;
  t.like(child(still, 'failure')?.attrs, { type: 'still-broken' });
  const [untested] = suites['diff.untested'].children;
  t.regex(child(untested, 'skipped')?.attrs.message ?? '', /^not known to be fixed/);
  t.like(suites['diff.untested'].attrs, { tests: '1', skipped: '1', failures: '0' });
});

test('text from a result is escaped in the JUnit diff', (t) => {
  const newer = run(3, (_f, to, p, port) => (to === 'n2' && p === 'udp' && port === 4789 ? 'fail' : undefined));
  newer.causes![0].summary = 'a "quoted" <tag> & ]]> \u0001 done';
  const root = parseXml(renderDiffJunit(diffResults(run(3), newer)));
  const [c] = root.children.find((s) => s.attrs.name === 'diff.broken')!.children;
  t.is(child(c, 'failure')?.attrs.message, 'a "quoted" <tag> & ]]>  done');
});
