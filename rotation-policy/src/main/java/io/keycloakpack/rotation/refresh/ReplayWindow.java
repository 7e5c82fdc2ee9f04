package io.keycloakpack.rotation.refresh;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * The grace window of one presented refresh token. The first use claims the window (cluster-wide, through
 * Keycloak's single-use store) and records its answer; a repeat within the window gets that same answer, so a
 * retry after a lost response, or a concurrent refresh by a second tab, neither forks the token family nor
 * looks like a replay. The answer holds fresh tokens, so it is stored encrypted under a key derived from the
 * presented refresh token: only someone who holds that token can read it back.
 */
final class ReplayWindow {

    /** What the first use answered: a token response body or an OAuth error. */
    record Answer(boolean success, String body) {
    }

    private static final String CLAIM = "kcpack.refresh.claim.";
    private static final String ANSWER = "kcpack.refresh.answer.";
    private static final String SPENT = "kcpack.refresh.spent.";
    private static final String SUCCESS = "ok";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV_BYTES = 12;

    private final SingleUseObjectProvider store;
    private final int graceSeconds;
    private final String id;
    private final byte[] key;

    /**
     * The window of {@code presentedToken} as presented by {@code clientId}: another client presenting the same
     * token neither reads this window's answer nor records one for it (Keycloak refuses it on its own).
     */
    ReplayWindow(SingleUseObjectProvider store, String clientId, String presentedToken, int graceSeconds) {
        this.store = store;
        this.graceSeconds = graceSeconds;
        this.id = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256("id:" + clientId + ":"
                + presentedToken));
        this.key = sha256("key:" + presentedToken);
    }

    /** True for the first use within the window; every later call until it closes gets false. */
    boolean claim() {
        return store.putIfAbsent(CLAIM + id, graceSeconds);
    }

    void record(Answer answer) {
        store.put(ANSWER + id, graceSeconds, Map.of("s", answer.success() ? SUCCESS : "error",
                "v", encrypt(answer.body())));
    }

    /** The first use's answer once it is recorded; empty while it is in progress. */
    Optional<Answer> answer() {
        Map<String, String> notes = store.get(ANSWER + id);
        if (notes == null || notes.get("v") == null) {
            return Optional.empty();
        }
        return Optional.of(new Answer(SUCCESS.equals(notes.get("s")), decrypt(notes.get("v"))));
    }

    /** Whether the first use still holds the window; false once it closed or the first use gave up. */
    boolean claimed() {
        return store.contains(CLAIM + id);
    }

    void release() {
        store.remove(CLAIM + id);
    }

    /**
     * Remembers the presented token as used for {@code seconds}: a use after the window is then a replay. Keycloak's
     * store writes it when the request's transaction commits, so a refresh that rolls back spends nothing.
     */
    void markSpent(int seconds) {
        store.put(SPENT + id, seconds, Map.of());
    }

    boolean spent() {
        return store.contains(SPENT + id);
    }

    /** Waits for the first use's answer, polling; empty when it does not come in time or the claim lapsed. */
    Optional<Answer> await(long timeoutMillis, Supplier<Boolean> keepWaiting) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            Optional<Answer> answer = answer();
            if (answer.isPresent() || !keepWaiting.get()) {
                return answer;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private String encrypt(String plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    private String decrypt(String stored) {
        try {
            byte[] bytes = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(128, bytes, 0, IV_BYTES));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A recorded refresh answer could not be decrypted", e);
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
