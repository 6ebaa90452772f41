#!/usr/bin/env node
// Entry point: swarm-preflight.
import { hideBin } from 'yargs/helpers';
import { main } from './cli/main.js';

// Whatever escapes (an error event nobody listened for): one line, the trace only with --debug.
process.on('uncaughtException', (error) => {
  process.stderr.write(`swarm-preflight: internal error: ${process.argv.includes('--debug') ? error.stack ?? String(error) : error.message}\n`);
  process.exit(3);
});

const code = await main(hideBin(process.argv));
process.exitCode = code;
// Everything is written and every host let go; a socket a host keeps half-open must not keep the
// process alive after that.
setTimeout(() => process.exit(code), 200).unref();
