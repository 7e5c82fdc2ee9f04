package io.keycloakpack.apikey.leak;

import com.fasterxml.jackson.core.type.TypeReference;
import io.keycloakpack.apikey.key.ApiKey;
import io.keycloakpack.apikey.key.ApiKeyFormat;
import io.keycloakpack.apikey.key.MalformedApiKeyException;
import io.keycloakpack.apikey.lifecycle.ApiKeyLifecycle;
import io.keycloakpack.apikey.notice.OwnerNotice;
import io.keycloakpack.apikey.policy.ApiKeyPolicy;
import io.keycloakpack.apikey.store.ApiKeyEntity;
import io.keycloakpack.apikey.store.ApiKeyStore;
import io.keycloakpack.support.rest.JsonError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.util.JsonSerialization;

/**
 * A report of leaked tokens from GitHub's secret-scanning partner program. Nothing in it is read before its ECDSA
 * signature is checked against the key the signer publishes; then every token that is a key of this realm (right
 * format, checksum, prefix and secret) is revoked at once, as its owner would revoke it, the owner is emailed, and
 * the answer says which tokens were keys. Anything else in the report is answered as a false positive, never as an error.
 */
public final class LeakedKeyReports {

    public static final String KEY_ID_HEADER = "Github-Public-Key-Identifier";
    public static final String SIGNATURE_HEADER = "Github-Public-Key-Signature";
    /** A report larger than this is no report a scanner sends. */
    public static final int MAX_REPORT_BYTES = 1 << 20;

    private static final Logger LOG = Logger.getLogger(LeakedKeyReports.class);
    private static final int MAX_URL_IN_EVENT = 500;
    /** GitHub's key ids are 64 hex digits; a stranger's made-up id of another shape costs no fetch of the key URL. */
    private static final Pattern SIGNER_KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final SignerKeys signerKeys;

    public LeakedKeyReports(KeycloakSession session, RealmModel realm, SignerKeys signerKeys) {
        this.session = session;
        this.realm = realm;
        this.signerKeys = signerKeys;
    }

    public Response receive(byte[] report, String keyId, String signature) {
        ApiKeyPolicy policy = ApiKeyPolicy.of(realm);
        if (!policy.secretScanningEnabled()) {
            throw JsonError.notFound("Secret-scanning endpoint (switched off in this realm's key policy)");
        }
        if (report == null || report.length > MAX_REPORT_BYTES) {
            throw new JsonError(Response.Status.REQUEST_ENTITY_TOO_LARGE, "invalid_request",
                    "A report is a JSON array of at most " + MAX_REPORT_BYTES + " bytes");
        }
        requireSignedBySigner(report, policy.secretScanningKeysUrl(), keyId, signature);
        List<LeakReport.Feedback> feedback = entries(report).stream().filter(Objects::nonNull).map(this::handle)
                .toList();
        return Response.ok(feedback, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private void requireSignedBySigner(byte[] report, String keysUrl, String keyId, String signature) {
        if (keyId == null || !SIGNER_KEY_ID.matcher(keyId).matches() || signature == null || signature.isBlank()) {
            throw invalidSignature("Reports must be signed: " + KEY_ID_HEADER + " and " + SIGNATURE_HEADER
                    + " are required");
        }
        PublicKey key;
        try {
            key = signerKeys.find(keysUrl, keyId).orElseThrow(() -> invalidSignature("Unknown signing key"));
        } catch (SignerKeys.Unavailable e) {
            throw new JsonError(Response.Status.SERVICE_UNAVAILABLE, "temporarily_unavailable",
                    "The signer's public keys cannot be read now: send the report again later");
        }
        if (!verifies(key, report, signature)) {
            throw invalidSignature("The signature does not match the report");
        }
    }

    private static boolean verifies(PublicKey key, byte[] report, String signature) {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(report);
            return verifier.verify(Base64.getDecoder().decode(signature.trim()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static List<LeakReport.Entry> entries(byte[] report) {
        try {
            List<LeakReport.Entry> entries = JsonSerialization.readValue(report,
                    new TypeReference<List<LeakReport.Entry>>() { });
            if (entries == null) {
                throw new IOException("null");
            }
            return entries;
        } catch (IOException e) {
            throw JsonError.badRequest("A report is a JSON array of {token, type, url, source}");
        }
    }

    private LeakReport.Feedback handle(LeakReport.Entry entry) {
        Optional<ApiKeyEntity> key = keyOfThisRealm(entry.token());
        key.ifPresent(leaked -> revoke(leaked, entry));
        return LeakReport.Feedback.of(entry, key.isPresent());
    }

    /** The format, checksum and prefix are checked without the database; the secret against the stored hash. */
    private Optional<ApiKeyEntity> keyOfThisRealm(String token) {
        ApiKey presented;
        try {
            presented = ApiKeyFormat.parse(token);
        } catch (MalformedApiKeyException notOurs) {
            return Optional.empty();
        }
        return new ApiKeyStore(session).findByPublicId(realm, presented.publicId())
                .filter(stored -> stored.isIssuedAs(presented));
    }

    private void revoke(ApiKeyEntity key, LeakReport.Entry entry) {
        UserModel owner = session.users().getUserById(realm, key.getOwnerId());
        if (owner == null) {
            return;
        }
        String foundAt = entry.url() == null ? "unknown" : truncate(entry.url());
        if (!new ApiKeyLifecycle(session, realm).revokeLeaked(key, owner, foundAt)) {
            return;
        }
        Map<String, Object> notice = Map.of("keyName", key.getName(), "keyId", key.shownId(""), "foundAt", foundAt);
        String keyName = key.getName();
        // Told once the revocation is committed: an owner must never read of a revocation that was rolled back.
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                OwnerNotice.LEAKED.send(session, realm, owner, keyName, notice);
            }

            @Override
            protected void rollbackImpl() {
                // Nothing was revoked: nothing to tell.
            }
        });
        LOG.warnf("Realm '%s': API key '%s' of user '%s' reported leaked at %s: revoked", realm.getName(),
                key.getPublicId(), owner.getId(), foundAt);
    }

    private static String truncate(String url) {
        return url.length() <= MAX_URL_IN_EVENT ? url : url.substring(0, MAX_URL_IN_EVENT);
    }

    private static JsonError invalidSignature(String description) {
        return new JsonError(Response.Status.UNAUTHORIZED, "invalid_signature", description);
    }
}
