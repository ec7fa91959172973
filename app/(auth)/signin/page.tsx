import { redirect } from "next/navigation";
import { Suspense } from "react";
import { SignInForm } from "@/components/shell/sign-in-form";
import { currentUser } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

export default async function SignInPage() {
  if (await currentUser()) redirect("/");
  return (
    <main className="signin card">
      <h1>AI Factory Console</h1>
      <p className="muted">Sign in to watch the factory, decide what agents may do, and audit it.</p>
      <Suspense>
        <SignInForm demo={process.env.AFC_DEMO === "1"} />
      </Suspense>
    </main>
  );
}
