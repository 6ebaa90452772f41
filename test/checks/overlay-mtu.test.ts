import test from 'ava';
import { evaluateOverlayMtu, type OverlayMtuInput } from '../../checks/overlay-mtu.js';
import { parseAddrs, parseRouteGet } from '../../src/facts/ip.js';
import { parseNetworkInspect } from '../../src/facts/overlays.js';
import { fixture } from '../fixtures/load.js';

// The underlay as the runner would build it: `ip route get` names the device, `ip addr` gives its MTU.
function underlayFrom(addrFixture: string): OverlayMtuInput['underlay'] {
  const route = parseRouteGet(fixture('lab/ip-j-route-get.json'));
  const mtu = parseAddrs(fixture(addrFixture)).find((i) => i.name === route.dev)?.mtu ?? 0;
  return [{ peer: route.dst, dev: route.dev, mtu }];
}

const labOverlays = parseNetworkInspect(fixture('lab/docker-network-inspect.manager.json'))
  .map((n) => ({ name: n.name, ingress: n.ingress, encrypted: n.encrypted }));
const spf = { name: 'spf-net', ingress: false, encrypted: false };

test('the lab host with a 1500 underlay passes its default overlays, with the numbers', (t) => {
  const findings = evaluateOverlayMtu({ host: 'n1', underlay: underlayFrom('lab/ip-j-addr.json'), overlays: labOverlays });
  t.deepEqual(findings.map((f) => [f.status, f.evidence?.network]), [['pass', 'ingress'], ['pass', 'spf-net']]);
  t.is(findings[1].summary, "overlay spf-net: inner 1450 + 50 VXLAN = 1500 fits eth0's MTU 1500 towards 198.18.0.12 (no com.docker.network.driver.mtu option)");
  t.is(findings[1].host, 'n1');
});

test('a 1450 underlay with a default overlay fails, and the fix sets the option to 1450', (t) => {
  // ip-j-addr.mtu1450.json: the lab capture with eth0's MTU edited to 1450 (an OpenStack-like underlay).
  const [f] = evaluateOverlayMtu({ host: 'n1', underlay: underlayFrom('lab/ip-j-addr.mtu1450.json'), overlays: [spf] });
  t.is(f.status, 'fail');
  t.regex(f.summary, /up to 1500 bytes .* eth0 towards 198\.18\.0\.12 carries only 1450/);
  t.true(f.remediation?.includes('docker network create --driver overlay --opt com.docker.network.driver.mtu=1450 spf-net'));
  t.true(f.remediation?.includes('moby #34981'));
  t.like(f.evidence, { innerMtu: 1450, innerMtuFrom: 'default', needed: 1500, underlayMtu: 1450, underlayDev: 'eth0', mtuOption: null });
});

