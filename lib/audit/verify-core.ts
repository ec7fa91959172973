/**
 * The verifier as a streaming state machine, fed events in seq order and the checkpoints up front.
 * PURE: the database verifier, the export verifier and the tests all drive this one.
 */
import type { KeyObject } from "node:crypto";
import { type ChainEvent, GENESIS_HASH, hashEvent } from "./chain";
import { type Checkpoint, checkpointSignatureValid } from "./signing";

export type FailureCause =
  | "content_changed"
  | "event_missing"
  | "reordered"
  | "chain_broken"
  | "checkpoint_signature_invalid"
  | "checkpoint_unknown_key"
  | "checkpoint_chain_broken"
  | "checkpoint_mismatch"
  | "events_truncated";

export type VerifyFailure = { seq: number; cause: FailureCause; message: string };

export type VerifyReport = {
  ok: boolean;
  eventsChecked: number;
  checkpointsChecked: number;
  firstSeq: number | null;
  lastSeq: number | null;
  lastHash: string | null;
  /** Set when ok is false: the first bad sequence number and why. */
  failure: VerifyFailure | null;
};

/** How far from its slot a moved event is searched for, to tell "reordered" from "changed". */
const REORDER_WINDOW = 64;

export class ChainVerifier {
  private lastSeq: number;
  private lastHash: string;
  private firstSeq: number | null = null;
  private events = 0;
  private checkpointsChecked = 0;
  private failure: VerifyFailure | null = null;
  private readonly checkpointsBySeq = new Map<number, { cp: Checkpoint; problem: VerifyFailure | null }>();
  private readonly checkpointSeqs: number[];

  /**
   * @param anchor where the walk starts: seq 0 and the genesis hash for a whole trail, or the
   *   (seq, hash) just before the first event of a partial export.
   */
  constructor(
    checkpoints: Checkpoint[],
    publicKeys: Map<string, KeyObject>,
    anchor: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
  ) {
    this.lastSeq = anchor.seq;
    this.lastHash = anchor.hash;
    const sorted = [...checkpoints].sort((a, b) => a.seq - b.seq);
    this.checkpointSeqs = sorted.map((c) => c.seq);
    let prevSignature = "";
    for (const [i, cp] of sorted.entries()) {
      let problem: VerifyFailure | null = null;
      const key = publicKeys.get(cp.key_id);
      // A partial export starts mid-chain: the first checkpoint's predecessor is not in it.
      const chainOk =
        i === 0 ? anchor.seq > 0 || cp.prev_signature === "" : cp.prev_signature === prevSignature;
      if (!key) {
        problem = {
          seq: cp.seq,
          cause: "checkpoint_unknown_key",
          message: `checkpoint at seq ${cp.seq} is signed by an unknown key ${cp.key_id}`,
        };
      } else if (!checkpointSignatureValid(key, cp)) {
        problem = {
          seq: cp.seq,
          cause: "checkpoint_signature_invalid",
          message: `checkpoint at seq ${cp.seq}: the signature does not verify`,
        };
      } else if (!chainOk) {
        problem = {
          seq: cp.seq,
          cause: "checkpoint_chain_broken",
          message: `checkpoint at seq ${cp.seq} does not carry the previous checkpoint's signature (a checkpoint was removed or replaced)`,
        };
      }
      prevSignature = cp.signature;
      this.checkpointsBySeq.set(cp.seq, { cp, problem });
    }
  }

  get failed() {
    return this.failure !== null;
  }

  /** Feed the next event (ascending seq). Returns false once a failure is found; stop feeding then. */
  add(e: ChainEvent): boolean {
    return this.addHashed(e, hashEvent(e), () => e);
  }

  /**
   * Same, with the event's hash already recomputed elsewhere (worker threads); `load` gives the
   * full event, needed only to explain a mismatch.
   */
  addHashed(
    e: { seq: number; prev_hash: string; hash: string },
    recomputed: string,
    load: () => ChainEvent,
  ): boolean {
    if (this.failure) return false;
    const expected = this.lastSeq + 1;
    if (e.seq !== expected) {
      return this.fail(
        e.seq > expected
          ? {
              seq: expected,
              cause: "event_missing",
              message:
                e.seq - expected === 1
                  ? `event ${expected} is missing`
                  : `events ${expected}–${e.seq - 1} are missing`,
            }
          : { seq: e.seq, cause: "reordered", message: `event ${e.seq} appears after event ${this.lastSeq}` },
      );
    }
    if (recomputed !== e.hash) return this.fail(this.explainHashMismatch(load()));
    if (e.prev_hash !== this.lastHash) {
      const at = Math.max(e.seq - 1, 1);
      return this.fail({
        seq: at,
        cause: "chain_broken",
        message:
          e.seq === 1
            ? "the first event does not start from the genesis hash"
            : `event ${at} no longer has the hash that event ${e.seq} recorded for it: it was rewritten (hash recomputed) or replaced`,
      });
    }
    const entry = this.checkpointsBySeq.get(e.seq);
    if (entry) {
      if (entry.problem) return this.fail(entry.problem);
      if (entry.cp.hash !== e.hash) {
        const prev = this.checkpointSeqs[this.checkpointSeqs.indexOf(e.seq) - 1] ?? 0;
        return this.fail({
          seq: e.seq,
          cause: "checkpoint_mismatch",
          message: `the signed checkpoint at seq ${e.seq} holds a different hash: events ${prev + 1}–${e.seq} were rewritten after signing`,
        });
      }
      this.checkpointsChecked++;
    }
    this.firstSeq ??= e.seq;
    this.lastSeq = e.seq;
    this.lastHash = e.hash;
    this.events++;
    return true;
  }

  private explainHashMismatch(e: ChainEvent): VerifyFailure {
    for (let d = 1; d <= REORDER_WINDOW; d++) {
      for (const s of [e.seq + d, e.seq - d]) {
        if (s >= 1 && hashEvent({ ...e, seq: s }) === e.hash) {
          return {
            seq: e.seq,
            cause: "reordered",
            message: `the event written as seq ${s} is stored at seq ${e.seq}: events were reordered`,
          };
        }
      }
    }
    return {
      seq: e.seq,
      cause: "content_changed",
      message: `event ${e.seq} was changed after it was written: its content no longer matches its hash`,
    };
  }

  private fail(f: VerifyFailure): false {
    this.failure = f;
    return false;
  }

  finish(): VerifyReport {
    if (!this.failure) {
      const beyond = this.checkpointSeqs.find((s) => s > this.lastSeq);
      if (beyond !== undefined) {
        this.failure = {
          seq: this.lastSeq + 1,
          cause: "events_truncated",
          message: `the trail ends at seq ${this.lastSeq} but a signed checkpoint covers up to seq ${beyond}: events were deleted from the end`,
        };
      }
    }
    return {
      ok: this.failure === null,
      eventsChecked: this.events,
      checkpointsChecked: this.checkpointsChecked,
      firstSeq: this.firstSeq,
      lastSeq: this.events ? this.lastSeq : null,
      lastHash: this.events ? this.lastHash : null,
      failure: this.failure,
    };
  }
}
