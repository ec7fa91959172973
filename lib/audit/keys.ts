import "server-only";
import { createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/db/client";
import { log } from "@/lib/log";
import { keyIdOf, parsePrivateKey, publicKeyPem } from "./signing";

/**
 * The checkpoint signing key. From configuration:
 *   AUDIT_SIGNING_KEY       an Ed25519 private key in PEM (PKCS#8) form, or
 *   AUDIT_SIGNING_KEY_FILE  a path to one.
 * Without either (demo / single machine), one is generated once in $DATA_DIR/audit-signing-key.pem
 * (mode 0600). Several app instances must share one configured key.
 * AUDIT_TRUSTED_PUBLIC_KEYS(_FILE): PEM public keys of earlier (rotated) keys that verify still trusts.
 */
export type SigningKey = {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
  publicPem: string;
  source: string;
};

type Global = typeof globalThis & { __afcAuditKey?: SigningKey };
const g = globalThis as Global;

export function signingKey(): SigningKey {
  if (g.__afcAuditKey) return g.__afcAuditKey;
  const { pem, source } = readConfiguredKey() ?? generatedKey();
  const privateKey = parsePrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  g.__afcAuditKey = {
    privateKey,
    publicKey,
    keyId: keyIdOf(publicKey),
    publicPem: publicKeyPem(publicKey),
    source,
  };
  return g.__afcAuditKey;
}

/** Forget the cached key (tests switch DATA_DIR / env). */
export function resetSigningKeyCache() {
  g.__afcAuditKey = undefined;
}

function readConfiguredKey(): { pem: string; source: string } | null {
  if (process.env.AUDIT_SIGNING_KEY)
    return { pem: process.env.AUDIT_SIGNING_KEY.replace(/\\n/g, "\n"), source: "AUDIT_SIGNING_KEY" };
  const file = process.env.AUDIT_SIGNING_KEY_FILE;
  if (file) return { pem: fs.readFileSync(file, "utf8"), source: file };
  return null;
}

export const generatedKeyPath = () => path.join(dataDir(), "audit-signing-key.pem");

function generatedKey(): { pem: string; source: string } {
  const file = generatedKeyPath();
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync("ed25519");
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    try {
      fs.writeFileSync(file, pem, { flag: "wx", mode: 0o600 }); // wx: two processes racing keep one key
      log.warn(
        { file },
        "audit: generated a checkpoint signing key (demo mode); set AUDIT_SIGNING_KEY in production",
      );
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  return { pem: fs.readFileSync(file, "utf8"), source: file };
}

/** Public keys verify trusts, by key id: the current key and any configured earlier ones. */
export function trustedPublicKeys(): Map<string, KeyObject> {
  const current = signingKey();
  const out = new Map<string, KeyObject>([[current.keyId, current.publicKey]]);
  const extra =
    process.env.AUDIT_TRUSTED_PUBLIC_KEYS ??
    (process.env.AUDIT_TRUSTED_PUBLIC_KEYS_FILE
      ? fs.readFileSync(process.env.AUDIT_TRUSTED_PUBLIC_KEYS_FILE, "utf8")
      : "");
  for (const pem of extra
    .replace(/\\n/g, "\n")
    .match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? []) {
    const key = createPublicKey(pem);
    out.set(keyIdOf(key), key);
  }
  return out;
}
