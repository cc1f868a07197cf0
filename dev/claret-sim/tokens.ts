// API tokens in Laravel Sanctum's shape, `<id>|<40 letters/digits>`, valid until revoked or expired.

import { randomInt } from "node:crypto";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export class TokenRegistry {
  private seq = 0;
  private readonly valid = new Map<string, { seq: number; tenant: string }>();

  /** A fresh token; secrets are random (crypto), not seeded: a token is not demo data. */
  issue(tenant: string): string {
    this.seq++;
    let secret = "";
    for (let i = 0; i < 40; i++) secret += ALNUM[randomInt(ALNUM.length)];
    const token = `${this.seq}|${secret}`;
    this.valid.set(token, { seq: this.seq, tenant });
    return token;
  }

  /** The token's sequence number if it is valid for the tenant. */
  check(token: string | undefined, tenant: string): number | undefined {
    if (token === undefined) return undefined;
    const t = this.valid.get(token);
    return t && t.tenant === tenant ? t.seq : undefined;
  }

  expire(token: string): void {
    this.valid.delete(token);
  }

  revokeAll(): void {
    this.valid.clear();
  }

  get newestSeq(): number {
    return this.seq;
  }
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return m?.[1];
}
