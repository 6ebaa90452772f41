// tsc copies only TypeScript output; the remote agent is Python and ships beside it.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
mkdirSync('dist/src/agent', { recursive: true });
rmSync('dist/src/agent/py', { recursive: true, force: true });
cpSync('src/agent/py', 'dist/src/agent/py', { recursive: true });
cpSync('src/report/result.schema.json', 'dist/src/report/result.schema.json');
cpSync('src/report/diff.schema.json', 'dist/src/report/diff.schema.json');
