/**
 * Signed checkpoints (like CloudTrail digest files): Ed25519 over the canonical JSON of
 *   {v, seq, hash, time, prev_signature, key_id}
 * where seq/hash name the last event covered and prev_signature chains the checkpoints.
 * PURE apart from node:crypto.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import { canonicalJson } from "./canonical";
import { FORMAT_VERSION } from "./chain";

export type Checkpoint = {
  seq: number;
  hash: string;
  time: string;
  /** Base64 signature of the previous checkpoint, "" for the first. */
  prev_signature: string;
  /** First 16 hex digits of SHA-256 of the raw 32-byte public key. */
  key_id: string;
  signature: string;
};

export function checkpointMessage(cp: Omit<Checkpoint, "signature">): string {
  return canonicalJson({
    v: FORMAT_VERSION,
    seq: cp.seq,
    hash: cp.hash,
    time: cp.time,
    prev_signature: cp.prev_signature,
    key_id: cp.key_id,
  });
}

/** The raw 32-byte Ed25519 public key (the last 32 bytes of its SPKI DER form). */
const asPublic = (key: KeyObject) => (key.type === "public" ? key : createPublicKey(key));

export function rawPublicKey(key: KeyObject): Buffer {
  const der = asPublic(key).export({ type: "spki", format: "der" });
  return der.subarray(der.length - 32);
}

export const keyIdOf = (key: KeyObject) =>
  createHash("sha256").update(rawPublicKey(key)).digest("hex").slice(0, 16);

export const publicKeyPem = (key: KeyObject) =>
  asPublic(key).export({ type: "spki", format: "pem" }).toString();

export function signCheckpoint(
  privateKey: KeyObject,
  cp: Omit<Checkpoint, "signature" | "key_id">,
): Checkpoint {
  const unsigned = { ...cp, key_id: keyIdOf(privateKey) };
  const signature = sign(null, Buffer.from(checkpointMessage(unsigned), "utf8"), privateKey).toString(
    "base64",
  );
  return { ...unsigned, signature };
}

export function checkpointSignatureValid(publicKey: KeyObject, cp: Checkpoint): boolean {
  try {
    return verify(
      null,
      Buffer.from(checkpointMessage(cp), "utf8"),
      publicKey,
      Buffer.from(cp.signature, "base64"),
    );
  } catch {
    return false;
  }
}

export function parsePrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== "ed25519") throw new Error("the audit signing key must be an Ed25519 key");
  return key;
}
