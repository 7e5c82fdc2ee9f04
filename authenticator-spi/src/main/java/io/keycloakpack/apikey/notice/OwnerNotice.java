package io.keycloakpack.apikey.notice;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * An email to a key's owner through Keycloak's own email sender and the realm's email theme, in the owner's locale.
 * The templates and messages travel in this JAR ({@code theme-resources/}), which Keycloak adds to every theme. A
 * notice never fails what caused it: a realm without SMTP, an owner without an email address or a refused delivery
 * is a log line.
 */
public final class OwnerNotice {

    /** A key found in public and revoked. Subject: the key's name; attributes keyName, keyId, foundAt. */
    public static final OwnerNotice LEAKED = new OwnerNotice("keycloakPackApiKeyLeakedSubject",
            "keycloak-pack-api-key-leaked.ftl");

    /** A key about to expire. Subject: the key's name; attributes keyName, keyId, expiresOn. */
    public static final OwnerNotice EXPIRING = new OwnerNotice("keycloakPackApiKeyExpiringSubject",
            "keycloak-pack-api-key-expiring.ftl");

    /** What became of a notice. */
    public enum Delivery {
        SENT,
        /** The owner has no email address or the realm no SMTP server: nothing to retry. */
        NO_ADDRESS,
        /** The SMTP server refused it or could not be reached: worth trying again later. */
        FAILED
    }

    private static final Logger LOG = Logger.getLogger(OwnerNotice.class);

    private final String subjectKey;
    private final String template;

    private OwnerNotice(String subjectKey, String template) {
        this.subjectKey = subjectKey;
        this.template = template;
    }

    /** Sends the notice now (callers send after their transaction commits, so nothing is told that did not happen). */
    public Delivery send(KeycloakSession session, RealmModel realm, UserModel owner, String keyName,
            Map<String, Object> attributes) {
        if (owner.getEmail() == null || realm.getSmtpConfig() == null || realm.getSmtpConfig().isEmpty()) {
            LOG.infof("Realm '%s': no email to user '%s' about API key '%s' (no address or no SMTP server)",
                    realm.getName(), owner.getId(), keyName);
            return Delivery.NO_ADDRESS;
        }
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(owner)
                    .send(subjectKey, List.of(keyName), template, new HashMap<>(attributes));
            return Delivery.SENT;
        } catch (EmailException | RuntimeException e) {
            LOG.warnf("Realm '%s': email to user '%s' about API key '%s' failed: %s", realm.getName(), owner.getId(),
                    keyName, e.toString());
            return Delivery.FAILED;
        }
    }
}
