import { z } from "zod";

export { initiativeInput as initiativeBody } from "@/lib/roi/inputs";
export const initiativeParams = z.object({ id: z.uuid() });
