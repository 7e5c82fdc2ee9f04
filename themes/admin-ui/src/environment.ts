import type { AdminEnvironment } from "@keycloak/keycloak-admin-ui";

/** What Keycloak's admin index.ftl (inherited from keycloak.v2) injects into the page: realm, URLs, client id. */
export const environment: AdminEnvironment = JSON.parse(document.getElementById("environment")!.textContent!);
