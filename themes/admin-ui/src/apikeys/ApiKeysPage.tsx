import { useAdminClient, useConfirmDialog, useRealm, ViewHeader } from "@keycloak/keycloak-admin-ui";
import {
  Alert,
  Button,
  Label,
  PageSection,
  SearchInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { LIST_MAX, listKeys, revokeKey, type AdminApiKey } from "./api";

/**
 * Every key of the realm, or of one owner (filter by username): what it may do, where from, how much, its state,
 * and a revoke action (manage-users of the owner, which the server checks).
 */
export default function ApiKeysPage() {
  const { t } = useTranslation();
  const { adminClient } = useAdminClient();
  const { realm } = useRealm();
  const [owner, setOwner] = useState("");
  const [keys, setKeys] = useState<AdminApiKey[]>();
  const [usernames, setUsernames] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [chosen, setChosen] = useState<AdminApiKey>();
  // Only the newest load may show: an earlier one (all owners) answering late must not overwrite a filtered list.
  const latest = useRef(0);

  const load = useCallback(async (username: string) => {
    const request = ++latest.current;
    setError(undefined);
    try {
      let ownerId: string | undefined;
      if (username.trim()) {
        const [user] = await adminClient.users.find({ realm, username: username.trim(), exact: true });
        if (request !== latest.current) return;
        if (!user) {
          setKeys([]);
          setError(t("kpApiKeysNoSuchOwner", { username: username.trim() }));
          return;
        }
        ownerId = user.id;
      }
      const found = await listKeys(adminClient, realm, ownerId);
      const owners = [...new Set(found.map((key) => key.ownerId))];
      const names = await Promise.all(owners.map((id) => adminClient.users.findOne({ realm, id })));
      if (request !== latest.current) return;
      setUsernames(Object.fromEntries(owners.map((id, i) => [id, names[i]?.username ?? id])));
      setKeys(found);
    } catch (e) {
      if (request === latest.current) setError(String((e as Error).message));
    }
  }, [adminClient, realm, t]);

  useEffect(() => {
    load("");
  }, [load]);

  const [toggleRevoke, RevokeDialog] = useConfirmDialog({
    titleKey: "kpApiKeysRevokeTitle",
    continueButtonLabel: "kpApiKeysRevoke",
    // Children rather than messageKey: the dialog shows one or the other, and the key's name is no message key.
    children: (
      <>
        <p data-testid="revoke-key-name"><strong>{chosen?.name}</strong> <code>{chosen?.prefix}</code></p>
        <p>{t("kpApiKeysRevokeMessage")}</p>
      </>
    ),
    onConfirm: async () => {
      try {
        await revokeKey(adminClient, realm, chosen!.id);
        await load(owner);
      } catch (e) {
        setError(String((e as Error).message));
      }
    },
  });

  return (
    <>
      <RevokeDialog />
      <ViewHeader titleKey={t("kpApiKeys")} subKey={t("kpApiKeysAdminHelp")} />
      <PageSection variant="light">
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <SearchInput
                data-testid="api-keys-owner"
                aria-label={t("kpApiKeysOwnerFilter")}
                placeholder={t("kpApiKeysOwnerFilter")}
                value={owner}
                onChange={(_, value) => setOwner(value)}
                onSearch={(_, value) => load(value)}
                onClear={() => {
                  setOwner("");
                  load("");
                }}
              />
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        {error && <Alert variant="danger" isInline title={error} data-testid="api-keys-error" />}
        {keys && keys.length === 0 && !error && <p data-testid="api-keys-empty">{t("kpApiKeysNone")}</p>}
        {keys && keys.length >= LIST_MAX && <Alert variant="info" isInline isPlain title={t("kpApiKeysFirstOnly", { max: LIST_MAX })} />}
        {keys && keys.length > 0 && (
          <KeyTable keys={keys} usernames={usernames} onRevoke={(key) => {
            setChosen(key);
            toggleRevoke();
          }} />
        )}
      </PageSection>
    </>
  );
}

type KeyTableProps = { keys: AdminApiKey[]; usernames: Record<string, string>; onRevoke: (key: AdminApiKey) => void };

const KeyTable = ({ keys, usernames, onRevoke }: KeyTableProps) => {
  const { t } = useTranslation();
  const when = (seconds?: number) => (seconds ? new Date(seconds * 1000).toLocaleString() : "—");
  return (
    <Table aria-label={t("kpApiKeys")} variant="compact" data-testid="api-keys-table">
      <Thead>
        <Tr>
          <Th>{t("name")}</Th>
          <Th>{t("kpApiKeysPrefix")}</Th>
          <Th>{t("kpApiKeysOwner")}</Th>
          <Th>{t("kpApiKeysScopes")}</Th>
          <Th>{t("kpApiKeysRestrictions")}</Th>
          <Th>{t("kpApiKeysState")}</Th>
          <Th>{t("kpApiKeysExpires")}</Th>
          <Th>{t("kpApiKeysLastUsed")}</Th>
          <Th screenReaderText={t("kpApiKeysActions")} />
        </Tr>
      </Thead>
      <Tbody>
        {keys.map((key) => (
          <Tr key={key.id} data-testid={`api-key-${key.id}`} data-state={key.state}>
            <Td>{key.name}</Td>
            <Td><code>{key.prefix}</code></Td>
            <Td data-testid={`api-key-owner-${key.id}`}>{usernames[key.ownerId] ?? key.ownerId}</Td>
            <Td>{key.scopes.map((s) => <Label key={s} isCompact className="pf-v5-u-mr-xs">{s}</Label>)}</Td>
            <Td data-testid={`api-key-restrictions-${key.id}`}>{restrictions(key).join(" · ") || "—"}</Td>
            <Td data-testid={`api-key-state-${key.id}`}>{key.state}{key.lockedUntil ? ` (${t("kpApiKeysGuessed")})` : ""}</Td>
            <Td>{when(key.expiresAt)}</Td>
            <Td>{key.lastUsedAt ? `${when(key.lastUsedAt)} ${key.lastUsedFrom ?? ""}` : "—"}</Td>
            <Td isActionCell>
              {key.state !== "REVOKED" && (
                <Button variant="danger" size="sm" data-testid={`revoke-${key.id}`} onClick={() => onRevoke(key)}>
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

/** Audiences, sources and limits as one line. */
const restrictions = (key: AdminApiKey) => [
  ...(key.audiences.length ? [`aud: ${key.audiences.join(", ")}`] : []),
  ...(key.allowedSources.length ? [`from: ${key.allowedSources.join(", ")}`] : []),
  ...(key.exchangesPerMinute ? [`${key.exchangesPerMinute}/min`] : []),
  ...(key.exchangesPerHour ? [`${key.exchangesPerHour}/h`] : []),
  ...(key.usageLimit ? [`${key.usageRemaining ?? key.usageLimit} of ${key.usageLimit} left${key.usageRefill ? ` (${key.usageRefill})` : ""}`] : []),
];
