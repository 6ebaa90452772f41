#!/usr/bin/env node
// Entry point: swarm-preflight.
import { hideBin } from 'yargs/helpers';
import { main } from './cli/main.js';

process.exitCode = await main(hideBin(process.argv));
