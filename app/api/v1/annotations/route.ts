import { listAnnotations } from "@/lib/alerts/annotations";
import { apiRoute } from "@/lib/http/route";
import { type AnnotationsQuery, annotationsQuery } from "./schema";

/** Alert events and approval decisions in a range, for markers on chart time axes. */
export const GET = apiRoute<undefined, AnnotationsQuery>(
  { access: { roles: "any", scopes: ["read"] }, query: annotationsQuery },
  async ({ query }) => listAnnotations(query.from, query.to),
);
