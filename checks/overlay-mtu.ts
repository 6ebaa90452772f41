// overlay-mtu: every overlay's VXLAN-wrapped packets must fit the MTU of the interface that carries them
// to each peer, or large packets are dropped silently while pings and small requests still work.
// evaluate: `evaluateOverlayMtu` (numbers in, verdicts out). Pure.
import type { Finding } from '../src/model.js';

export const id = 'overlay-mtu';
export const title = 'Overlay MTU fits the underlay towards every peer';
export const scope = 'host';

/** Outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14. */
export const VXLAN_OVERHEAD = 50;
/**
 * ESP bytes an encrypted overlay adds, as docker counts them (libnetwork overlay `pktExpansion`):
 * SPI 4 + sequence 4 + IV 8 + pad length 1 + next header 1 + ICV 8 (AES-GCM, 64-bit ICV, transport
 * mode), plus 0-3 bytes of padding to a 4-byte boundary. An estimate of what the kernel adds; docker
 * lowers an encrypted overlay's own MTU by the same amount.
 */
export const ESP_OVERHEAD = 26;
const MTU_OPTION = 'com.docker.network.driver.mtu';

export interface OverlayMtuInput {
  host: string;
  /** The interface that routes to each peer (`ip route get PEER`) and its MTU. */
  underlay: { peer: string; dev: string; mtu: number }[];
  /** Why the host's interfaces and routes could not be read, when they could not. */
  unreadable?: string;
  overlays: {
    name: string;
    ingress: boolean;
    encrypted: boolean;
    /** The network's `com.docker.network.driver.mtu` option, when set. */
    mtuOption?: number;
    /** The MTU of the vxlan device in the overlay's sandbox, when it could be read. */
    deviceMtu?: number;
  }[];
}

type Overlay = OverlayMtuInput['overlays'][number];

/** The MTU containers on the overlay get: the device's when known, else what docker derives from the option. */
export function innerMtu(overlay: Overlay): { mtu: number; from: 'device' | 'option' | 'default' } {
  if (overlay.deviceMtu !== undefined) return { mtu: overlay.deviceMtu, from: 'device' };
  let mtu = (overlay.mtuOption || 1500) - VXLAN_OVERHEAD;
  if (overlay.encrypted) {
    mtu -= ESP_OVERHEAD;
    mtu -= mtu % 4;
  }
  return { mtu, from: overlay.mtuOption ? 'option' : 'default' };
}

/** ESP bytes around an inner packet of `inner` bytes: the fixed part plus padding to 4 bytes. */
export function espOverhead(inner: number): number {
  // ESP payload = UDP 8 + VXLAN 8 + Ethernet 14 + inner; payload + pad + 2 must be a multiple of 4.
  return ESP_OVERHEAD + ((4 - ((inner + 32) % 4)) % 4);
}

/** The underlay MTU the overlay needs: inner + VXLAN (+ ESP when encrypted). */
export function neededUnderlay(overlay: Overlay): number {
  const inner = innerMtu(overlay).mtu;
  return inner + VXLAN_OVERHEAD + (overlay.encrypted ? espOverhead(inner) : 0);
}

function recreate(overlay: Overlay, mtu: number): string {
  const opts = `--opt ${MTU_OPTION}=${mtu}${overlay.encrypted ? ' --opt encrypted' : ''}`;
  const daemon = `the daemon's "mtu" setting does not apply to overlays (moby #34981)`;
  if (overlay.ingress) {
    return `re-create ingress with the underlay MTU: \`docker network rm ingress\`, then ` +
      `\`docker network create --driver overlay --ingress ${opts} ingress\` ` +
      `(published ports stop working until it is back; add --subnet/--gateway to keep its range); ${daemon}`;
  }
  return `re-create the network with the underlay MTU: \`docker network rm ${overlay.name}\`, then ` +
    `\`docker network create --driver overlay ${opts} ${overlay.name}\` ` +
    `(remove the services on it first; keep its other flags such as --subnet and --attachable)` +
    `${overlay.encrypted ? '; docker subtracts the ESP overhead from that value itself' : ''}; ${daemon}`;
}

