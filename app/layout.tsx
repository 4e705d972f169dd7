import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { AccountMenu } from "@/components/auth/AccountMenu";
import { HeaderBell } from "@/components/review/HeaderBell";
import { currentSession } from "@/app/_lib/session";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Newsdesk", template: "%s · Newsdesk" },
  description: "Real-time newsroom desk: topic cards edited together, live.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  // Readers of the public pages have no session: they see no account controls.
  const session = await currentSession();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
          Skip to content
        </a>
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3 px-4 py-3">
            <Link href="/" className="text-lg font-bold tracking-tight text-slate-900">
              News<span className="text-red-600">desk</span>
            </Link>
            <span className="hidden text-sm text-slate-500 sm:inline">the story, together, live</span>
            {session && <AccountMenu user={session.user} csrfToken={session.csrfToken} />}
            {session && <HeaderBell />}
          </div>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-6">
          {children}
        </main>
      </body>
    </html>
  );
}
