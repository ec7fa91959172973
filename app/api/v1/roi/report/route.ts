import { PAGE_ROLES } from "@/lib/auth/page";
import { ApiError } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";
import { windowFromParams } from "@/lib/roi/inputs";
import { renderReportPdf } from "@/lib/roi/pdf";
import { periodQuery } from "./schema";

/** The print-ready report as a PDF download (server-side Chromium). Signed-in users only. */
export const GET = apiRoute(
  { access: { roles: PAGE_ROLES.roi }, query: periodQuery },
  async ({ req, query, log }) => {
    const w = windowFromParams(query);
    const search = `?from=${w.fromMs}&to=${w.toMs}`;
    const baseUrl = process.env.REPORT_BASE_URL ?? new URL(req.url).origin;
    try {
      const pdf = await renderReportPdf({ baseUrl, search, cookie: req.headers.get("cookie") ?? "" });
      const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      return new Response(pdf as unknown as BodyInit, {
        headers: {
          "content-type": "application/pdf",
          "content-disposition": `attachment; filename="ai-factory-report-${day(w.fromMs)}-to-${day(w.toMs)}.pdf"`,
          "cache-control": "no-store",
        },
      });
    } catch (err) {
      log.error({ err }, "report PDF failed");
      throw new ApiError(
        503,
        "the PDF printer is not available; use the browser's Print → Save as PDF instead",
      );
    }
  },
);
