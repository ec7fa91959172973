import { INBOX_READ_ROLES } from "@/lib/governance/inbox-access";
import { subscribeLive } from "@/lib/governance/live";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * Server-sent events for the inbox: every committed change to actions and the feed, from any
 * app instance (PostgreSQL LISTEN/NOTIFY). Clients refetch what changed; a heartbeat every
 * 15 s keeps proxies from closing the stream. Read-only: executives and auditors may listen too.
 */
export const GET = apiRoute({ access: { roles: INBOX_READ_ROLES } }, async ({ req }) => {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = await subscribeLive((e) => send(`event: change\ndata: ${JSON.stringify(e)}\n\n`));
      const heartbeat = setInterval(() => send(": ping\n\n"), 15_000);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      req.signal.addEventListener("abort", () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
      send("retry: 2000\nevent: ready\ndata: {}\n\n");
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});
