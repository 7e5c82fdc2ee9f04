import "@patternfly/patternfly/patternfly-addons.css";
import "@patternfly/react-core/dist/styles/base.css";
import "@keycloak/keycloak-admin-ui/styles.css";

import { AdminUi, KeycloakProvider, routes } from "@keycloak/keycloak-admin-ui";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createHashRouter, RouterProvider, type RouteObject } from "react-router-dom";
import { ApiKeysRoute } from "./apikeys/ApiKeysRoute";
import { environment } from "./environment";
import { i18n } from "./i18n";

/** Keycloak's own admin console with one more page: the realm's API keys (nav entry: the pack's UiPageProvider). */
const router = createHashRouter([
  {
    path: "/",
    element: (
      <KeycloakProvider environment={environment}>
        <AdminUi />
      </KeycloakProvider>
    ),
    children: [ApiKeysRoute, ...routes] as RouteObject[],
  },
]);

await i18n.init();

createRoot(document.getElementById("app")!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
