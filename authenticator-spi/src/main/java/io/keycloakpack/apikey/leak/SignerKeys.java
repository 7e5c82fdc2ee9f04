package io.keycloakpack.apikey.leak;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;
import org.keycloak.util.JsonSerialization;

/**
 * The public keys a secret-scanning partner signs its reports with, as its key URL publishes them (GitHub's format:
 * {@code {"public_keys": [{"key_identifier", "key": PEM}]}}), kept by this node. A report naming a key id not seen
 * yet fetches the URL again, at most once a minute (a failed read counts), so that strangers naming made-up key ids
 * cannot turn the endpoint into a stream of requests to the partner or a pile of threads waiting on it.
 */
public final class SignerKeys {

    private static final Logger LOG = Logger.getLogger(SignerKeys.class);
    private static final Duration FETCH_AT_MOST_EVERY = Duration.ofMinutes(1);
    private static final Duration KEEP = Duration.ofHours(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** GitHub's key document is about a kilobyte; a key URL answering more is not a key URL. */
    private static final int MAX_KEYS_DOCUMENT_BYTES = 64 * 1024;

    /** The key URL could not be read: the report cannot be checked now, and the partner should send it again. */
    public static final class Unavailable extends Exception {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * What this node knows of one key URL: the keys last read ({@code fetchedAtMillis}), when it last tried to read
     * them, and whether that try failed.
     */
    private record Fetched(Map<String, PublicKey> keys, long fetchedAtMillis, long attemptedAtMillis,
            boolean lastFailed) {
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
    private final List<String> allowedUrlPrefixes;
    private final Set<String> refusedUrlsLogged = ConcurrentHashMap.newKeySet();

    /**
     * @param allowedUrlPrefixes the only URLs this node reads keys from (the operator's choice, a server option):
     *                           a realm admin names the key URL, and must not make Keycloak call hosts on its network
     */
    public SignerKeys(List<String> allowedUrlPrefixes) {
        this.allowedUrlPrefixes = List.copyOf(allowedUrlPrefixes);
    }

    /**
     * The key {@code keyId} published at {@code url}. The URL is read at most once a minute per node, whatever
     * reports arrive (a failed read counts too), by one request at a time; keys once read keep serving while a later
     * read fails.
     *
     * @throws Unavailable when no keys could ever be read from the URL, or the operator does not allow reading it
     */
    public Optional<PublicKey> find(String url, String keyId) throws Unavailable {
        requireAllowed(url);
        Fetched known = byUrl.get(url);
        if (wantsRead(known, keyId, System.currentTimeMillis())) {
            known = read(url, keyId);
        }
        if (known.keys().isEmpty() && known.lastFailed()) {
            throw new Unavailable("The signer's public keys could not be read", null);
        }
        return Optional.ofNullable(known.keys().get(keyId));
    }

    private void requireAllowed(String url) throws Unavailable {
        if (allowedUrlPrefixes.stream().anyMatch(url::startsWith)) {
            return;
        }
        if (refusedUrlsLogged.size() < 100 && refusedUrlsLogged.add(url)) {
            LOG.warnf("Secret-scanning signer keys URL '%s' is not under the server's allowed prefixes %s: reports "
                    + "are refused until an operator allows it (option secret-scanning-key-url-prefixes)", url,
                    allowedUrlPrefixes);
        }
        throw new Unavailable("The signer's key URL is not allowed on this server", null);
    }

    private static boolean wantsRead(Fetched known, String keyId, long now) {
        if (known == null) {
            return true;
        }
        boolean mayTry = now - known.attemptedAtMillis() > FETCH_AT_MOST_EVERY.toMillis();
        boolean stale = now - known.fetchedAtMillis() > KEEP.toMillis();
        return mayTry && (stale || !known.keys().containsKey(keyId));
    }

    private synchronized Fetched read(String url, String keyId) {
        long now = System.currentTimeMillis();
        Fetched known = byUrl.get(url);
        if (!wantsRead(known, keyId, now)) {
            return known;
        }
        Fetched next;
        try {
            next = new Fetched(fetch(url), now, now, false);
        } catch (Unavailable e) {
            next = known == null ? new Fetched(Map.of(), 0, now, true)
                    : new Fetched(known.keys(), known.fetchedAtMillis(), now, true);
        }
        byUrl.put(url, next);
        return next;
    }

    private Map<String, PublicKey> fetch(String url) throws Unavailable {
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_KEYS_DOCUMENT_BYTES + 1);
            }
            if (response.statusCode() != 200 || body.length > MAX_KEYS_DOCUMENT_BYTES) {
                throw new IOException("HTTP " + response.statusCode() + ", " + body.length + " bytes");
            }
            Map<String, PublicKey> keys = new HashMap<>();
            for (PublishedKey key : JsonSerialization.readValue(body, Published.class).publicKeys()) {
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
