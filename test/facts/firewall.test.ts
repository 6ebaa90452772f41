import test from 'ava';
import { detectFirewall } from '../../src/facts/firewall.js';
import { fixture } from '../fixtures/load.js';

const out = (stdout: string, code = 0) => ({ code, stdout, stderr: '', error: null });
const missing = { code: null, stdout: '', stderr: '', error: 'not-found' };

test('docker\'s own tables on a lab host do not count as a host firewall', (t) => {
  t.is(detectFirewall({ ufw: missing, firewalld: missing, nft: out(fixture('lab/nft-list-tables.docker.txt')), iptables: out(fixture('lab/iptables-S-INPUT.docker.txt')) }), 'none');
});

test('an active ufw wins over the tables it manages', (t) => {
  t.is(detectFirewall({ ufw: out('Status: active\n\nTo  Action  From\n'), nft: out('table inet filter\n') }), 'ufw');
});

test('a running firewalld is named', (t) => {
  t.is(detectFirewall({ ufw: missing, firewalld: out('running\n') }), 'firewalld');
});

test('an admin nftables table is nftables', (t) => {
  t.is(detectFirewall({ ufw: missing, firewalld: missing, nft: out('table ip nat\ntable inet filter\n') }), 'nftables');
});

test('INPUT rules in iptables are iptables', (t) => {
  t.is(detectFirewall({ ufw: missing, firewalld: missing, nft: out(''), iptables: out('-P INPUT ACCEPT\n-A INPUT -p tcp --dport 22 -j ACCEPT\n') }), 'iptables');
});

test('nothing readable is unknown, not none', (t) => {
  t.is(detectFirewall({ ufw: missing, firewalld: missing, nft: missing, iptables: missing }), 'unknown');
});
