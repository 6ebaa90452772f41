// tsc copies only TypeScript output; the remote agent is Python and ships beside it.
import { cpSync, mkdirSync } from 'node:fs';
mkdirSync('dist/src/agent', { recursive: true });
cpSync('src/agent/agent.py', 'dist/src/agent/agent.py');
cpSync('src/report/result.schema.json', 'dist/src/report/result.schema.json');
