import type { NextConfig } from "next";
import { API_CONTENT_SECURITY_POLICY, BASELINE_HEADERS } from "./lib/security/headers";

const config: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules at run time.
  serverExternalPackages: ["@electric-sql/pglite", "pino"],
  // Lets several builds live side by side (tests, benchmarks) without clobbering each other.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  typedRoutes: false,
  // Security headers on every response; pages get their nonce CSP from proxy.ts.
  async headers() {
    return [
      { source: "/:path*", headers: [...BASELINE_HEADERS] },
      {
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }],
      },
    ];
  },
};

export default config;
