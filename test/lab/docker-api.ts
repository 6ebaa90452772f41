// A minimal Docker Engine API client. A host's /run is a directory of the lab state dir, so its
// dockerd socket is reachable from the root namespace without entering the host: polling this
// way costs no process spawns (a docker CLI call costs tens of ms of CPU, which adds up on 2 cores).
import http from 'node:http';
import path from 'node:path';
import { hostDir } from './paths.js';

export function dockerSocket(hostId: string): string {
  return path.join(hostDir(hostId), 'run', 'docker.sock');
}

export function dockerApi<T = unknown>(hostId: string, method: string, urlPath: string, timeoutMs = 5000): Promise<{ status: number; body: T }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: dockerSocket(hostId), method, path: urlPath, timeout: timeoutMs }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (data += d));
      res.on('end', () => {
        let body: unknown = data;
        try {
          body = JSON.parse(data);
        } catch {
          // plain text (e.g. /_ping answers OK)
        }
        resolve({ status: res.statusCode ?? 0, body: body as T });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`docker API ${urlPath} on ${hostId}: timeout`)));
    req.on('error', reject);
    req.end();
  });
}
