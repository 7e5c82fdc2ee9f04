import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { ApiKeyError } from "./api";

/** Turns a failed call into words for the person: never a blank page or a stack trace. */
export const useErrorText = () => {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiKeyError) {
        if (error.status === 401) {
          return t("kpApiKeysErrorSession");
        }
        if (error.status === 0) {
          return t("kpApiKeysErrorUnreachable");
        }
        return error.message || t("kpApiKeysErrorGeneric", { status: error.status });
      }
      return t("kpApiKeysErrorGeneric", { status: "?" });
    },
    [t],
  );
};
