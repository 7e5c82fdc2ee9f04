import { Alert, Button, ClipboardCopy, Modal, ModalVariant } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import type { ApiKey } from "./api";

type Props = { created: ApiKey; previous?: ApiKey; onClose: () => void };

/** The only moment the secret is visible: the server keeps a hash, and this page forgets it on close. */
export const SecretModal = ({ created, previous, onClose }: Props) => {
  const { t } = useTranslation();
  const graceUntil = previous?.graceUntil ? new Date(previous.graceUntil * 1000).toLocaleString() : undefined;
  return (
    <Modal
      variant={ModalVariant.medium}
      title={t("kpApiKeysSecretTitle", { name: created.name })}
      isOpen
      onClose={onClose}
      actions={[
        <Button key="done" data-testid="secret-done" onClick={onClose}>
          {t("kpApiKeysSecretDone")}
        </Button>,
      ]}
    >
      <Alert variant="warning" isInline title={t("kpApiKeysSecretWarning")} className="pf-v5-u-mb-md" />
      <ClipboardCopy isReadOnly hoverTip={t("kpApiKeysCopy")} clickTip={t("kpApiKeysCopied")} data-testid="api-key-secret">
        {created.key ?? ""}
      </ClipboardCopy>
      {graceUntil && (
        <Alert variant="info" isInline isPlain className="pf-v5-u-mt-md" data-testid="grace-window"
          title={t("kpApiKeysGrace", { until: graceUntil })} />
      )}
    </Modal>
  );
};
