// Parses `ethtool -k IF` (offload features): "name: on|off [fixed]" per line, sub-features indented. Pure.

export interface Feature { on: boolean; fixed: boolean }

export function parseFeatures(text: string): Record<string, Feature> {
  const features: Record<string, Feature> = {};
  for (const line of text.split('\n')) {
    const m = line.trim().match(/^([a-z0-9-]{1,64}):\s+(on|off)(\s+\[(fixed|requested on|requested off)\])?$/);
    if (m) features[m[1]] = { on: m[2] === 'on', fixed: m[4] === 'fixed' };
  }
  return features;
}
