// Host facts behind failed pings, read through the agent: its files (identity, sysctls, kernel
// modules and config, drivers), a few clock readings, and `ethtool -k` only for the NICs whose driver
// calls for it. Nothing is changed on the host; nothing needs root.
import type { ClockSample } from '../../checks/context.js';
import { WANTED } from '../../checks/kernel-modules.js';
import { offloadInterfaces } from '../../checks/nic-offload.js';
import type { RemoteAgent } from '../agent/remote-agent.js';
import { asPreflightError } from '../errors.js';
import { type Feature, parseFeatures } from '../facts/ethtool.js';
import { type HostFiles, parseHostFiles } from '../facts/host-files.js';

export interface GatheredHostFacts {
  files?: HostFiles;
  filesError?: string;
  clock: ClockSample[];
  clockError?: string;
  offload: Record<string, { features?: Record<string, Feature>; error?: string }>;
}

const CLOCK_READINGS = 3;

export async function gatherHostFacts(agent: RemoteAgent, timeoutMs: number): Promise<GatheredHostFacts> {
  const facts: GatheredHostFacts = { clock: [], offload: {} };
  try {
    facts.files = parseHostFiles(await agent.hostFacts(WANTED.modules, WANTED.config, timeoutMs));
  } catch (error) {
    facts.filesError = asPreflightError(error, 'agent').message;
  }
  // One after the other: each reading's round trip is its error bar, the shortest one counts.
  for (let i = 0; i < CLOCK_READINGS; i += 1) {
    try {
      facts.clock.push(await agent.clock(timeoutMs));
    } catch (error) {
      facts.clockError = asPreflightError(error, 'agent').message;
      break;
    }
  }
  await Promise.all(offloadInterfaces(facts.files?.drivers ?? {}).map(async (iface) => {
    const out = await agent.exec(['ethtool', '-k', iface], timeoutMs).catch((error: unknown) => ({ code: null, stdout: '', stderr: '', error: asPreflightError(error, 'agent').message }));
    facts.offload[iface] = out.code === 0 && !out.error
      ? { features: parseFeatures(out.stdout) }
      : { error: out.error === 'not-found' ? 'ethtool is not installed' : `ethtool -k: ${out.error ?? out.stderr.trim().split('\n')[0] ?? `exit ${out.code}`}` };
  }));
  return facts;
}
