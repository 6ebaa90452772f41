// The command line: `check` (the default) and `report`. Flags here, behaviour in the modules it calls.
import yargs from 'yargs';
import { isPreflightError, PreflightError } from '../errors.js';
import { EXIT, hintFor } from '../outcome.js';
import { FORMATS } from '../report/formats.js';
import { VERSION } from '../version.js';
import { BECOME_PASS_ENV } from './become.js';
import { checkCommand } from './check.js';
import { withHostOptions, withSshOptions } from './common-options.js';
import { reportCommand } from './report.js';
import { rulesCommand } from './rules.js';
import { SYNTAXES } from '../rules/render.js';

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const parser = yargs(stdinInventory(argv))
    .scriptName('swarm-preflight')
    .version(VERSION)
    .strict()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .command(['check', '$0'], 'probe the swarm ports between every pair of hosts', (y) => withSshOptions(withHostOptions(y))
      .option('list-hosts', { type: 'boolean', default: false, describe: 'print how each host will be reached and why (target, keys, jump host, sudo, role, probe address), connect to none', group: 'Hosts:' })
      .option('mode', { type: 'string', choices: ['auto', 'pre', 'live'], default: 'auto', describe: 'pre: temporary listeners; live: observe docker-owned ports; auto: per port', group: 'Probing:' })
      .option('data-path-port', { type: 'number', describe: 'VXLAN data-path port (default: from docker info, else 4789)', group: 'Probing:' })
      .option('reserved', { type: 'string', array: true, describe: 'IPv4 ranges containers must keep reaching (repeatable or comma-separated); an overlay subnet over one fails', group: 'Probing:' })
      .option('canary', { type: 'boolean', default: false, describe: 'also ping between containers on a temporary overlay (created and removed by the run)', group: 'Probing:' })
      .option('canary-image', { type: 'string', describe: 'image for the canary containers (needs sh and ping; must already be on every node)', group: 'Probing:' })
      .option('canary-subnet', { type: 'string', describe: 'subnet for the canary overlay (default: docker chooses)', group: 'Probing:' })
      .option('esp', { type: 'boolean', describe: 'probe ESP (IP protocol 50); default: when an encrypted overlay exists', group: 'Probing:' })
      .option('timeout', { type: 'number', default: 3, describe: 'seconds per probe', group: 'Probing:' })
      .option('deadline', { type: 'number', default: 120, describe: 'seconds for the whole run', group: 'Probing:' })
      .option('concurrency', { type: 'number', default: 64, describe: 'hosts connected at once', group: 'Probing:' })
      .option('max-hosts', { type: 'number', default: 1000, describe: 'refuse inventories with more hosts than this (every pair is probed)', group: 'Hosts:' })
      .option('format', { type: 'string', choices: FORMATS, default: 'table', group: 'Output:' })
      .option('output', { alias: 'o', type: 'string', describe: 'write the report to FILE (the verdict still goes to stdout)', group: 'Output:' })
      .option('color', { type: 'boolean', default: true, describe: 'colours on a terminal (--no-color, or NO_COLOR, turns them off)', group: 'Output:' })
      .option('redact', { type: 'boolean', default: false, describe: 'replace host names, addresses and docker IDs with placeholders (for public tickets)', group: 'Output:' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress line on stderr', group: 'Output:' })
      .option('matrix', { type: 'boolean', default: false, describe: 'table: show the full matrix even when it does not fit the terminal', group: 'Output:' })
      .option('fix-out', { type: 'string', describe: 'write into DIR, per host, the rules that open its failing cells (files that apply as they are)', group: 'Output:' })
      .example('$0 check -i inventory.yml', 'probe every pair of hosts of an Ansible inventory')
      .example('$0 --hosts root@10.0.0.1,root@10.0.0.2 --format json -o result.json', 'save a result to attach to a ticket')
      .example('$0 -i inventory.yml --list-hosts', 'show how each host will be reached and why, connecting to none')
      .example('$0 -i inventory.yml -u admin --sudo -K', 'log in as admin and run the agent with sudo, asking for its password once'),
    async (args) => { code = await checkCommand(args); })
    .command('rules', 'print the firewall rules each host needs for the swarm, before anything is deployed', (y) => withSshOptions(withHostOptions(y))
      .option('firewall', { type: 'string', choices: SYNTAXES, describe: 'the syntax to write (default: each host\'s own firewall, read over SSH; nftables where none or unread)', group: 'Rules:' })
      .option('host', { type: 'string', array: true, describe: 'only the rules for this host (repeatable); its peers are still every host', group: 'Rules:' })
      .option('esp', { type: 'boolean', describe: 'also allow ESP (IP protocol 50), for encrypted overlays', group: 'Rules:' })
      .option('source-cidr', { type: 'string', describe: 'allow from this IPv4 range instead of each peer\'s address', group: 'Rules:' })
      .option('data-path-port', { type: 'number', describe: 'VXLAN data-path port (default 4789)', group: 'Rules:' })
      .option('offline', { type: 'boolean', default: false, describe: 'connect to no host: the standalone forms, from the inventory alone', group: 'Rules:' })
      .option('security-group', { type: 'string', describe: 'aws: the security group the nodes share; its rules reference it instead of addresses', group: 'Rules:' })
      .option('output', { alias: 'o', type: 'string', describe: 'write one file per host (clouds: per group) into DIR instead of stdout', group: 'Rules:' })
      .option('concurrency', { type: 'number', default: 64, describe: 'hosts connected at once', group: 'Rules:' })
      .example('$0 rules -i inventory.yml -o rules/', 'each host\'s rules in its own firewall\'s syntax, placed ahead of its drops')
      .example('$0 rules -i inventory.yml --firewall aws --offline', 'security-group ingress permissions, before the hosts exist'),
    async (args) => { code = await rulesCommand(args); })
    .command('report [file]', 'render a saved JSON result again, or what changed between two (--diff)', (y) => y
      .positional('file', { type: 'string', describe: 'a result written by --format json' })
      .option('diff', { type: 'string', array: true, requiresArg: true, describe: 'OLD.json NEW.json: what changed between two saved results, by cause (fixed, newly broken, still broken)' })
      .option('format', { type: 'string', choices: FORMATS, default: 'table' })
      .option('output', { alias: 'o', type: 'string' })
      .option('color', { type: 'boolean', default: true })
      .option('redact', { type: 'boolean', default: false })
      .option('matrix', { type: 'boolean', default: false, describe: 'table: show the full matrix even when it does not fit the terminal' })
      .example('$0 report --diff before.json after.json', 'what a firewall change fixed and what it broke'),
    async (args) => { code = await reportCommand(args); })
    .fail((message, error) => {
      // One place prints errors (the catch below): yargs' own usage messages become usage errors,
      // also those it raises as a YError ("Not enough arguments following: diff").
      if (error && error.name !== 'YError') throw error;
      throw new PreflightError('usage', message || error?.message || 'bad arguments');
    })
    .option('debug', { type: 'boolean', default: false, global: true, describe: 'on an internal error, print its stack trace' })
    .completion('completion', 'print a shell completion script (bash, zsh): swarm-preflight completion >> ~/.bashrc')
    .help()
    .alias('h', 'help');
  try {
    await parser.parseAsync();
  } catch (error) {
    if (isPreflightError(error)) {
      process.stderr.write(`swarm-preflight: ${error.message}\n  hint: ${error.hint ?? hintFor(error.kind)}\n`);
      return error.kind === 'usage' || error.kind === 'inventory' ? EXIT.usage : EXIT.error;
    }
    // A stack trace is for whoever debugs the tool, not for its user.
    const debug = argv.includes('--debug');
    const detail = debug ? (error as Error).stack ?? String(error) : (error as Error).message ?? String(error);
    process.stderr.write(`swarm-preflight: internal error: ${detail}\n  hint: ${debug ? 'please report this with the trace above' : 'run again with --debug for the stack trace, and report it'}\n`);
    return EXIT.error;
  }
  return code;
}

/** yargs reads a lone "-" as no value at all; `-i -` (stdin) is passed to it as `--inventory=-`. */
function stdinInventory(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if ((argv[i] === '-i' || argv[i] === '--inventory') && argv[i + 1] === '-') {
      out.push('--inventory=-');
      i++;
    } else {
      out.push(argv[i]);
    }
  }
  return out;
}
