/**
 * Runs in the browser before the app's own code (Next.js file convention).
 *
 * Zod 4 compiles object parsers with `new Function` unless told not to, and probes for it even
 * when it is refused; under our CSP (no 'unsafe-eval') that probe is reported as a violation.
 * Client-side validation does not need the speed-up, so turn the JIT off in the browser.
 */
import { z } from "zod";

z.config({ jitless: true });
