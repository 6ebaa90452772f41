// The report formats by name: what the CLI offers, without loading the renderers themselves.
export const FORMATS = ['table', 'json', 'markdown', 'html', 'junit'] as const;
export type Format = (typeof FORMATS)[number];
