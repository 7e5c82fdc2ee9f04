// useEnvironment must come from the same package as the KeycloakProvider in main.tsx: each carries its own context.
import { Page, useEnvironment, type AccountEnvironment } from "@keycloak/keycloak-account-ui";

import { Alert, Button, EmptyState, EmptyStateBody, Label, Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { listKeys, listPermissions, revokeKey, rotateKey, type ApiKey } from "./api";
import { ConfirmRevokeModal } from "./ConfirmRevokeModal";
import { CreateKeyModal } from "./CreateKeyModal";
import { SecretModal } from "./SecretModal";
import { useErrorText } from "./useErrorText";

/** The caller's API keys: list, create (secret shown once), rotate (with the grace window), revoke. */
export const ApiKeysPage = () => {
  const { t } = useTranslation();
  const context = useEnvironment<AccountEnvironment>();
  const errorText = useErrorText();
  const [keys, setKeys] = useState<ApiKey[]>();
  const [permissions, setPermissions] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey>();
  const [secret, setSecret] = useState<{ key: ApiKey; previous?: ApiKey }>();

  const refresh = useCallback(async () => {
    try {
      const [loaded, allowed] = await Promise.all([listKeys(context), listPermissions(context)]);
      setKeys(loaded);
      setPermissions(allowed);
      return loaded;
    } catch (e) {
      setError(errorText(e));
      return undefined;
    }
  }, [context, errorText]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const run = async (action: () => Promise<void>) => {
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const rotate = (key: ApiKey) =>
    run(async () => {
      const replacement = await rotateKey(context, key.id);
      const loaded = await refresh();
      setSecret({ key: replacement, previous: loaded?.find((k) => k.id === key.id) });
    });

  const revoke = (key: ApiKey) =>
    run(async () => {
      setRevoking(undefined);
      await revokeKey(context, key.id);
      await refresh();
    });

  return (
    <Page title={t("kpApiKeys")} description={t("kpApiKeysDescription")}>
      {error && (
        <Alert variant="danger" isInline title={error} data-testid="api-keys-error" className="pf-v5-u-mb-md" />
      )}
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <Button data-testid="create-api-key" onClick={() => setCreating(true)}>
              {t("kpApiKeysCreate")}
            </Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {keys && keys.length === 0 && (
        <EmptyState>
          <EmptyStateBody>{t("kpApiKeysNone")}</EmptyStateBody>
        </EmptyState>
      )}
      {keys && keys.length > 0 && <KeyTable keys={keys} onRotate={rotate} onRevoke={setRevoking} />}
      {creating && (
        <CreateKeyModal
          permissions={permissions}
          onClose={() => setCreating(false)}
          onCreated={async (key) => {
            setCreating(false);
            setSecret({ key });
            await refresh();
          }}
        />
      )}
      {secret && <SecretModal created={secret.key} previous={secret.previous} onClose={() => setSecret(undefined)} />}
      {revoking && (
        <ConfirmRevokeModal apiKey={revoking} onConfirm={() => revoke(revoking)} onCancel={() => setRevoking(undefined)} />
      )}
    </Page>
  );
};

type KeyTableProps = { keys: ApiKey[]; onRotate: (key: ApiKey) => void; onRevoke: (key: ApiKey) => void };

const KeyTable = ({ keys, onRotate, onRevoke }: KeyTableProps) => {
  const { t } = useTranslation();
  const when = (seconds?: number) => (seconds ? new Date(seconds * 1000).toLocaleString() : t("kpApiKeysNever"));
  return (
    <Table aria-label={t("kpApiKeys")} variant="compact" data-testid="api-keys-table">
      <Thead>
        <Tr>
          <Th>{t("kpApiKeysName")}</Th>
          <Th>{t("kpApiKeysPrefix")}</Th>
          <Th>{t("kpApiKeysScopes")}</Th>
          <Th>{t("kpApiKeysRestrictions")}</Th>
          <Th>{t("kpApiKeysCreated")}</Th>
          <Th>{t("kpApiKeysExpires")}</Th>
          <Th>{t("kpApiKeysLastUsed")}</Th>
          <Th>{t("kpApiKeysState")}</Th>
          <Th screenReaderText={t("kpApiKeysActions")} />
        </Tr>
      </Thead>
      <Tbody>
        {keys.map((key) => (
          <Tr key={key.id} data-testid={`api-key-${key.name}`} data-state={key.state}>
            <Td>{key.name}</Td>
            <Td>
              <code>{key.prefix}</code>
            </Td>
            <Td>{key.scopes.length ? key.scopes.map((s) => <Label key={s} isCompact className="pf-v5-u-mr-xs">{s}</Label>) : t("kpApiKeysAllScopes")}</Td>
            <Td data-testid={`api-key-restrictions-${key.name}`}>
              <Restrictions label={t("kpApiKeysAudiences")} values={key.audiences} />
              <Restrictions label={t("kpApiKeysAllowedSources")} values={key.allowedSources} />
              <Limits apiKey={key} />
              {!key.audiences.length && !key.allowedSources.length && !isLimited(key) && t("kpApiKeysUnrestricted")}
            </Td>
            <Td>{when(key.createdAt)}</Td>
            <Td>{when(key.expiresAt)}</Td>
            <Td>{key.lastUsedAt ? when(key.lastUsedAt) : t("kpApiKeysNeverUsed")}</Td>
            <Td>
              {key.state === "ROTATING_OUT"
                ? t("kpApiKeysRotatingOut", { until: when(key.graceUntil) })
                : t(`kpApiKeysState_${key.state}`)}
              {key.lockedUntil && (
                <div data-testid={`api-key-locked-${key.name}`}>
                  {t("kpApiKeysLocked", { until: when(key.lockedUntil) })}
                </div>
              )}
            </Td>
            <Td isActionCell>
              {key.state === "ACTIVE" && (
                <Button variant="secondary" size="sm" className="pf-v5-u-mr-sm" data-testid="rotate" onClick={() => onRotate(key)}>
                  {t("kpApiKeysRotate")}
                </Button>
              )}
              {key.state !== "REVOKED" && (
                <Button variant="danger" size="sm" data-testid="revoke" onClick={() => onRevoke(key)}>
                  {t("kpApiKeysRevoke")}
                </Button>
              )}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};

/** One kind of restriction with its values, or nothing when the key has none of that kind. */
const isLimited = (key: ApiKey) =>
  key.exchangesPerMinute !== undefined || key.exchangesPerHour !== undefined || key.usageLimit !== undefined;

/** "60 per minute · 40 of 100 left (refills daily)": the key's own limits, and what is left of its allowance. */
const Limits = ({ apiKey }: { apiKey: ApiKey }) => {
  const { t } = useTranslation();
  const parts = [
    apiKey.exchangesPerMinute !== undefined && t("kpApiKeysPerMinuteShown", { n: apiKey.exchangesPerMinute }),
    apiKey.exchangesPerHour !== undefined && t("kpApiKeysPerHourShown", { n: apiKey.exchangesPerHour }),
    apiKey.usageLimit !== undefined &&
      t("kpApiKeysUsageShown", { left: apiKey.usageRemaining ?? apiKey.usageLimit, limit: apiKey.usageLimit }) +
        (apiKey.usageRefill ? ` (${t(`kpApiKeysRefill_${apiKey.usageRefill}`)})` : ""),
  ].filter(Boolean);
  return parts.length ? <div>{t("kpApiKeysLimits")}: {parts.join(" · ")}</div> : null;
};

const Restrictions = ({ label, values }: { label: string; values: string[] }) =>
  values.length ? (
    <div>
      {label}:{" "}
      {values.map((value) => (
        <Label key={value} isCompact className="pf-v5-u-mr-xs">
          {value}
        </Label>
      ))}
    </div>
  ) : null;
