// `swarm-preflight check`: hosts and flags in, report out, exit code back.
import { PreflightError } from '../errors.js';
import { EXIT, exitCodeFor } from '../outcome.js';
import type { Format } from '../report/formats.js';
import type { RunResult } from '../model.js';
import { redact } from '../report/redact.js';
import { runCheck } from '../run/runner.js';
import { planHost } from '../run/host-plan.js';
import { type CheckArgs, toRunOptions } from './args.js';
import { resolveTarget } from '../run/ssh-target.js';
import { warnOnce } from '../ssh/warnings.js';
import { BECOME_PASS_ENV, checkLaunches, readBecomePassword } from './become.js';
import { renderHostPlans } from './list-hosts.js';
import { loadHosts, loadSshLookup } from './hosts.js';
import { progressEnabled, startProgress } from './progress.js';
import { checkOutputPath, wantsColor, writeReport } from './output.js';
import { checkLocalFiles } from './local-files.js';
import { prepareFixDir, writeFixes } from './fix-out.js';
import type { RemoteAgent } from '../agent/remote-agent.js';

const REPORT_DRAIN_MS = 2000;
/** After the first Ctrl-C the process is gone within this, whatever the hosts do. */
const INTERRUPT_EXIT_MS = 1800;
/** After the deadline the process is gone within this, whatever the hosts do. */
const DEADLINE_EXIT_MS = 4500;

/** Hosts a run takes unless --max-hosts says more: every pair is probed, so the work grows as the square. */
export const DEFAULT_MAX_HOSTS = 1000;

function checkHostCount(count: number, max = DEFAULT_MAX_HOSTS): void {
  if (!Number.isInteger(max) || max < 1) throw new PreflightError('usage', `--max-hosts must be a whole number from 1 (got ${max})`);
  if (count > max) {
    throw new PreflightError('usage', `the inventory has ${count} hosts, more than the limit of ${max}; narrow it with --limit, or raise the limit with --max-hosts ${count}`);
  }
}

export async function checkCommand(args: CheckArgs & { maxHosts?: number; format?: string; output?: string; color?: boolean; redact?: boolean; quiet?: boolean; matrix?: boolean; listHosts?: boolean; askBecomePass?: boolean; fixOut?: string }): Promise<number> {
  // Everything is validated before the first connection.
  const options = toRunOptions(args);
  checkLocalFiles(args);
  if (!args.listHosts) checkOutputPath(args.output);
  const hosts = loadHosts(args);
  checkHostCount(hosts.length, args.maxHosts);
  // What ssh_config sets that is not honoured is said once, here, before the progress line starts.
  const warn = warnOnce((message) => process.stderr.write(`swarm-preflight: warning: ${message}\n`));
  const sshConfig = await loadSshLookup(options.ssh.configFile, warn);
  // Every host's connection values are resolved now: a bad value is a usage error before any connection.
  for (const spec of hosts) resolveTarget(spec, options, sshConfig, { warn });
  const passwordFrom = args.askBecomePass ? '-K' : process.env[BECOME_PASS_ENV] ? BECOME_PASS_ENV : undefined;
  checkLaunches(hosts, options.sudo, passwordFrom !== undefined);
  if (args.fixOut !== undefined) prepareFixDir(args.fixOut);
  if (args.listHosts) {
    const format = args.format ?? 'table';
    if (format !== 'table' && format !== 'json') throw new PreflightError('usage', `--list-hosts prints a table or json, not ${format}`);
    const plans = hosts.map((h) => planHost(h, options, sshConfig, passwordFrom));
    process.stdout.write(renderHostPlans(plans, format));
    return EXIT.ok;
  }
  const becomePassword = await readBecomePassword(args.askBecomePass);
  if (becomePassword) options.becomePassword = becomePassword;
  const controller = new AbortController();
  let interrupts = 0;
  // The exit code once the result is written: what a last-resort exit below leaves with.
  let resultCode: number | undefined;
  const onSigint = () => {
    interrupts += 1;
    // The first Ctrl-C cleans up every host and prints what is known; a second one leaves at once.
    if (interrupts > 1) process.exit(EXIT.interrupted);
    process.stderr.write('\nswarm-preflight: interrupted; cleaning up the hosts (Ctrl-C again to quit now)\n');
    controller.abort();
    // The run stops every phase at once and bounds its cleanup; this is the backstop if a host holds on.
    setTimeout(() => process.exit(EXIT.interrupted), INTERRUPT_EXIT_MS).unref();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const progress = progressEnabled(args.quiet) ? startProgress(hosts.length) : undefined;
  try {
    // The report is written as soon as the result is known; the hosts are cleaned up after it.
    // The cleanup waits for the report to drain into stdout, but not for a reader that does not
    // read (a pager left open): the hosts are cleaned up after REPORT_DRAIN_MS whatever happens.
    const onResult = async (result: RunResult, agents: ReadonlyMap<string, RemoteAgent>) => {
      progress?.done();
      // Read while the agents still run; written after the report, so the verdict is not held up.
      const fixes = args.fixOut ? writeFixes(result, agents, args.fixOut) : undefined;
      fixes?.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
      resultCode = exitCodeFor(result.summary, result.interrupted === true);
      const written = writeReport(args.redact ? redact(result) : result, (args.format ?? 'table') as Format, args.output, wantsColor(args.color), { matrix: args.matrix });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([written, new Promise<void>((resolve) => { timer = setTimeout(resolve, REPORT_DRAIN_MS); })]);
      clearTimeout(timer);
      if (fixes) for (const line of await fixes) process.stderr.write(`swarm-preflight: ${line}\n`);
    };
    const backstop = setTimeout(() => {
      process.stderr.write(`swarm-preflight: the deadline passed ${DEADLINE_EXIT_MS / 1000} s ago and a host still holds on; exiting without waiting for it\n`);
      process.exit(resultCode ?? EXIT.error);
    }, options.deadlineMs + DEADLINE_EXIT_MS).unref();
    const result = await runCheck(hosts, options, { sshConfig, signal: controller.signal, onProgress: progress?.onProgress, onResult }).finally(() => clearTimeout(backstop));
    return exitCodeFor(result.summary, result.interrupted === true);
  } finally {
    progress?.done();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}
