export { costPlanInput as costPlanBody } from "@/lib/roi/inputs";
