/**
 * Next.js config. Framing: the desk and every page refuse to be framed by another site
 * (clickjacking); only the embed frames (/embed/…) may be framed, by any site, under a strict
 * Content-Security-Policy: their own script and stylesheet, a socket to this origin, nothing else.
 * @type {import('next').NextConfig}
 */
const common = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
];

export const noFraming = [
  ...common,
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
  { key: "X-Frame-Options", value: "DENY" },
];

export const EMBED_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors *",
].join("; ");

export const embedFraming = [...common, { key: "Content-Security-Policy", value: EMBED_CSP }];

const nextConfig = {
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tsc --noEmit) before anything else; checking again
  // inside `next build` would double the build time of `npm start` and let a test file block it.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  // Yjs must be one copy per process: the custom server (card documents) loads it from
  // node_modules, and a second, bundled copy in the server render of the desk's editor would make
  // Yjs warn "already imported" (and break its constructor checks). Loaded, not bundled, here.
  serverExternalPackages: ["yjs", "y-protocols", "y-indexeddb", "lib0", "@tiptap/y-tiptap"],
  async headers() {
    return [
      // Everything but the embed frames. (The two rules must not overlap: X-Frame-Options has
      // no "allow all" value, so it may not reach an embed at all.)
      { source: "/:path((?!embed/).*)", headers: noFraming },
      { source: "/embed/:path*", headers: embedFraming },
    ];
  },
};

export default nextConfig;
