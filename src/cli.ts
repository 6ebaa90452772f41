#!/usr/bin/env node
// Entry point: swarm-preflight.
import { hideBin } from 'yargs/helpers';
import { main } from './cli/main.js';

const code = await main(hideBin(process.argv));
process.exitCode = code;
// Everything is written and every host let go; a socket a host keeps half-open must not keep the
// process alive after that.
setTimeout(() => process.exit(code), 200).unref();
