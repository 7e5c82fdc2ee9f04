import type { AccountEnvironment } from "@keycloak/keycloak-account-ui";
import { getInjectedEnvironment } from "@keycloak/keycloak-ui-shared";

/** What Keycloak's account index.ftl injects into the page: realm, URLs, locale, feature flags. */
export const environment = getInjectedEnvironment<AccountEnvironment>();
