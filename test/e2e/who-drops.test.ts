// Who drops a failed probe, on real hosts: the rule in the admin's own nftables table or iptables
// chain named with its comment and a fix against that table and chain; a drop in the sender's output
// chain named on the sender; a drop in the network (the lab's switch) said to be there, with no host
// firewall command.
import type { RunResult } from '../../src/model.js';
import type { Lab } from '../lab/lab.js';
import { labArgs, runCli } from './cli.js';
import { labSuite } from './lab-suite.js';

const { labTest } = labSuite({ hosts: 3 });

async function check(lab: Lab): Promise<RunResult> {
  const run = await runCli(labArgs(lab, ['--timeout', '2', '--format', 'json']));
  if (!run.json) throw new Error(`no JSON result (exit ${run.code}): ${run.stderr}`);
  return run.json;
}

labTest('a drop rule in a custom nftables table and chain is named with its comment, and the fix uses that table and chain', async (t) => {
  const { lab } = t.context;
  const added = await lab.exec('n2', `nft -f - <<'NFT'
table inet corp_fw {
  chain in_filter {
    type filter hook input priority 0; policy accept;
    tcp dport 22 accept
    udp dport 4789 counter drop comment "no vxlan here"
  }
}
NFT`);
  t.is(added.code, 0, added.stderr);
  try {
    const result = await check(lab);
    const cause = result.causes?.find((c) => c.hosts[0] === 'n2' && c.ports.includes('4789/udp'));
    t.truthy(cause, JSON.stringify(result.causes?.map((c) => c.summary)));
    t.log(cause?.summary, '\n', cause?.remediation);
    t.regex(cause?.summary ?? '', /n2's rule "no vxlan here" in nft inet corp_fw in_filter \(handle \d+\): udp dport 4789 counter drop comment "no vxlan here", which counted \d+ packets/);
    const handle = /handle (\d+)/.exec(cause?.summary ?? '')?.[1];
    t.regex(cause?.remediation ?? '', new RegExp(`^on n2: nft insert rule inet corp_fw in_filter position ${handle} ip saddr \\{ 198\\.18\\.0\\.11, 198\\.18\\.0\\.13 \\} udp dport 4789 accept; or, if the rule has no other purpose: nft delete rule inet corp_fw in_filter handle ${handle}$`));
    t.notRegex(cause?.remediation ?? '', /use your|iptables/);
    const probe = result.probes.find((p) => p.from === 'n1' && p.to === 'n2' && p.port === 4789 && p.protocol === 'udp');
    t.like(probe?.dropBy, { where: 'receiver', host: 'n2', how: 'counters', rule: { source: 'nft', family: 'inet', table: 'corp_fw', chain: 'in_filter', comment: 'no vxlan here' } });
  } finally {
    await lab.exec('n2', 'nft delete table inet corp_fw');
  }
});

labTest('a drop rule in iptables is named by chain, number and comment, and the fix inserts before it', async (t) => {
  const { lab } = t.context;
  const added = await lab.exec('n3', 'iptables -I INPUT 1 -p tcp --dport 7946 -m comment --comment "gossip off" -j DROP');
  t.is(added.code, 0, added.stderr);
  try {
    const result = await check(lab);
    const cause = result.causes?.find((c) => c.hosts[0] === 'n3');
    t.log(cause?.summary, '\n', cause?.remediation);
    t.regex(cause?.summary ?? '', /^n3 drops 7946\/tcp from both peers: dropped by n3's rule "gossip off" in iptables filter INPUT \(rule 1\): -A INPUT -p tcp -m tcp --dport 7946 -m comment --comment "gossip off" -j DROP, which counted \d+ packets/);
    t.is(cause?.remediation, 'on n3: iptables -I INPUT 1 -p tcp -s 198.18.0.11,198.18.0.12 --dport 7946 -j ACCEPT; or, if the rule has no other purpose: iptables -D INPUT 1');
  } finally {
    await lab.exec('n3', 'iptables -F INPUT');
  }
});

labTest('a drop in the network between two hosts is said to be there, with no host firewall command', async (t) => {
  const { lab } = t.context;
  await lab.dropBetween('n1', 'n3', { proto: 'udp', port: 4789 });
  const result = await check(lab);
  t.deepEqual(result.probes.filter((p) => p.status === 'fail').map((p) => `${p.from}>${p.to} ${p.port}/${p.protocol}`), ['n1>n3 4789/udp']);
  const cause = result.causes?.find((c) => c.status === 'fail');
  t.log(cause?.summary, '\n', cause?.remediation);
  t.is(cause?.summary, '4789/udp from n1 to n3 is lost in the network: no rule on n1 or n3 dropped it');
  t.regex(cause?.remediation ?? '', /^nothing on n1 or n3 drops 4789\/udp .* lost in the network between them: .*security group/);
  t.notRegex(cause?.remediation ?? '', /\b(iptables|nft|ufw|firewall-cmd) /);
  t.like(result.probes.find((p) => p.status === 'fail')?.dropBy, { where: 'network' });
});

labTest('a drop in the sender\'s output chain names the sender\'s rule', async (t) => {
  const { lab } = t.context;
  const added = await lab.exec('n1', `nft -f - <<'NFT'
table ip egress {
  chain out {
    type filter hook output priority 0; policy accept;
    ip daddr 198.18.0.12 udp dport 7946 drop comment "quiet towards n2"
  }
}
NFT`);
  t.is(added.code, 0, added.stderr);
  try {
    const result = await check(lab);
    const failing = result.probes.filter((p) => p.status === 'fail');
    t.deepEqual(failing.map((p) => `${p.from}>${p.to} ${p.port}/${p.protocol} ${p.reason}`), ['n1>n2 7946/udp blocked-outbound']);
    t.like(failing[0].dropBy, { where: 'sender', host: 'n1', how: 'evaluation', rule: { table: 'egress', chain: 'out', comment: 'quiet towards n2' } });
    const cause = result.causes?.find((c) => c.status === 'fail');
    t.log(cause?.summary, '\n', cause?.remediation);
    t.regex(cause?.summary ?? '', /n1's rule "quiet towards n2" in nft ip egress out/);
    t.regex(cause?.remediation ?? '', /^on n1: nft insert rule ip egress out position \d+ ip daddr 198\.18\.0\.12 udp dport 7946 accept/);
  } finally {
    await lab.exec('n1', 'nft delete table ip egress');
  }
});
