export { periodQuery } from "@/lib/roi/inputs";
