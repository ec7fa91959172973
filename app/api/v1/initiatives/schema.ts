export { initiativeInput as initiativeBody } from "@/lib/roi/inputs";
