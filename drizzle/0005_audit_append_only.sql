-- Audit trail: append-only enforcement and the single-round-trip append function.
-- See docs/audit-format.md (hash layout) and its "Deployment roles" section.
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
-- Appends one event: takes the chain lock (held until the caller's transaction ends, so sequence
-- numbers have no gaps and the event commits with the change it records), reads the head, completes
-- the canonical document the app prepared (p_head/p_tail, see lib/audit/chain.ts splitDocument) with
-- prev_hash and seq, hashes it and inserts. Each statement of a volatile PL/pgSQL function takes a
-- fresh snapshot, so the head read after the lock sees the previous writer's committed row.
-- SECURITY DEFINER: a deployment can grant the app EXECUTE on this function and SELECT on the table,
-- but no INSERT, so rows with made-up hashes cannot be written either.
CREATE OR REPLACE FUNCTION audit_append(
  p_head text, p_tail text, p_time timestamptz, p_type text, p_actor jsonb,
  p_action_id text, p_payload jsonb, p_masked_paths jsonb
) RETURNS TABLE (seq bigint, hash text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_prev_seq bigint;
  v_prev_hash text;
  v_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(7262006);
  SELECT e.seq, e.hash INTO v_prev_seq, v_prev_hash FROM audit_events e ORDER BY e.seq DESC LIMIT 1;
  IF v_prev_seq IS NULL THEN
    v_prev_seq := 0;
    v_prev_hash := repeat('0', 64);
  END IF;
  v_hash := encode(sha256(convert_to(
    p_head || '"prev_hash":"' || v_prev_hash || '","seq":' || (v_prev_seq + 1)::text || p_tail, 'UTF8')), 'hex');
  INSERT INTO audit_events (seq, time, type, actor, action_id, payload, masked_paths, prev_hash, hash)
  VALUES (v_prev_seq + 1, p_time, p_type, p_actor, p_action_id, p_payload, p_masked_paths, v_prev_hash, v_hash);
  RETURN QUERY SELECT v_prev_seq + 1, v_hash;
END
$$;
