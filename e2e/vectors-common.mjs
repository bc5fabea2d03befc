// What the vector generators share (e2e/srp-vectors.mjs, e2e/device-vectors.mjs).
import { createHash } from 'node:crypto';

/** Deterministic bytes: SHA-256 in counter mode over a label. */
export function detBytes(label, nBytes) {
  let out = Buffer.alloc(0);
  for (let i = 0; out.length < nBytes; i++) {
    out = Buffer.concat([out, createHash('sha256').update(`${label}/${i}`).digest()]);
  }
  return out.subarray(0, nBytes);
}

/** Runs `f` with crypto.getRandomValues answering from `bytes`, in order. */
export function withRandomness(bytes, f) {
  const c = globalThis.crypto;
  const original = c.getRandomValues;
  let at = 0;
  c.getRandomValues = array => {
    const view = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    for (let i = 0; i < view.length; i++) view[i] = bytes[at++ % bytes.length];
    return array;
  };
  try {
    return f();
  } finally {
    c.getRandomValues = original;
  }
}
