/** An answer of ours that was not 2xx: the status, the server's message and its whole JSON body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/**
 * The one browser client for our JSON API: sends JSON when there is a body, asks for JSON back,
 * and throws HttpError with the server's `error` message (every route answers errors that way).
 */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, {
    ...init,
    headers: {
      accept: "application/json",
      ...(init?.body ? { "content-type": "application/json" } : {}),
      ...(init?.headers as Record<string, string> | undefined),
    },
  });
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new HttpError(res.status, String(body.error ?? `${res.status} ${res.statusText}`), body);
  return body as T;
}
