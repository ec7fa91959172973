/**
 * HTTP helpers for scripts that drive a running console like people and agents do
 * (`npm run agent:demo`, `npm run bench:approvals` with AFC_URL). Signs the demo users in
 * through next-auth's credentials flow and keeps their cookies.
 */
export type Session = (path: string, init?: RequestInit) => Promise<Response>;

export async function signInDemoUser(
  base: string,
  email: string,
  password = process.env.DEMO_PASSWORD ?? "factory-demo",
): Promise<Session> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    redirect: "manual",
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token")))
    throw new Error(`could not sign in as ${email}`);
  return (path, init = {}) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: {
        "content-type": "application/json",
        cookie: cookie(),
        origin: base,
        ...(init.headers ?? {}),
      },
    });
}

/** A key with scope `actions`: AFC_API_KEY, or one the demo admin creates. */
export async function demoAgentKey(base: string): Promise<string> {
  if (process.env.AFC_API_KEY) return process.env.AFC_API_KEY;
  const admin = await signInDemoUser(base, "admin@demo.local");
  const res = await admin("/api/v1/apikeys", {
    method: "POST",
    body: JSON.stringify({ name: `agent-demo-${Date.now()}`, scopes: ["actions"] }),
  });
  if (!res.ok) throw new Error(`could not create an API key: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Reads a server-sent event stream, calling `onEvent` per event until `signal` aborts. */
export async function readEventStream(
  res: Response,
  onEvent: (event: string, data: string) => void,
): Promise<void> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
    if (done) return;
    buf += value;
    let idx = buf.indexOf("\n\n");
    while (idx >= 0) {
      const chunk = buf.slice(0, idx);
      buf = buf.slice(idx + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of chunk.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trim());
      }
      if (data.length) onEvent(event, data.join("\n"));
      idx = buf.indexOf("\n\n");
    }
  }
}
