import type { KeycloakAdminClient } from "@keycloak/keycloak-admin-client/lib/client";

/** A key as GET /admin/realms/{realm}/api-keys lists it (metadata only; times in epoch seconds). */
export type AdminApiKey = {
  id: string;
  name: string;
  prefix: string;
  ownerId: string;
  scopes: string[];
  audiences: string[];
  allowedSources: string[];
  state: "ACTIVE" | "ROTATING_OUT" | "REVOKED";
  expiresAt?: number;
  lastUsedAt?: number;
  lastUsedFrom?: string;
  graceUntil?: number;
  lockedUntil?: number;
  exchangesPerMinute?: number;
  exchangesPerHour?: number;
  usageLimit?: number;
  usageRefill?: string;
  usageRemaining?: number;
};

/** The pack's admin endpoints, called with the console's own admin token. */
async function call(adminClient: KeycloakAdminClient, realm: string, path: string, method = "GET") {
  const response = await fetch(`${adminClient.baseUrl}/admin/realms/${encodeURIComponent(realm)}/api-keys${path}`, {
    method,
    headers: { Authorization: `Bearer ${await adminClient.getAccessToken()}`, Accept: "application/json" },
  });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(body.error_description ?? body.error ?? `HTTP ${response.status}`);
  }
  return response;
}

/** The most keys one page lists (the server's own maximum per request); the owner filter narrows it down. */
export const LIST_MAX = 500;

export async function listKeys(adminClient: KeycloakAdminClient, realm: string, ownerId?: string) {
  const query = new URLSearchParams({ max: String(LIST_MAX), ...(ownerId ? { owner: ownerId } : {}) });
  return (await (await call(adminClient, realm, `?${query}`)).json()) as AdminApiKey[];
}

export async function revokeKey(adminClient: KeycloakAdminClient, realm: string, id: string) {
  await call(adminClient, realm, `/${encodeURIComponent(id)}`, "DELETE");
}
