// A full garbage collection between phases, where hundreds of thousands of objects have just died
// (the probe round's plan and evidence at 200 hosts): V8 would otherwise grow the heap around them
// before collecting, and the runner's peak memory is that growth.
import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}
