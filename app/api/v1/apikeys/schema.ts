export { apiKeyInput as createApiKeyBody } from "@/lib/platform/inputs";
