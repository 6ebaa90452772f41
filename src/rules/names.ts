// The names of what the generated rules add to a host, in one place: the removal commands and the
// readers that notice an earlier apply use the same ones.
export const OUR_CHAIN = {
  /** nftables: the chain of accepts, in a table of the host's or our own. */
  in: 'swarm_preflight_in',
  out: 'swarm_preflight_out',
  /** iptables: the chains of accepts in the filter table. */
  iptablesIn: 'SWARM-PREFLIGHT-IN',
  iptablesOut: 'SWARM-PREFLIGHT-OUT',
} as const;

/** nftables: our own table, where nothing else filters. */
export const OUR_TABLE = 'swarm_preflight';

/** ufw comments and firewalld rich rules carry this, so they can be listed and removed. */
export const MARK = 'swarm-preflight';
