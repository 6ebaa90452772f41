// `rules` on three hosts whose nftables input policy is drop (SSH allowed): the check fails; the
// generated scripts, applied with nft -f, go into each host's own input chain and the check passes;
// the same file applied again is refused by nft whole (its "create chain") and changes nothing, as
// does a second round of rules and nft -f.
import { labSuite } from './lab-suite.js';
import { denyInput, hostOk } from './rules-firewalls.js';
import { applyFile, check, rulesetWithoutHandles, rulesFiles } from './rules-apply.js';

const { labTest } = labSuite({ hosts: 3, managers: 1 });

/** The command a generated file's header gives for removing what it added. */
const removal = (text: string) => (/^# remove: (.*)$/m.exec(text) as RegExpExecArray)[1];

labTest('the offline standalone form applies as it is, twice to the same ruleset, and its removal leaves nothing', async (t) => {
  const { lab } = t.context;
  const empty = await rulesetWithoutHandles(lab, 'n1');
  const files = await rulesFiles(t, lab, ['--offline', '--esp']);
  const text = files.get('n1.nft') as string;
  t.regex(text, /^table inet swarm_preflight \{$/m);
  await applyFile(lab, 'n1', 'n1.nft', text);
  const once = await rulesetWithoutHandles(lab, 'n1');
  await applyFile(lab, 'n1', 'n1.nft', text);
  t.deepEqual(await rulesetWithoutHandles(lab, 'n1'), once);
  t.regex(await hostOk(lab, 'n1', 'nft list table inet swarm_preflight'), /meta l4proto esp accept/);
  await hostOk(lab, 'n1', removal(text));
  t.deepEqual(await rulesetWithoutHandles(lab, 'n1'), empty);
});

labTest('the nftables rules open a default-deny swarm, inside its own input chain; the same file applied again, or a fresh one, changes nothing', async (t) => {
  const { lab } = t.context;
  await Promise.all(lab.hosts.map((h) => denyInput(lab, h.id, 'nftables')));
  const before = await check(lab);
  t.is(before.code, 1, before.stderr);
  t.true(before.failing > 0);

  const first = await rulesFiles(t, lab);
  t.deepEqual([...first.keys()].sort(), ['n1.nft', 'n2.nft', 'n3.nft']);
  for (const h of lab.hosts) {
    const text = first.get(`${h.id}.nft`) as string;
    // Into the host's own chain, ahead of its drop: an accept in a table of its own would not help.
    t.regex(text, /^insert rule inet filter input jump swarm_preflight_in/m);
    t.regex(text, /^create chain inet filter swarm_preflight_in$/m);
    t.notRegex(text, /table inet swarm_preflight/);
    await applyFile(lab, h.id, `${h.id}.nft`, text);
  }
  const after = await check(lab);
  t.is(after.code, 0, after.stderr);
  t.is(after.failing, 0);

  const applied = await Promise.all(lab.hosts.map((h) => rulesetWithoutHandles(lab, h.id)));
  // The same file a second time: nft -f stops at "create chain" (it exists) and applies nothing of it.
  for (const h of lab.hosts) {
    const again = await lab.exec(h.id, 'nft -f -', { timeoutMs: 30_000, input: first.get(`${h.id}.nft`) as string });
    t.not(again.code, 0, `${h.id}: a second apply of the same file is refused`);
    t.regex(again.stderr, /File exists/);
    t.regex(again.stderr, /create chain inet filter swarm_preflight_in/);
  }
  t.deepEqual(await Promise.all(lab.hosts.map((h) => rulesetWithoutHandles(lab, h.id))), applied, 'the same file applied twice changes nothing');
  const second = await rulesFiles(t, lab);
  for (const h of lab.hosts) {
    const text = second.get(`${h.id}.nft`) as string;
    t.notRegex(text, /^insert rule/m, 'the jump is there already');
    await applyFile(lab, h.id, `${h.id}.nft`, text);
  }
  t.deepEqual(await Promise.all(lab.hosts.map((h) => rulesetWithoutHandles(lab, h.id))), applied);
  // The removal in the header takes out the jump and our chain: the host's own firewall is left as it was.
  await hostOk(lab, 'n3', 'nft delete table inet filter');
  await denyInput(lab, 'n3', 'nftables');
  const denyOnly = await rulesetWithoutHandles(lab, 'n3');
  await applyFile(lab, 'n3', 'n3.nft', first.get('n3.nft') as string);
  await hostOk(lab, 'n3', removal(first.get('n3.nft') as string));
  t.deepEqual(await rulesetWithoutHandles(lab, 'n3'), denyOnly);
  t.deepEqual(await lab.leftovers(), []);
});
