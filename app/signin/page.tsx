import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/SignInForm";
import { safeNext } from "@/components/auth/safe-next";
import { currentSession } from "@/app/_lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ next?: string | string[] }> };

/** Sign-in; someone already signed in goes straight on to where they were headed. */
export default async function SignInPage({ searchParams }: Props) {
  const next = safeNext((await searchParams).next);
  if (await currentSession()) redirect(next);
  return (
    <div className="mx-auto mt-8 max-w-sm">
      <SignInForm next={next} />
    </div>
  );
}
