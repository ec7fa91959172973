import { z } from "zod";

export const keyIdParams = z.object({ id: z.uuid() });
