// What every connection of a run reads alike (known_hosts files, key files), read and parsed once per
// run instead of once per host: with 50 hosts that is 50 reads and parses of the same files.
import { type Credentials, loadCredentials } from './auth.js';
import { type KnownHostEntry, loadKnownHosts } from './known-hosts.js';

export class ReadOnce {
  private readonly knownHosts = new Map<string, Promise<KnownHostEntry[]>>();
  private readonly credentials = new Map<string, Promise<Credentials>>();

  loadKnownHosts(files: string[]): Promise<KnownHostEntry[]> {
    return once(this.knownHosts, JSON.stringify(files), () => loadKnownHosts(files));
  }

  loadCredentials(user: string, identityFiles: string[], agentSocket?: string, explicit?: boolean, identitiesOnly?: boolean): Promise<Credentials> {
    return once(this.credentials, JSON.stringify([user, identityFiles, agentSocket, explicit, identitiesOnly]), () => loadCredentials(user, identityFiles, agentSocket, explicit, identitiesOnly));
  }
}

function once<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = map.get(key);
  if (!value) {
    value = load();
    map.set(key, value);
  }
  return value;
}
