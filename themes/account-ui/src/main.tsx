import "@patternfly/patternfly/patternfly-addons.css";
import "@patternfly/patternfly/patternfly.css";

import { KeycloakProvider, routes } from "@keycloak/keycloak-account-ui";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter, RouterProvider, type RouteObject } from "react-router-dom";
import { ApiKeysPage } from "./apikeys/ApiKeysPage";
import { environment } from "./environment";
import { i18n } from "./i18n";
import { Root } from "./Root";

/** Keycloak's own account pages, plus the API keys page (content.json adds its menu entry). */
const router = createBrowserRouter([
  {
    path: decodeURIComponent(new URL(environment.baseUrl).pathname.substring(1)),
    element: <Root />,
    children: [...routes, { path: "api-keys", element: <ApiKeysPage /> }] as RouteObject[],
  },
]);

i18n.init().then(() => {
  createRoot(document.getElementById("app")!).render(
    <StrictMode>
      <KeycloakProvider environment={environment}>
        <RouterProvider router={router} />
      </KeycloakProvider>
    </StrictMode>,
  );
});
