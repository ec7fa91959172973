"use client";
import { useState } from "react";
import type { Initiative } from "@/lib/roi/model";
import { InitiativeForm } from "./initiative-form";

type Agent = { agentId: string; categories: string[] };

/** "Edit" / "Record an initiative" toggles; only rendered for executives and admins. */
export function InitiativeEditor({ initial, agents }: { initial?: Initiative; agents: Agent[] }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" className={initial ? "" : "primary"} onClick={() => setOpen(true)}>
        {initial ? "Edit" : "Record an initiative"}
      </button>
    );
  }
  return (
    <div className="card" style={{ marginTop: 8 }}>
      <InitiativeForm initial={initial} agents={agents} onDone={() => setOpen(false)} />
    </div>
  );
}
