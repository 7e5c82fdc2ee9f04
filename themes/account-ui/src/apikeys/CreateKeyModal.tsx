import { useEnvironment, type AccountEnvironment } from "@keycloak/keycloak-account-ui";

import { Alert, Button, Checkbox, Form, FormGroup, FormSelect, FormSelectOption, Modal, ModalVariant, TextInput } from "@patternfly/react-core";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { createKey, type ApiKey } from "./api";
import { useErrorText } from "./useErrorText";

type Props = { permissions: string[]; onClose: () => void; onCreated: (key: ApiKey) => void };

const EXPIRY_DAYS = [0, 7, 30, 90, 365];

/** "a, b  c" → ["a", "b", "c"]: lists typed into one field, separated by commas or spaces. */
const words = (text: string) => text.split(/[\s,]+/).filter((word) => word.length > 0);

/** A whole number typed into a field, or nothing when the field is empty (the server says what is out of bounds). */
const count = (text: string) => (text.trim() ? Number(text.trim()) : undefined);

const REFILLS = ["", "day", "month"] as const;

/**
 * Name, scopes from the person's own permissions (a key never grants more), an expiry, and optionally the resource
 * servers its tokens are for and the addresses it may be used from.
 */
export const CreateKeyModal = ({ permissions, onClose, onCreated }: Props) => {
  const { t } = useTranslation();
  const context = useEnvironment<AccountEnvironment>();
  const errorText = useErrorText();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>([]);
  const [days, setDays] = useState(90);
  const [audiences, setAudiences] = useState("");
  const [sources, setSources] = useState("");
  const [perMinute, setPerMinute] = useState("");
  const [usageLimit, setUsageLimit] = useState("");
  const [refill, setRefill] = useState<(typeof REFILLS)[number]>("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const expiresAt = days > 0 ? Math.floor(Date.now() / 1000) + days * 86_400 : undefined;
      onCreated(await createKey(context, {
        name: name.trim(), scopes, expiresAt, audiences: words(audiences), allowedSources: words(sources),
        exchangesPerMinute: count(perMinute), usageLimit: count(usageLimit), usageRefill: refill || undefined,
      }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (scope: string, checked: boolean) =>
    setScopes((current) => (checked ? [...current, scope] : current.filter((s) => s !== scope)));

  return (
    <Modal
      variant={ModalVariant.medium}
      title={t("kpApiKeysCreate")}
      isOpen
      onClose={onClose}
      actions={[
        <Button key="create" data-testid="create-submit" isDisabled={!name.trim() || busy} isLoading={busy} onClick={() => submit()}>
          {t("kpApiKeysCreateSubmit")}
        </Button>,
        <Button key="cancel" variant="link" onClick={onClose}>
          {t("kpApiKeysCancel")}
        </Button>,
      ]}
    >
      {error && <Alert variant="danger" isInline title={error} data-testid="create-error" className="pf-v5-u-mb-md" />}
      <Form onSubmit={submit}>
        <FormGroup label={t("kpApiKeysName")} isRequired fieldId="api-key-name">
          <TextInput id="api-key-name" data-testid="api-key-name" value={name} onChange={(_, value) => setName(value)} />
        </FormGroup>
        <FormGroup label={t("kpApiKeysScopes")} fieldId="api-key-scopes" role="group">
          {permissions.length === 0 && <p>{t("kpApiKeysNoPermissions")}</p>}
          {permissions.map((scope) => (
            <Checkbox key={scope} id={`scope-${scope}`} data-testid={`scope-${scope}`} label={scope}
              isChecked={scopes.includes(scope)} onChange={(_, checked) => toggle(scope, checked)} />
          ))}
        </FormGroup>
        <FormGroup label={t("kpApiKeysExpires")} fieldId="api-key-expiry">
          <FormSelect id="api-key-expiry" data-testid="api-key-expiry" value={days} onChange={(_, value) => setDays(Number(value))}>
            {EXPIRY_DAYS.map((d) => (
              <FormSelectOption key={d} value={d} label={d === 0 ? t("kpApiKeysNever") : t("kpApiKeysInDays", { days: d })} />
            ))}
          </FormSelect>
        </FormGroup>
        <FormGroup label={t("kpApiKeysAudiences")} fieldId="api-key-audiences">
          <TextInput id="api-key-audiences" data-testid="api-key-audiences" value={audiences}
            placeholder={t("kpApiKeysAudiencesHint")} onChange={(_, value) => setAudiences(value)} />
        </FormGroup>
        <FormGroup label={t("kpApiKeysAllowedSources")} fieldId="api-key-sources">
          <TextInput id="api-key-sources" data-testid="api-key-sources" value={sources}
            placeholder={t("kpApiKeysAllowedSourcesHint")} onChange={(_, value) => setSources(value)} />
        </FormGroup>
        <FormGroup label={t("kpApiKeysPerMinute")} fieldId="api-key-per-minute">
          <TextInput id="api-key-per-minute" data-testid="api-key-per-minute" type="number" value={perMinute}
            placeholder={t("kpApiKeysPerMinuteHint")} onChange={(_, value) => setPerMinute(value)} />
        </FormGroup>
        <FormGroup label={t("kpApiKeysUsageLimit")} fieldId="api-key-usage-limit">
          <TextInput id="api-key-usage-limit" data-testid="api-key-usage-limit" type="number" value={usageLimit}
            placeholder={t("kpApiKeysUsageLimitHint")} onChange={(_, value) => setUsageLimit(value)} />
          <FormSelect id="api-key-usage-refill" data-testid="api-key-usage-refill" value={refill}
            aria-label={t("kpApiKeysUsageRefill")} onChange={(_, value) => setRefill(value as (typeof REFILLS)[number])}>
            {REFILLS.map((r) => (
              <FormSelectOption key={r} value={r} label={t(`kpApiKeysRefill_${r || "never"}`)} />
            ))}
          </FormSelect>
        </FormGroup>
      </Form>
    </Modal>
  );
};
