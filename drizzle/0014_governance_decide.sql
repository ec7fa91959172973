-- Audit events with holes: integers in the payload that only the database knows when it writes the
-- event (a vote's tally). The app prepares the canonical document with the holes cut out
-- (lib/audit/append.ts prepareAuditTemplate): p_event = {time, type, actor, action_id, payload,
-- masked_paths, holes: [names in document order], head: [holes + 1 parts], tail}. An integer is
-- written the same way by JCS and by int8::text, so the joined head is still canonical, and the
-- same values are added to the stored payload, so what is hashed is what is stored.
CREATE OR REPLACE FUNCTION audit_pending_fill(p_event jsonb, p_values jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_head text := p_event->'head'->>0;
  v_payload jsonb := p_event->'payload';
  v_hole text;
  v_value bigint;
BEGIN
  FOR i IN 1 .. coalesce(jsonb_array_length(p_event->'holes'), 0) LOOP
    v_hole := p_event->'holes'->>(i - 1);
    v_value := (p_values->>v_hole)::bigint;
    IF v_value IS NULL OR p_event->'head'->>i IS NULL THEN
      RAISE EXCEPTION 'audit template %: no value or no document part for hole %', p_event->>'type', v_hole;
    END IF;
    v_head := v_head || v_value::text || (p_event->'head'->>i);
    v_payload := v_payload || jsonb_build_object(v_hole, v_value);
  END LOOP;
  INSERT INTO audit_pending (time, type, actor, action_id, payload, masked_paths, doc_head, doc_tail)
  VALUES ((p_event->>'time')::timestamptz, p_event->>'type', p_event->'actor', p_event->>'action_id',
    v_payload, p_event->'masked_paths', v_head, p_event->>'tail');
END
$$;
--> statement-breakpoint
-- JavaScript's Date.toISOString() of a timestamp (UTC, milliseconds truncated as JS reads them).
CREATE OR REPLACE FUNCTION iso_ms(t timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;
--> statement-breakpoint
-- The public view of an action (lib/governance/actions.ts toActionView, mirrored for the webhook
-- outbox rows governance_decide writes; webhooks.int.test.ts compares the two).
CREATE OR REPLACE FUNCTION governance_action_view(a actions) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', a.id, 'agent_id', a.agent_id, 'call_id', a.call_id, 'action', a.action,
    'category', a.category, 'params', a.params, 'data_refs', a.data_refs,
    'requested_by', a.requested_by, 'tier', a.tier, 'authority', a.authority, 'status', a.status,
    'policy_version', a.policy_version, 'rule', a.rule, 'policy_reason', a.policy_reason,
    'quorum', a.quorum, 'approver_roles', to_jsonb(a.approver_roles),
    'requested_at', iso_ms(a.requested_at), 'expires_at', iso_ms(a.expires_at),
    'decided_by', a.decided_by, 'decider_name', a.decider_name, 'decided_at', iso_ms(a.decided_at),
    'decision_reason', a.decision_reason, 'executing_at', iso_ms(a.executing_at),
    'completed_at', iso_ms(a.completed_at), 'outcome_status', a.outcome_status,
    'outcome_result', a.outcome_result, 'executed_params', a.executed_params)
$$;
--> statement-breakpoint
-- One human decision in one round trip (lib/governance/decisions.ts), called in autocommit.
-- Locks the action, refuses (404/409/403 are decided by the app from `outcome`), casts the vote
-- (UNIQUE(action, approver)), counts distinct approvals, decides when the vote settles it (still
-- conditional on status = 'pending'), queues the webhook (p_webhook_url, when one is configured),
-- appends the audit events (the vote, then the decision) and publishes the live change; all of it
-- commits together.
-- READ COMMITTED and a volatile function: every statement after the FOR UPDATE takes a fresh
-- snapshot, so the tally sees each vote committed by the transactions the lock waited for.
-- Expiry is only detected here ('expired', nothing written): the app expires the row itself.
CREATE OR REPLACE FUNCTION governance_decide(
  p_id uuid, p_approver_id uuid, p_approver_name text, p_approver_email text, p_roles text[],
  p_decision text, p_reason text, p_now timestamptz,
  p_vote_event jsonb, p_final_event jsonb, p_channel text, p_live jsonb, p_webhook_url text
) RETURNS TABLE (outcome text, approvals integer, action jsonb)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  a actions%ROWTYPE;
  v_approvals integer;
  v_final text;
  v_tally jsonb;
BEGIN
  IF p_decision IS NULL OR p_decision NOT IN ('approve', 'reject') THEN
    RAISE EXCEPTION 'decision must be approve or reject, got %', p_decision;
  END IF;
  SELECT * INTO a FROM actions WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not_found'::text, 0, NULL::jsonb;
    RETURN;
  END IF;
  outcome := CASE
    WHEN a.status <> 'pending' THEN 'already_decided'
    WHEN a.expires_at <= p_now THEN 'expired'
    -- The requester (an email or a user id, free text) never approves their own request.
    WHEN lower(btrim(a.requested_by, E' \t\r\n')) IN (lower(p_approver_email), lower(p_approver_id::text)) THEN 'self'
    WHEN NOT coalesce(a.approver_roles && p_roles, false) THEN 'forbidden'
  END;
  IF outcome IS NOT NULL THEN
    RETURN QUERY SELECT outcome, 0, to_jsonb(a);
    RETURN;
  END IF;

  INSERT INTO action_votes (action_id, approver_id, approver_name, vote, reason, created_at)
  VALUES (p_id, p_approver_id, p_approver_name, p_decision, p_reason, p_now)
  ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'already_voted'::text, 0, to_jsonb(a);
    RETURN;
  END IF;
  SELECT count(*) INTO v_approvals FROM action_votes v WHERE v.action_id = p_id AND v.vote = 'approve';
  -- Any reject rejects; approval needs `quorum` distinct approvers.
  v_final := CASE WHEN p_decision = 'reject' THEN 'rejected' WHEN v_approvals >= a.quorum THEN 'approved' END;
  IF v_final IS NOT NULL THEN
    UPDATE actions SET status = v_final, decided_by = 'human', decider_id = p_approver_id,
      decider_name = p_approver_name, decided_at = p_now, decision_reason = p_reason, updated_at = p_now
    WHERE id = p_id AND status = 'pending'
    RETURNING * INTO a;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'action % left pending under its row lock', p_id; -- never decide twice
    END IF;
    IF p_webhook_url IS NOT NULL THEN
      INSERT INTO webhook_deliveries (event, action_id, url, payload)
      VALUES ('action.' || v_final, p_id, p_webhook_url,
        jsonb_build_object('event', 'action.' || v_final, 'action', governance_action_view(a)));
    END IF;
  END IF;

  v_tally := jsonb_build_object('approvals', v_approvals, 'quorum', a.quorum);
  PERFORM audit_pending_fill(p_vote_event, v_tally);
  IF v_final IS NOT NULL THEN
    PERFORM audit_pending_fill(p_final_event, v_tally);
  END IF;
  PERFORM pg_notify(p_channel, (p_live || jsonb_build_object('status', a.status, 'agentId', a.agent_id))::text);
  RETURN QUERY SELECT coalesce(v_final, 'pending'), v_approvals, to_jsonb(a);
END
$$;
