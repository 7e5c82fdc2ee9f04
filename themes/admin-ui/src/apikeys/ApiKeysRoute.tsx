import { lazy } from "react";

const ApiKeysPage = lazy(() => import("./ApiKeysPage"));

/**
 * The realm's API keys, where the console's nav links the pack's UiPageProvider "api-keys": its static last
 * segment wins over the stock page-section route. The AuthWall lets in admins who may view users.
 */
export const ApiKeysRoute = {
  path: "/:realm/page-section/api-keys",
  element: <ApiKeysPage />,
  handle: { access: "view-users", breadcrumb: () => "API keys" },
};
