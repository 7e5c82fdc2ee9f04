import { Button, Modal, ModalVariant } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import type { ApiKey } from "./api";

type Props = { apiKey: ApiKey; onConfirm: () => void; onCancel: () => void };

export const ConfirmRevokeModal = ({ apiKey, onConfirm, onCancel }: Props) => {
  const { t } = useTranslation();
  return (
    <Modal
      variant={ModalVariant.small}
      title={t("kpApiKeysRevokeTitle", { name: apiKey.name })}
      isOpen
      onClose={onCancel}
      actions={[
        <Button key="confirm" variant="danger" data-testid="confirm-revoke" onClick={onConfirm}>
          {t("kpApiKeysRevoke")}
        </Button>,
        <Button key="cancel" variant="link" onClick={onCancel}>
          {t("kpApiKeysCancel")}
        </Button>,
      ]}
    >
      {t("kpApiKeysRevokeWarning")}
    </Modal>
  );
};