test('the same 1450 host passes once the overlay carries the option 1450', (t) => {
  const [f] = evaluateOverlayMtu({ host: 'n1', underlay: underlayFrom('lab/ip-j-addr.mtu1450.json'), overlays: [{ ...spf, mtuOption: 1450 }] });
  t.is(f.status, 'pass');
  t.like(f.evidence, { innerMtu: 1400, innerMtuFrom: 'option', needed: 1450, mtuOption: 1450, underlayMtu: 1450 });
  t.regex(f.summary, /inner 1400 \+ 50 VXLAN = 1450 fits eth0's MTU 1450/);
});

test('a failing ingress gets the exact commands to re-create it with --ingress', (t) => {
  const [f] = evaluateOverlayMtu({ host: 'n1', underlay: [{ peer: '198.18.0.12', dev: 'ens3', mtu: 1460 }], overlays: [{ name: 'ingress', ingress: true, encrypted: false }] });
  t.is(f.status, 'fail');
  t.true(f.remediation?.includes('`docker network rm ingress`'));
  t.true(f.remediation?.includes('`docker network create --driver overlay --ingress --opt com.docker.network.driver.mtu=1460 ingress`'));
});

test('an encrypted overlay needs room for ESP on top of VXLAN, and docker lowers its inner MTU for it', (t) => {
  const [plain, enc] = evaluateOverlayMtu({ host: 'n1', underlay: underlayFrom('lab/ip-j-addr.json'), overlays: [spf, { name: 'secret', ingress: false, encrypted: true }] });
  t.like(plain.evidence, { innerMtu: 1450, espOverhead: 0, needed: 1500 });
  // 1500 - 50 - 26 = 1424, already a multiple of 4: docker's own encrypted MTU.
  t.like(enc.evidence, { innerMtu: 1424, espOverhead: 26, espOverheadIsEstimate: true, needed: 1500 });
  t.is(enc.status, 'pass');
  t.regex(enc.summary, /\+ 26 ESP \(estimate\)/);
});

test('an encrypted overlay whose device MTU was not lowered for ESP fails where the plain one fits', (t) => {
  const underlay = underlayFrom('lab/ip-j-addr.json');
  const findings = evaluateOverlayMtu({ host: 'n1', underlay, overlays: [{ ...spf, deviceMtu: 1450 }, { name: 'secret', ingress: false, encrypted: true, deviceMtu: 1450 }] });
  t.deepEqual(findings.map((f) => f.status), ['pass', 'fail']);
  // 1450 + 50 + 26 ESP + 2 bytes of padding to a 4-byte boundary.
  t.like(findings[1].evidence, { innerMtuFrom: 'device', espOverhead: 28, needed: 1528, underlayMtu: 1500 });
  t.true(findings[1].remediation?.includes('--opt com.docker.network.driver.mtu=1500 --opt encrypted secret'));
});

test('an encrypted overlay with the option set to the underlay MTU fits, docker subtracting ESP itself', (t) => {
  const [f] = evaluateOverlayMtu({ host: 'n1', underlay: underlayFrom('lab/ip-j-addr.mtu1450.json'), overlays: [{ name: 'secret', ingress: false, encrypted: true, mtuOption: 1450 }] });
  t.is(f.status, 'pass');
  t.like(f.evidence, { innerMtu: 1372, needed: 1448 });
});

test('the MTU read from the vxlan device wins over the option', (t) => {
  const [f] = evaluateOverlayMtu({ host: 'n1', underlay: [{ peer: '198.18.0.12', dev: 'eth0', mtu: 1450 }], overlays: [{ ...spf, mtuOption: 1500, deviceMtu: 1400 }] });
  t.is(f.status, 'pass');
  t.like(f.evidence, { innerMtu: 1400, innerMtuFrom: 'device', mtuOption: 1500, deviceMtu: 1400 });
});

test('peers behind interfaces with different MTUs warn, and overlays are held to the smallest', (t) => {
  const underlay = [
    { peer: '198.18.0.12', dev: 'eth0', mtu: 1500 },
    { peer: '198.18.0.13', dev: 'eth0', mtu: 1500 },
    { peer: '10.20.0.7', dev: 'wg0', mtu: 1420 },
  ];
  const findings = evaluateOverlayMtu({ host: 'n1', underlay, overlays: [spf] });
  const warn = findings.find((f) => f.status === 'warn')!;
  t.is(warn.summary, 'n1 reaches its peers over interfaces with different MTUs: wg0 1420 (towards 10.20.0.7); eth0 1500 (towards 198.18.0.12, 198.18.0.13); overlays must fit the smallest, 1420');
  t.deepEqual(warn.evidence?.mtus, [1420, 1500]);
  const fail = findings.find((f) => f.status === 'fail')!;
  t.like(fail.evidence, { underlayDev: 'wg0', underlayPeer: '10.20.0.7', underlayMtu: 1420 });
});

test('a host with no peer or no overlay is skipped with the reason', (t) => {
  t.is(evaluateOverlayMtu({ host: 'n1', underlay: [], overlays: [spf] })[0].status, 'skip');
  const [f] = evaluateOverlayMtu({ host: 'n1', underlay: underlayFrom('lab/ip-j-addr.json'), overlays: [] });
  t.is(f.status, 'skip');
  t.regex(f.summary, /no overlay network/);
});

test('a host whose interfaces could not be read is an error that says why, not a skip or a pass', (t) => {
  const findings = evaluateOverlayMtu({ host: 'n2', underlay: [], unreadable: 'netlink: EACCES', overlays: labOverlays });
  t.is(findings.length, 1);
  t.is(findings[0]?.status, 'error');
  t.regex(findings[0]?.summary ?? '', /n2: its interfaces and routes could not be read \(netlink: EACCES\)/);
});
