#!/usr/bin/env python3
"""Verify an AI Factory Console audit export (JSON Lines) without trusting the app.

    python3 tools/verify-audit.py audit-export.jsonl --public-key audit-public-key.pem

Recomputes every event hash (SHA-256 over RFC 8785 canonical JSON, docs/audit-format.md), walks
the prev_hash chain and checks each checkpoint's Ed25519 signature and its link to the previous
checkpoint. Use a public key obtained out of band (the Audit page download); without
--public-key the keys embedded in the export header are used, which proves consistency only.
Exit 0 = OK, 1 = tampered (first bad seq printed), 2 = usage error. Python 3.8+, standard library;
signatures use the `cryptography` package if installed, else the `openssl` command (3.x).
"""
import base64, hashlib, json, os, subprocess, sys, tempfile

def num(x):  # ECMAScript Number::toString, as RFC 8785 requires
    if isinstance(x, int): return str(x)
    if x == 0: return "0"
    if x < 0: return "-" + num(-x)
    m, _, e = repr(x).partition("e")
    ip, _, fp = m.partition(".")
    digits, point = ip + fp, len(ip) + int(e or 0)
    stripped = digits.lstrip("0"); point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0") or "0"; k, n = len(digits), point
    if k <= n <= 21: return digits + "0" * (n - k)
    if 0 < n <= 21: return digits[:n] + "." + digits[n:]
    if -6 < n <= 0: return "0." + "0" * -n + digits
    return (digits if k == 1 else digits[0] + "." + digits[1:]) + "e" + ("+" if n > 0 else "-") + str(abs(n - 1))

def canon(v):
    if v is None: return "null"
    if isinstance(v, bool): return "true" if v else "false"
    if isinstance(v, (int, float)): return num(v)
    if isinstance(v, str): return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list): return "[" + ",".join(canon(x) for x in v) + "]"
    keys = sorted(v, key=lambda s: s.encode("utf-16-be"))  # UTF-16 code unit order
    return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canon(v[k]) for k in keys) + "}"

def sha(text): return hashlib.sha256(text.encode("utf-8")).hexdigest()

def event_hash(e, seq=None):
    doc = {k: e[k] for k in ("time", "type", "actor", "action_id", "payload", "masked_paths", "prev_hash")}
    return sha(canon(dict(doc, v=1, seq=e["seq"] if seq is None else seq)))

def raw_key(pem):
    body = "".join(l for l in pem.strip().splitlines() if "-----" not in l)
    return base64.b64decode(body)[-32:]

def sig_ok(pem, message, signature):
    try:
        from cryptography.hazmat.primitives.serialization import load_pem_public_key
        try: load_pem_public_key(pem.encode()).verify(base64.b64decode(signature), message.encode()); return True
        except Exception: return False
    except ImportError:
        with tempfile.TemporaryDirectory() as d:
            for name, data in (("k.pem", pem.encode()), ("m", message.encode()), ("s", base64.b64decode(signature))):
                with open(os.path.join(d, name), "wb") as f: f.write(data)
            r = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", os.path.join(d, "k.pem"), "-rawin",
                                "-in", os.path.join(d, "m"), "-sigfile", os.path.join(d, "s")], capture_output=True)
            return r.returncode == 0

def fail(seq, cause, msg):
    print(f"FAIL at seq {seq}: {cause}: {msg}"); sys.exit(1)

def main(argv):
    if not argv or argv[0].startswith("-"): print(__doc__); sys.exit(2)
    lines = [json.loads(l) for l in open(argv[0], encoding="utf-8") if l.strip()]
    header = next((l for l in lines if l.get("kind") == "header"), {})
    pems = [open(argv[argv.index("--public-key") + 1]).read()] if "--public-key" in argv else [k["pem"] for k in header.get("public_keys", [])]
    keys = {hashlib.sha256(raw_key(p)).hexdigest()[:16]: p for p in pems}
    events = [l for l in lines if l.get("kind") == "event"]
    cps = sorted((l for l in lines if l.get("kind") == "checkpoint"), key=lambda c: c["seq"])
    if not events and not cps: print("OK: empty export"); return
    last_seq = events[0]["seq"] - 1 if events else 0
    last_hash = events[0]["prev_hash"] if events and last_seq > 0 else "0" * 64
    if last_seq > 0: print(f"note: partial export, anchored at seq {last_seq} hash {last_hash}")
    by_seq, prev_sig = {}, None
    for c in cps:
        msg = canon({"v": 1, "seq": c["seq"], "hash": c["hash"], "time": c["time"], "prev_signature": c["prev_signature"], "key_id": c["key_id"]})
        if c["key_id"] not in keys: by_seq[c["seq"]] = ("checkpoint_unknown_key", f"signed by unknown key {c['key_id']}")
        elif not sig_ok(keys[c["key_id"]], msg, c["signature"]): by_seq[c["seq"]] = ("checkpoint_signature_invalid", "signature does not verify")
        elif prev_sig is not None and c["prev_signature"] != prev_sig or prev_sig is None and last_seq == 0 and c["prev_signature"] != "":
            by_seq[c["seq"]] = ("checkpoint_chain_broken", "does not carry the previous checkpoint's signature")
        else: by_seq[c["seq"]] = None
        prev_sig = c["signature"]
    for e in events:
        seq = e["seq"]
        if seq != last_seq + 1: fail(last_seq + 1, "event_missing", f"next event found is {seq}")
        if event_hash(e) != e["hash"]:
            moved = next((s for d in range(1, 65) for s in (seq + d, seq - d) if s >= 1 and event_hash(e, s) == e["hash"]), None)
            if moved: fail(seq, "reordered", f"the event written as seq {moved} is stored at seq {seq}")
            fail(seq, "content_changed", "content no longer matches its hash")
        if e["prev_hash"] != last_hash: fail(max(seq - 1, 1), "chain_broken", f"event {seq} does not link to the event before it")
        if seq in by_seq:
            if by_seq[seq]: fail(seq, *by_seq[seq])
            if next(c for c in cps if c["seq"] == seq)["hash"] != e["hash"]: fail(seq, "checkpoint_mismatch", "signed hash differs")
        last_seq, last_hash = seq, e["hash"]
    beyond = [c["seq"] for c in cps if c["seq"] > last_seq]
    if beyond: fail(last_seq + 1, "events_truncated", f"a checkpoint covers seq {beyond[0]} but the export ends at {last_seq}")
    print(f"OK: {len(events)} events and {len(cps)} checkpoints verified; last seq {last_seq}, hash {last_hash}")

if __name__ == "__main__":
    main(sys.argv[1:])
