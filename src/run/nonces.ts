// Probe nonces: 8 random bytes each, as hex. A round needs thousands; one read of the random source
// for all of them costs a fraction of one call per nonce.
import { randomBytes } from 'node:crypto';

const NONCE_BYTES = 8;

/** Returns a function giving a fresh nonce on each call; `expected` sizes each batch it draws. */
export function nonceSource(expected: number): () => string {
  const batch = Math.max(1, expected) * NONCE_BYTES;
  let hex = '';
  let at = 0;
  return () => {
    if (at >= hex.length) {
      hex = randomBytes(batch).toString('hex');
      at = 0;
    }
    const nonce = hex.slice(at, at + NONCE_BYTES * 2);
    at += NONCE_BYTES * 2;
    return nonce;
  };
}
