/** `npm start`: production server (after `npm run build`). Needs NEXTAUTH_SECRET. */
import { startNext } from "./next-server";

if (!process.env.NEXTAUTH_SECRET) {
  console.error(
    "NEXTAUTH_SECRET is required outside demo mode (e.g. `openssl rand -base64 32`). For a demo: npm run demo",
  );
  process.exit(1);
}
startNext(Number(process.env.PORT ?? 3000), process.env.HOST ?? "127.0.0.1");
