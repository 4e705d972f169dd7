/**
 * TRUST_PROXY parsed: which peers are reverse proxies whose X-Forwarded-* headers are believed
 * (server/ops/proxy.ts explains why). Apart from proxy.ts because server/env.ts parses it, and the
 * logger (which proxy.ts uses) reads its settings from server/env.ts: no import cycle.
 *
 * TRUST_PROXY is a comma-separated list of addresses, CIDR ranges (`10.0.0.0/8`, `fd00::/8`) and
 * the names `loopback` (127.0.0.0/8, ::1), `private` (10/8, 172.16/12, 192.168/16, fc00::/7) and
 * `linklocal` (169.254/16, fe80::/10). `false` or unset: no proxy is trusted.
 */
import { BlockList, isIP } from "node:net";

const PRESETS: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
  linklocal: ["169.254.0.0/16", "fe80::/10"],
};

export interface TrustProxy {
  /** What was configured, for logs and messages. */
  readonly description: string;
  trusts(address: string | undefined): boolean;
}

export const TRUST_NOBODY: TrustProxy = { description: "none", trusts: () => false };

/** "::ffff:10.0.0.1" (IPv4 on a dual-stack socket) is 10.0.0.1. */
export function normaliseAddress(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const trimmed = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(trimmed) ? trimmed.slice(7) : trimmed;
}

/** Parses TRUST_PROXY; throws an Error whose message says what is wrong. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const raw = (value ?? "").trim();
  if (raw === "" || raw === "false") return TRUST_NOBODY;
  const list = new BlockList();
  for (const entry of raw.split(",").map((e) => e.trim()).filter(Boolean)) {
    for (const item of PRESETS[entry] ?? [entry]) {
      const [address, bits, extra] = item.split("/");
      const family = isIP(address);
      const type = family === 6 ? "ipv6" : "ipv4";
      const prefix = bits === undefined ? undefined : Number(bits);
      if (
        family === 0 ||
        extra !== undefined ||
        (prefix !== undefined && (!/^\d{1,3}$/.test(bits) || prefix > (family === 6 ? 128 : 32)))
      ) {
        throw new Error(`"${entry}" is not an address, a CIDR range, loopback, private or linklocal`);
      }
      if (prefix === undefined) list.addAddress(address, type);
      else list.addSubnet(address, prefix, type);
    }
  }
  return {
    description: raw,
    trusts(address) {
      const a = normaliseAddress(address);
      const family = a ? isIP(a) : 0;
      return family !== 0 && list.check(a!, family === 6 ? "ipv6" : "ipv4");
    },
  };
}
