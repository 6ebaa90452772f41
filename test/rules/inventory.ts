// The fixture inventory of the rules tests: one manager and two workers.
import { type HostNeeds, swarmNeeds } from '../../src/rules/needs.js';

export const INVENTORY = [
  { id: 'm1', address: '10.0.0.11', role: 'manager' as const },
  { id: 'w1', address: '10.0.0.21', role: 'worker' as const },
  { id: 'w2', address: '10.0.0.22', role: 'worker' as const },
];

export function needs(options: { esp?: boolean; dataPathPort?: number; sourceCidr?: string } = {}): HostNeeds[] {
  return swarmNeeds({ hosts: INVENTORY, dataPathPort: options.dataPathPort ?? 4789, esp: options.esp ?? false, ...(options.sourceCidr ? { sourceCidr: options.sourceCidr } : {}) });
}
