// A saved result checked against the JSON Schema of the result (result.schema.json) before `report`
// renders it: the first thing wrong, in words, or undefined when it conforms.
import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';

// ajv is CommonJS: under NodeNext its default export arrives as the module object.
const Ajv2020 = (Ajv2020Module as unknown as { default: typeof Ajv2020Module.default }).default ?? Ajv2020Module;

let validate: ValidateFunction | undefined;

export function schemaProblem(value: unknown): string | undefined {
  if (!validate) {
    const schema = JSON.parse(readFileSync(new URL('./result.schema.json', import.meta.url), 'utf8')) as object;
    validate = new Ajv2020({ allowUnionTypes: true, strict: false }).compile(schema);
  }
  if (validate(value)) return undefined;
  const first = validate.errors?.[0];
  if (!first) return 'it does not match the result schema';
  const extra = first.keyword === 'additionalProperties' ? ` (${JSON.stringify((first.params as { additionalProperty?: string }).additionalProperty)})`
    : first.keyword === 'enum' ? ` (${(first.params as { allowedValues?: unknown[] }).allowedValues?.map((v) => JSON.stringify(v)).join(', ')})` : '';
  return `${first.instancePath || 'the top level'} ${first.message ?? 'is wrong'}${extra}`;
}
