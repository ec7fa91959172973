-- Audit trail: sealing. Writers insert into audit_pending inside their own transaction (no lock, so
-- the event commits with the change it records and commits group together); audit_seal() moves the
-- committed pending rows into the chain in id order under the chain lock: seq without gaps, hash
-- computed here from the canonical document the app prepared. See docs/audit-format.md.
CREATE OR REPLACE FUNCTION audit_pending_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('audit.sealing', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_pending rows are removed only by audit_seal(): % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_pending_guard BEFORE UPDATE OR DELETE ON audit_pending
  FOR EACH ROW EXECUTE FUNCTION audit_pending_guard();
--> statement-breakpoint
CREATE TRIGGER audit_pending_no_truncate BEFORE TRUNCATE ON audit_pending
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
-- Seals up to p_limit committed pending rows; returns how many. Each statement of a volatile
-- PL/pgSQL function takes a fresh snapshot, so reads after the lock see every committed row.
-- SECURITY DEFINER: with separate roles the app needs only INSERT on audit_pending, SELECT on the
-- tables and EXECUTE on this function (docs/audit-format.md, "Deployment roles").
CREATE OR REPLACE FUNCTION audit_seal(p_limit integer DEFAULT 5000) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_seq bigint;
  v_hash text;
  v_ids bigint[] := '{}';
  r record;
BEGIN
  PERFORM pg_advisory_xact_lock(7262006);
  SELECT e.seq, e.hash INTO v_seq, v_hash FROM audit_events e ORDER BY e.seq DESC LIMIT 1;
  IF v_seq IS NULL THEN
    v_seq := 0;
    v_hash := repeat('0', 64);
  END IF;
  FOR r IN SELECT * FROM audit_pending ORDER BY id LIMIT p_limit LOOP
    v_seq := v_seq + 1;
    INSERT INTO audit_events (seq, time, type, actor, action_id, payload, masked_paths, prev_hash, hash)
    VALUES (v_seq, r.time, r.type, r.actor, r.action_id, r.payload, r.masked_paths, v_hash,
      encode(sha256(convert_to(r.doc_head || '"prev_hash":"' || v_hash || '","seq":' || v_seq::text || r.doc_tail, 'UTF8')), 'hex'))
    RETURNING hash INTO v_hash;
    v_ids := v_ids || r.id;
  END LOOP;
  IF cardinality(v_ids) > 0 THEN
    PERFORM set_config('audit.sealing', 'on', true);
    DELETE FROM audit_pending WHERE id = ANY (v_ids);
    PERFORM set_config('audit.sealing', 'off', true);
  END IF;
  RETURN cardinality(v_ids);
END
$$;