export function evaluateOverlayMtu(input: OverlayMtuInput): Finding[] {
  const { host, underlay, overlays } = input;
  const base = { check: id, host };
  if (input.unreadable) {
    return [{ ...base, status: 'error', summary: `${host}: its interfaces and routes could not be read (${input.unreadable}); overlay MTU not checked`, evidence: { overlays: overlays.map((o) => o.name) } }];
  }
  if (underlay.length === 0) {
    return [{ ...base, status: 'skip', summary: `${host} has no peer to reach; no underlay MTU to compare`, evidence: { underlay: [], overlays: overlays.map((o) => o.name) } }];
  }
  if (overlays.length === 0) {
    return [{ ...base, status: 'skip', summary: `${host} has no overlay network to check`, evidence: { underlay } }];
  }
  const findings: Finding[] = [];
  const smallest = underlay.reduce((min, u) => (u.mtu < min.mtu ? u : min));

  const mtus = [...new Set(underlay.map((u) => u.mtu))].sort((a, b) => a - b);
  if (mtus.length > 1) {
    const groups = mtus.map((mtu) => {
      const towards = underlay.filter((u) => u.mtu === mtu);
      const devs = [...new Set(towards.map((u) => u.dev))].join('/');
      return `${devs} ${mtu} (towards ${towards.map((u) => u.peer).join(', ')})`;
    });
    findings.push({
      ...base,
      status: 'warn',
      summary: `${host} reaches its peers over interfaces with different MTUs: ${groups.join('; ')}; overlays must fit the smallest, ${smallest.mtu}`,
      remediation: `give the interfaces that carry swarm traffic the same MTU, or set ${MTU_OPTION}=${smallest.mtu} on every overlay`,
      evidence: { underlay, mtus, smallest: smallest.mtu },
    });
  }

  for (const overlay of overlays) {
    const inner = innerMtu(overlay);
    const esp = overlay.encrypted ? espOverhead(inner.mtu) : 0;
    const needed = inner.mtu + VXLAN_OVERHEAD + esp;
    const option = overlay.mtuOption ? `${MTU_OPTION}=${overlay.mtuOption}` : `no ${MTU_OPTION} option`;
    const parts = `inner ${inner.mtu} + ${VXLAN_OVERHEAD} VXLAN${esp ? ` + ${esp} ESP (estimate)` : ''} = ${needed}`;
    const evidence: Record<string, unknown> = {
      network: overlay.name,
      ingress: overlay.ingress,
      encrypted: overlay.encrypted,
      mtuOption: overlay.mtuOption ?? null,
      deviceMtu: overlay.deviceMtu ?? null,
      innerMtu: inner.mtu,
      innerMtuFrom: inner.from,
      vxlanOverhead: VXLAN_OVERHEAD,
      espOverhead: esp,
      ...(esp ? { espOverheadIsEstimate: true } : {}),
      needed,
      underlayMtu: smallest.mtu,
      underlayDev: smallest.dev,
      underlayPeer: smallest.peer,
      underlay,
    };
    if (smallest.mtu < needed) {
      findings.push({
        ...base,
        status: 'fail',
        summary: `overlay ${overlay.name} sends packets of up to ${needed} bytes (${parts}; ${option}), but ${smallest.dev} towards ${smallest.peer} carries only ${smallest.mtu}: larger packets are dropped`,
        remediation: recreate(overlay, smallest.mtu),
        evidence,
      });
    } else {
      const peers = underlay.length === 1 ? smallest.peer : `${underlay.length} peers`;
      findings.push({
        ...base,
        status: 'pass',
        summary: `overlay ${overlay.name}: ${parts} fits ${smallest.dev}'s MTU ${smallest.mtu} towards ${peers} (${option})`,
        evidence,
      });
    }
  }
  return findings;
}
