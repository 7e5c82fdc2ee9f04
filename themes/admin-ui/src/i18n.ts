import { createInstance } from "i18next";
import FetchBackend from "i18next-fetch-backend";
import { initReactI18next } from "react-i18next";
import { environment } from "./environment";

type KeyValue = { key: string; value: string };

/**
 * Keycloak's admin messages merged with the theme's own (messages_*.properties), as the stock console loads them;
 * the console's pages in the admin-ui library share this instance through react-i18next.
 */
export const i18n = createInstance({
  fallbackLng: "en",
  keySeparator: ".",
  interpolation: { escapeValue: false },
  backend: {
    loadPath: `${environment.serverBaseUrl.replace(/\/$/, "")}/resources/${environment.realm}/admin/{{lng}}`,
    parse: (data: string) =>
      Object.fromEntries((JSON.parse(data) as KeyValue[]).map(({ key, value }) => [key, value])),
  },
});

i18n.use(FetchBackend).use(initReactI18next);
