// nic-offload: VMware's vmxnet3 with transmit checksum offload on corrupts the checksums of
// VXLAN-encapsulated packets (moby #41775): small packets pass, overlay traffic breaks. The driver
// comes from /sys/class/net/IF/device/driver; the offload state from `ethtool -k IF`, where ethtool is.
import type { Finding } from '../src/model.js';
import type { Check, HostContext } from './context.js';

export const id = 'nic-offload';
export const title = 'vmxnet3 checksum offload and VXLAN';

const FEATURE = 'tx-checksum-ip-generic';

export interface OffloadEvidence { interface: string; driver: string; feature: string; on?: boolean; error?: string }

function evaluateHost(h: HostContext): Finding[] {
  const drivers = h.files?.drivers ?? {};
  const findings: Finding[] = [];
  for (const [iface, driver] of Object.entries(drivers)) {
    if (driver !== 'vmxnet3') continue;
    const read = h.offload?.[iface];
    const feature = read?.features?.[FEATURE];
    const fix = `on ${h.id}: ethtool -K ${iface} ${FEATURE} off, and persist it (a udev rule or the interface's config); or re-create the swarm with --data-path-port (1024-49151) away from NSX's 4789`;
    if (feature && !feature.on) continue;
    const evidence: OffloadEvidence = { interface: iface, driver, feature: FEATURE, ...(feature ? { on: true } : { error: read?.error ?? `ethtool -k printed no ${FEATURE}` }) };
    findings.push({
      check: id, host: h.id, status: 'warn',
      summary: feature
        ? `${iface} on ${h.id} is a vmxnet3 NIC with ${FEATURE} on: VXLAN (overlay) packets can leave with bad checksums`
        : `${iface} on ${h.id} is a vmxnet3 NIC; its checksum offload could not be read (${evidence.error}): with ${FEATURE} on, VXLAN packets leave with bad checksums`,
      remediation: feature ? fix : `read it with ethtool -k ${iface} on ${h.id}; if ${FEATURE} is on: ${fix}`,
      evidence: evidence as unknown as Record<string, unknown>,
    });
  }
  return findings;
}

/** The interfaces whose offload state the check needs (`ethtool -k`), from their drivers. */
export function offloadInterfaces(drivers: Record<string, string | null>): string[] {
  return Object.entries(drivers).filter(([, d]) => d === 'vmxnet3').map(([i]) => i);
}

export const check: Check = { id, title, scope: 'host', needs: ['files', 'offload'], evaluate: (ctx) => ctx.hosts.flatMap(evaluateHost) };
