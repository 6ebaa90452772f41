// One lab per e2e test file: up before the tests, faults cleared after each, torn down at the end.
// Without root (or the lab's packages) the tests are reported as skipped, with the reason.
import anyTest, { type TestFn } from 'ava';
import { Lab, type LabOptions } from '../lab/lab.js';

export type LabTestFn = TestFn<{ lab: Lab }>;

export function labSuite(options: LabOptions): { labTest: LabTestFn['serial'] | LabTestFn['serial']['skip'] } {
  const test = anyTest as LabTestFn;
  const available = Lab.available({ docker: options.docker === true, user: options.user !== undefined });
  test.before(async (t) => {
    if (available.ok) t.context.lab = await Lab.up(options);
    else t.log(`lab not available: ${available.reason}`);
  });
  test.after.always(async (t) => {
    await t.context.lab?.teardown();
  });
  test.afterEach.always(async (t) => {
    await t.context.lab?.clearFaults();
  });
  return { labTest: available.ok ? test.serial : test.serial.skip };
}
