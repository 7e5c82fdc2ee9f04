import type { AccountEnvironment } from "@keycloak/keycloak-account-ui";
import type { KeycloakContext } from "@keycloak/keycloak-ui-shared";

/** A key as GET /realms/{realm}/api-keys lists it; `key` (the secret) is present only in a create or rotate answer. */
export type ApiKey = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  audiences: string[];
  allowedSources: string[];
  state: "ACTIVE" | "ROTATING_OUT" | "REVOKED";
  createdAt: number;
  expiresAt?: number;
  lastUsedAt?: number;
  graceUntil?: number;
  replacedBy?: string;
  lockedUntil?: number;
  exchangesPerMinute?: number;
  exchangesPerHour?: number;
  usageLimit?: number;
  usageRefill?: "day" | "month";
  usageRemaining?: number;
  key?: string;
};

export type NewApiKey = {
  name: string;
  scopes: string[];
  expiresAt?: number;
  audiences: string[];
  allowedSources: string[];
  exchangesPerMinute?: number;
  usageLimit?: number;
  usageRefill?: "day" | "month";
};

/** A refusal with the words to show: the server's error_description, or what went wrong on the way. */
export class ApiKeyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Context = KeycloakContext<AccountEnvironment>;

async function call<T>(context: Context, path: string, init: RequestInit = {}): Promise<T> {
  const { environment, keycloak } = context;
  try {
    await keycloak.updateToken(30);
  } catch {
    throw new ApiKeyError(401, "session_expired", "");
  }
  let response: Response;
  try {
    response = await fetch(`${environment.serverBaseUrl}/realms/${environment.realm}/api-keys${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${keycloak.token}`,
        Accept: "application/json",
        ...(init.body ? { "Content-Type": "application/json" } : {}),
      },
    });
  } catch {
    throw new ApiKeyError(0, "unreachable", "");
  }
  if (response.status === 204) {
    return undefined as T;
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiKeyError(response.status, body.error ?? "error", body.error_description ?? "");
  }
  return body as T;
}

export const listKeys = (context: Context) => call<ApiKey[]>(context, "");

export const listPermissions = (context: Context) => call<string[]>(context, "/permissions");

export const createKey = (context: Context, key: NewApiKey) =>
  call<ApiKey>(context, "", { method: "POST", body: JSON.stringify(key) });

export const rotateKey = (context: Context, id: string) =>
  call<ApiKey>(context, `/${encodeURIComponent(id)}/rotate`, { method: "POST" });

export const revokeKey = (context: Context, id: string) =>
  call<void>(context, `/${encodeURIComponent(id)}`, { method: "DELETE" });
