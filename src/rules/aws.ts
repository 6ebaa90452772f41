// AWS: the `IpPermissions` list for `aws ec2 authorize-security-group-ingress --group-id SG
// --ip-permissions file://FILE`, one file a group: the managers' group (2377/tcp) and the nodes' group
// (the rest). ESP is IP protocol "50", without ports. Where the nodes share one security group
// (--security-group), its rules reference the group itself instead of addresses. Pure.
import { MARK } from './names.js';
import { asCidr, type CloudRule } from './cloud-groups.js';

export interface AwsPermission {
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: { CidrIp: string; Description: string }[];
  UserIdGroupPairs?: { GroupId: string; Description: string }[];
}

/** An AWS security group id: sg- and 8 or 17 hex digits. */
export const SECURITY_GROUP = /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

export function awsPermissions(rules: CloudRule[], group: 'managers' | 'nodes', securityGroup?: string): AwsPermission[] {
  const out: AwsPermission[] = [];
  for (const rule of rules.filter((r) => r.group === group)) {
    const who = securityGroup
      ? { UserIdGroupPairs: [{ GroupId: securityGroup, Description: `${MARK}: swarm nodes` }] }
      : { IpRanges: rule.sources.map((s) => ({ CidrIp: asCidr(s), Description: `${MARK}: swarm node` })) };
    if (rule.protocol === 'esp') {
      out.push({ IpProtocol: '50', ...who });
      continue;
    }
    // One permission a port: a FromPort..ToPort range would open the ports between them too.
    for (const port of rule.ports) out.push({ IpProtocol: rule.protocol, FromPort: port, ToPort: port, ...who });
  }
  return out;
}
