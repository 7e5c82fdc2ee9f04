package io.keycloakpack.apikey.leak;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;
import org.keycloak.util.JsonSerialization;

/**
 * The public keys a secret-scanning partner signs its reports with, as its key URL publishes them (GitHub's format:
 * {@code {"public_keys": [{"key_identifier", "key": PEM}]}}), kept by this node. A report naming a key id not seen
 * yet fetches the URL again, at most once a minute, so that strangers naming made-up key ids cannot turn the
 * endpoint into a stream of requests to the partner.
 */
public final class SignerKeys {

    private static final Logger LOG = Logger.getLogger(SignerKeys.class);
    private static final Duration FETCH_AT_MOST_EVERY = Duration.ofMinutes(1);
    private static final Duration KEEP = Duration.ofHours(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** The key URL could not be read: the report cannot be checked now, and the partner should send it again. */
    public static final class Unavailable extends Exception {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Fetched(Map<String, PublicKey> keys, long atMillis) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Published(@JsonProperty("public_keys") List<PublishedKey> publicKeys) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record PublishedKey(@JsonProperty("key_identifier") String keyIdentifier, @JsonProperty("key") String pem) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ConcurrentMap<String, Fetched> byUrl = new ConcurrentHashMap<>();

    /** The key {@code keyId} published at {@code url}, fetching the URL when this node has not seen it lately. */
    public Optional<PublicKey> find(String url, String keyId) throws Unavailable {
        long now = System.currentTimeMillis();
        Fetched fetched = byUrl.get(url);
        boolean stale = fetched == null || now - fetched.atMillis() > KEEP.toMillis();
        boolean mayRefresh = fetched == null || now - fetched.atMillis() > FETCH_AT_MOST_EVERY.toMillis();
        if (stale || (!fetched.keys().containsKey(keyId) && mayRefresh)) {
            fetched = new Fetched(fetch(url), now);
            byUrl.put(url, fetched);
        }
        return Optional.ofNullable(fetched.keys().get(keyId));
    }

    private Map<String, PublicKey> fetch(String url) throws Unavailable {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            Map<String, PublicKey> keys = new HashMap<>();
            for (PublishedKey key : JsonSerialization.readValue(response.body(), Published.class).publicKeys()) {
                keys.put(key.keyIdentifier(), publicKey(key.pem()));
            }
            return keys;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.warnf("Secret-scanning signer keys at '%s' could not be read: %s", url, e.toString());
            throw new Unavailable("The signer's public keys could not be read", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("Interrupted while reading the signer's public keys", e);
        }
    }

    private static PublicKey publicKey(String pem) throws GeneralSecurityException {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
