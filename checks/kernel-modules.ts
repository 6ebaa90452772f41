// kernel-modules: the kernel pieces swarm networking needs, each judged by what needs it: overlays
// (vxlan, bridge) always; br_netfilter for docker's bridge rules; ip_vs only where services have a
// virtual IP; ESP, xfrm, AES-GCM and xt_u32 only where overlays are encrypted or --esp is given.
// Loadable but not loaded is fine: the kernel loads a module on first use.
import { type KernelPiece, type PieceReading, readPiece } from '../src/facts/kernel-modules.js';
import type { HostFiles } from '../src/facts/host-files.js';
import type { Finding, Status } from '../src/model.js';
import type { Check, CheckContext, HostContext } from './context.js';

export const id = 'kernel-modules';
export const title = 'Kernel modules swarm networking needs';

interface Group { name: string; pieces: (KernelPiece & { crypto?: string[] })[] }

const OVERLAY: Group = { name: 'overlay networks', pieces: [{ module: 'vxlan', config: 'CONFIG_VXLAN' }, { module: 'bridge', config: 'CONFIG_BRIDGE' }] };
const NETFILTER: Group = { name: 'docker\'s bridge firewall rules', pieces: [{ module: 'br_netfilter', config: 'CONFIG_BRIDGE_NETFILTER' }] };
const VIP: Group = { name: 'service virtual IPs and the routing mesh', pieces: [{ module: 'ip_vs', config: 'CONFIG_IP_VS' }] };
const ENCRYPTED: Group = {
  name: 'encrypted overlays',
  pieces: [
    { module: 'esp4', config: 'CONFIG_INET_ESP' },
    { module: 'xfrm_user', config: 'CONFIG_XFRM_USER' },
    { module: 'gcm', config: 'CONFIG_CRYPTO_GCM', crypto: ['gcm(aes)', 'rfc4106(gcm(aes))'] },
    { module: 'xt_u32', config: 'CONFIG_NETFILTER_XT_MATCH_U32' },
  ],
};
const GROUPS = [OVERLAY, NETFILTER, VIP, ENCRYPTED];

/** What the agent is asked to pick out of modules.builtin, modules.dep and the kernel config. */
export const WANTED = {
  modules: GROUPS.flatMap((g) => g.pieces.map((p) => p.module)),
  config: GROUPS.flatMap((g) => g.pieces.map((p) => p.config)),
};

export interface KernelEvidence {
  release?: string;
  needed: string;
  pieces: Record<string, PieceReading>;
}

function read(files: HostFiles, piece: Group['pieces'][number]): PieceReading {
  const found = piece.crypto?.find((name) => files.crypto?.includes(name));
  return found ? { state: 'loaded', source: `/proc/crypto (${found})` } : readPiece(files, piece);
}

/** The status a missing piece of the group gets on this run (skip: not needed yet), and why. */
function severity(group: Group, ctx: CheckContext): { status: Status; why: string } {
  if (group === OVERLAY) return { status: 'fail', why: 'every swarm node needs it for overlay networks (ingress included)' };
  if (group === NETFILTER) return { status: 'warn', why: 'docker loads it so its iptables rules see bridged traffic' };
  if (group === VIP) {
    return ctx.vipServices
      ? { status: 'warn', why: `${ctx.vipServices} service virtual IP(s) are deployed; they and the routing mesh's published ports need IPVS` }
      : { status: 'skip', why: 'no service with a virtual IP is deployed; one would need it (the default endpoint mode), as would published ports through the routing mesh' };
  }
  if (ctx.encryptedOverlays.length) return { status: 'warn', why: `encrypted overlays exist (${ctx.encryptedOverlays.join(', ')})` };
  return ctx.esp ? { status: 'warn', why: 'ESP was asked for (--esp)' } : { status: 'skip', why: 'no encrypted overlay exists' };
}

const FIX: Record<string, string> = {
  [OVERLAY.name]: 'use a kernel built with CONFIG_VXLAN and CONFIG_BRIDGE (as module or built in), or install its modules package (e.g. linux-modules-extra-$(uname -r))',
  [NETFILTER.name]: 'load it (modprobe br_netfilter; persist in /etc/modules-load.d/) or use a kernel with CONFIG_BRIDGE_NETFILTER',
  [VIP.name]: 'load ip_vs (modprobe ip_vs; persist in /etc/modules-load.d/) or use a kernel with CONFIG_IP_VS; without it give services --endpoint-mode dnsrr and publish with --publish mode=host',
  [ENCRYPTED.name]: 'use a kernel with CONFIG_INET_ESP, CONFIG_XFRM_USER, CONFIG_CRYPTO_GCM and CONFIG_NETFILTER_XT_MATCH_U32 (modules or built in), or create the overlays without --opt encrypted',
};

interface HostReading { host: string; release?: string; missing: string[]; unknown: string[]; pieces: Record<string, PieceReading> }

function readGroup(h: HostContext, group: Group): HostReading | undefined {
  const files = h.files;
  if (!files) return undefined;
  const pieces = Object.fromEntries(group.pieces.map((p) => [p.module, read(files, p)]));
  const missing = Object.keys(pieces).filter((m) => pieces[m].state === 'missing');
  const unknown = Object.keys(pieces).filter((m) => pieces[m].state === 'unknown');
  return { host: h.id, ...(files.release ? { release: files.release } : {}), missing, unknown, pieces };
}

function hostsPhrase(hosts: string[]): string {
  if (hosts.length === 1) return `the kernel of ${hosts[0]}`;
  if (hosts.length > 4) return `the kernels of ${hosts.length} hosts (${hosts.slice(0, 3).join(', ')} ...)`;
  return `the kernels of ${hosts.slice(0, -1).join(', ')} and ${hosts[hosts.length - 1]}`;
}

/** One finding per group and outcome: hosts with the same kernel and the same gaps share it. */
export function evaluateKernels(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const group of GROUPS) {
    const { status, why } = severity(group, ctx);
    const alike = new Map<string, HostReading[]>();
    for (const h of ctx.hosts) {
      const r = readGroup(h, group);
      if (!r || (!r.missing.length && (!r.unknown.length || status === 'skip'))) continue;
      const key = `${r.release ?? ''}|${r.missing.join(',')}|${r.missing.length ? '' : r.unknown.join(',')}`;
      alike.set(key, [...(alike.get(key) ?? []), r]);
    }
    for (const readings of alike.values()) {
      const first = readings[0];
      const hosts = readings.map((r) => r.host);
      const where = hosts.length === 1 ? { host: hosts[0] } : { hosts };
      const evidence: KernelEvidence = { ...(first.release ? { release: first.release } : {}), needed: why, pieces: first.pieces };
      const kernel = `${hostsPhrase(hosts)}${first.release ? ` (${first.release})` : ''}`;
      findings.push(first.missing.length
        ? {
          check: id, ...where, status, evidence: evidence as unknown as Record<string, unknown>,
          summary: `${kernel} ${hosts.length === 1 ? 'lacks' : 'lack'} ${first.missing.join(', ')}, which ${group.name} need: ${why}`,
          remediation: FIX[group.name],
        }
        : {
          check: id, ...where, status: 'skip', evidence: evidence as unknown as Record<string, unknown>,
          summary: `could not tell whether ${kernel} ${hosts.length === 1 ? 'has' : 'have'} ${first.unknown.join(', ')} (${group.name}): ${first.pieces[first.unknown[0]].source}`,
        });
    }
  }
  return findings;
}

export const check: Check = {
  id, title, scope: 'host', needs: ['files', 'run'],
  evaluate: evaluateKernels,
};
