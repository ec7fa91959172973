/**
 * The default bounded-autonomy policy: the architecture note's YAML shape (three tiers with
 * example categories, verification requirements) plus the extensions real use needs — per-tier
 * approval settings, ordered rules with declared conditions, and a fail-safe for unknown categories.
 * Pure module (no server-only): the policy editor shows it and the audit replay parses it.
 */
export const DEFAULT_POLICY_YAML = `# AI governance policy (bounded autonomy). Edited in Settings → Policy; every version is kept.
ai_governance:
  bounded_autonomy:
    routine_decisions:
      authority: autonomous
      examples: [data_processing, basic_customer_queries, report_generation, capacity_forecast]
    medium_risk_actions:
      authority: notify_human
      examples: [financial_transactions, content_moderation, customer_refund, workload_scaling]
    high_stakes_decisions:
      authority: require_approval
      examples: [legal_compliance, strategic_changes, contract_signature, production_change]
      approval:
        expires_in: 4h        # a pending request expires (never approves) after this
        quorum: 1             # distinct approvers needed
        approver_roles: [approver, admin]

  # Evaluated top to bottom before the tier examples; the first rule whose condition holds decides.
  # Conditions: category, agent, action (a name or a list), param (dotted path into params) with
  # eq | ne | gt | gte | lt | lte | in | not_in | exists | contains, time_utc between ["HH:MM","HH:MM"],
  # and all / any / not to combine them.
  rules:
    - name: large_financial_transaction
      when:
        category: financial_transactions
        param: amount
        gt: 10000
      tier: high_stakes_decisions
      quorum: 2
      reason: Financial transactions above 10,000 need two approvers
    - name: large_refund
      when:
        category: customer_refund
        param: amount
        gt: 500
      tier: high_stakes_decisions
      reason: Refunds above 500 need an approver
    - name: production_change_outside_hours
      when:
        category: workload_scaling
        not:
          time_utc:
            between: ["07:00", "19:00"]
      tier: high_stakes_decisions
      expires_in: 1h
      reason: Scaling outside staffed hours needs an approver

  defaults:
    unknown_category: high_stakes_decisions   # fail safe: anything unlisted needs approval

  verification_requirements:
    explainability: proof_based
    audit_trail: mandatory
    replay_capability: enabled
`;
