import { z } from "zod";

export { userUpdateInput as updateUserBody } from "@/lib/platform/inputs";
export const userIdParams = z.object({ id: z.uuid() });
