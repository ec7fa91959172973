import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical";
import {
  type ChainEvent,
  eventDocument,
  GENESIS_HASH,
  hashEvent,
  joinDocument,
  sha256Hex,
  splitDocument,
} from "./chain";
import { type Checkpoint, checkpointSignatureValid, keyIdOf, signCheckpoint } from "./signing";
import { ChainVerifier } from "./verify-core";

function makeChain(n: number): ChainEvent[] {
  const out: ChainEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const base = {
      seq,
      time: new Date(Date.UTC(2026, 10, 26, 8, 0, seq)).toISOString(),
      type: seq % 2 ? "action.submitted" : "action.decided",
      actor: { kind: "agent", id: `agent-${seq % 3}` },
      action_id: `a-${Math.ceil(seq / 2)}`,
      payload: { amount: seq * 1.5, note: "ok" },
      masked_paths: [],
      prev_hash: prev,
    };
    const e = { ...base, hash: hashEvent(base) };
    out.push(e);
    prev = e.hash;
  }
  return out;
}

const keys = generateKeyPairSync("ed25519");
const trusted = new Map([[keyIdOf(keys.publicKey), keys.publicKey]]);

function checkpointsFor(events: ChainEvent[], every: number): Checkpoint[] {
  const cps: Checkpoint[] = [];
  for (const e of events) {
    if (e.seq % every) continue;
    cps.push(
      signCheckpoint(keys.privateKey, {
        seq: e.seq,
        hash: e.hash,
        time: e.time,
        prev_signature: cps.at(-1)?.signature ?? "",
      }),
    );
  }
  return cps;
}

function run(events: ChainEvent[], cps: Checkpoint[] = []) {
  const v = new ChainVerifier(cps, trusted);
  for (const e of events) if (!v.add(e)) break;
  return v.finish();
}

describe("hash chain", () => {
  it("hashes the canonical document, documented layout", () => {
    const [e] = makeChain(1);
    expect(canonicalJson(eventDocument(e!))).toBe(
      `{"action_id":"a-1","actor":{"id":"agent-1","kind":"agent"},"masked_paths":[],"payload":{"amount":1.5,"note":"ok"},"prev_hash":"${GENESIS_HASH}","seq":1,"time":"2026-11-26T08:00:01.000Z","type":"action.submitted","v":1}`,
    );
    expect(e!.hash).toBe(sha256Hex(canonicalJson(eventDocument(e!))));
  });

  it("the split document the database completes equals the full canonical text", () => {
    const [e] = makeChain(1);
    const { seq, prev_hash, hash: _h, ...content } = e!;
    expect(joinDocument(splitDocument(content), prev_hash, seq)).toBe(canonicalJson(eventDocument(e!)));
  });

  it("signs and verifies checkpoints; a changed field breaks the signature", () => {
    const cp = signCheckpoint(keys.privateKey, {
      seq: 10,
      hash: "ab".repeat(32),
      time: "2026-11-26T08:00:00.000Z",
      prev_signature: "",
    });
    expect(checkpointSignatureValid(keys.publicKey, cp)).toBe(true);
    expect(checkpointSignatureValid(keys.publicKey, { ...cp, seq: 11 })).toBe(false);
    expect(checkpointSignatureValid(generateKeyPairSync("ed25519").publicKey, cp)).toBe(false);
  });
});

describe("ChainVerifier", () => {
  const events = makeChain(40);
  const cps = checkpointsFor(events, 10);

  it("accepts an intact trail and counts events and checkpoints", () => {
    expect(run(events, cps)).toMatchObject({
      ok: true,
      eventsChecked: 40,
      checkpointsChecked: 4,
      lastSeq: 40,
    });
  });

  it("names a changed event", () => {
    const t = events.map((e) => (e.seq === 7 ? { ...e, payload: { amount: 1e6, note: "ok" } } : e));
    expect(run(t, cps).failure).toMatchObject({ seq: 7, cause: "content_changed" });
  });

  it("names a missing event", () => {
    expect(
      run(
        events.filter((e) => e.seq !== 13),
        cps,
      ).failure,
    ).toMatchObject({ seq: 13, cause: "event_missing" });
  });

  it("names two swapped events as reordered", () => {
    const t = events.map((e) => ({ ...e }));
    const a = t[20]!;
    const b = t[21]!;
    t[20] = { ...b, seq: a.seq };
    t[21] = { ...a, seq: b.seq };
    expect(run(t, cps).failure).toMatchObject({ seq: 21, cause: "reordered" });
  });

  it("catches a rewrite whose hash was recomputed by the link from the next event", () => {
    const t = events.map((e) => ({ ...e }));
    const { hash: _h, ...rest } = t[4]!;
    const forged = { ...rest, payload: { amount: 0, note: "forged" } };
    t[4] = { ...forged, hash: hashEvent(forged) };
    expect(run(t, cps).failure).toMatchObject({ seq: 5, cause: "chain_broken" });
  });

  it("catches a fully re-chained tail with the signed checkpoint", () => {
    const t = events.slice(0, 30).map((e) => ({ ...e }));
    let prev = t[24]!.hash;
    for (let i = 25; i < 30; i++) {
      const { hash: _h, ...rest } = t[i]!;
      const forged = { ...rest, prev_hash: prev, payload: { amount: -1, note: "rewritten" } };
      t[i] = { ...forged, hash: hashEvent(forged) };
      prev = t[i]!.hash;
    }
    expect(run(t, cps).failure).toMatchObject({ seq: 30, cause: "checkpoint_mismatch" });
  });

  it("catches deletion at the end through the checkpoints, and bad checkpoint signatures", () => {
    expect(run(events.slice(0, 35), cps).failure).toMatchObject({ seq: 36, cause: "events_truncated" });
    const badSig = cps.map((c) => (c.seq === 20 ? { ...c, hash: events[18]!.hash } : c));
    expect(run(events, badSig).failure).toMatchObject({ seq: 20, cause: "checkpoint_signature_invalid" });
    const dropped = cps.filter((c) => c.seq !== 20);
    expect(run(events, dropped).failure).toMatchObject({ seq: 30, cause: "checkpoint_chain_broken" });
    const other = generateKeyPairSync("ed25519");
    const foreign = cps.map((c) => (c.seq === 10 ? signCheckpoint(other.privateKey, c) : c));
    expect(run(events, foreign).failure).toMatchObject({ seq: 10, cause: "checkpoint_unknown_key" });
  });
});

describe("verify worker source", () => {
  it("hashes rows exactly like hashEvent", async () => {
    const { WORKER_SOURCE } = await import("./verify-parallel");
    const mod = { exports: {} as { hashRow: (r: unknown[]) => string } };
    new Function("require", "module", WORKER_SOURCE)(require, mod);
    for (const e of makeChain(5).map((e, i) => ({
      ...e,
      payload: { n: [1e21, 1e-7, -0, 0.1, "é\u2028\n", { z: 1, a: null }][i] ?? i } as never,
    }))) {
      const { hash: _h, ...rest } = e;
      const row = [
        e.seq,
        Date.parse(e.time),
        e.type,
        JSON.stringify(e.actor),
        e.action_id,
        JSON.stringify(e.payload),
        JSON.stringify(e.masked_paths),
        e.prev_hash,
        e.hash,
      ];
      expect(mod.exports.hashRow(row)).toBe(hashEvent(rest));
    }
  });
});
