package io.keycloakpack.apikey.leak;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What GitHub's secret-scanning partner program posts (one entry per leaked token) and what it takes back. */
public final class LeakReport {

    private LeakReport() {
    }

    /** One match: the token as found, the partner's name for its type, and where it was found. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String token, String type, String url, String source) {
    }

    /**
     * Feedback on one entry: {@code true_positive} for a key of this realm (now revoked), {@code false_positive} for
     * anything else. The token is named by its SHA-256, never echoed.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Feedback(@JsonProperty("token_hash") String tokenHash, @JsonProperty("token_type") String tokenType,
            String label) {

        static Feedback of(Entry entry, boolean isOurs) {
            return new Feedback(sha256(entry.token()), entry.type(), isOurs ? "true_positive" : "false_positive");
        }

        private static String sha256(String token) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256")
                        .digest(String.valueOf(token).getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("Every Java runtime has SHA-256", e);
            }
        }
    }
}
