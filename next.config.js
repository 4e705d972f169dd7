/**
 * Next.js config. The desk must never be framed by another site (clickjacking); embed routes
 * that may be framed come in a later issue and will get their own header rule.
 * @type {import('next').NextConfig}
 */
const securityHeaders = [
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
];

const nextConfig = {
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tsc --noEmit) before anything else; checking again
  // inside `next build` would double the build time of `npm start` and let a test file block it.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  // The desk talks to its own server; the realtime server and Prisma are outside Next's bundle.
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
