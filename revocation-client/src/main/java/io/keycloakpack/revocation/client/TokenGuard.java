package io.keycloakpack.revocation.client;

import io.keycloakpack.revocation.client.jwt.JwtVerifier;
import io.keycloakpack.revocation.client.jwt.Refusal;
import io.keycloakpack.revocation.client.jwt.Verification;
import io.keycloakpack.revocation.client.view.Freshness;
import io.keycloakpack.revocation.client.view.RevocationView;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a resource server asks of every bearer token: verified locally against the realm's keys, then not revoked
 * according to the in-memory view of Redis. When that view has not heard from Redis for longer than the staleness
 * bound, tokens are refused (fail closed, the default) or accepted (fail open), and counted either way.
 */
public final class TokenGuard {

    /** What to do with a token when the revocation state may be out of date. */
    public enum WhenStale { FAIL_CLOSED, FAIL_OPEN }

    private final JwtVerifier verifier;
    private final RevocationView view;
    private final Freshness freshness;
    private final Duration stalenessBound;
    private final WhenStale whenStale;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder checkedWhileStale = new LongAdder();

    public TokenGuard(JwtVerifier verifier, RevocationView view, Freshness freshness, Duration stalenessBound,
            WhenStale whenStale) {
        this.verifier = verifier;
        this.view = view;
        this.freshness = freshness;
        this.stalenessBound = stalenessBound;
        this.whenStale = whenStale;
    }

    public Verification check(String bearerToken) {
        Verification result = verifier.verify(bearerToken);
        return count(result instanceof Verification.Accepted ok ? checkRevocation(ok) : result);
    }

    /**
     * Only the revocation check, for frameworks that verify signatures themselves (Spring Security's decoder);
     * {@code claims} must come from a token already verified.
     */
    public Verification checkRevocation(com.nimbusds.jwt.JWTClaimsSet claims) {
        return count(checkRevocation(new Verification.Accepted(claims)));
    }

    private Verification count(Verification result) {
        (result.isAccepted() ? accepted : refused).increment();
        return result;
    }

    private Verification checkRevocation(Verification.Accepted ok) {
        if (!freshness.isReady()) {
            checkedWhileStale.increment();
            return Verification.refused(Refusal.REVOCATION_STATE_STALE, "Revocation state not loaded yet");
        }
        if (freshness.isStale(stalenessBound)) {
            checkedWhileStale.increment();
            if (whenStale == WhenStale.FAIL_CLOSED) {
                return Verification.refused(Refusal.REVOCATION_STATE_STALE,
                        "Revocation state not confirmed for over " + stalenessBound.toSeconds() + " s");
            }
        }
        return view.isRevoked(ok.claims()) ? Verification.refused(Refusal.REVOKED, "Token revoked") : ok;
    }

    /**
     * Whether every token would be refused now because the revocation state may be out of date: not loaded yet,
     * or (failing closed) not confirmed by its source within the bound. Frameworks answer such requests 503, not 401.
     */
    public boolean refusesAsStale() {
        return !freshness.isReady() || (whenStale == WhenStale.FAIL_CLOSED && isStale());
    }

    /** Whether the revocation state has not been confirmed by its source within the staleness bound. */
    public boolean isStale() {
        return freshness.isStale(stalenessBound);
    }

    /** Whether the revocation view has been loaded: the readiness signal for a probe or a filter. */
    public boolean isReady() {
        return freshness.isReady();
    }

    /** Counters for metrics: tokens accepted, refused, and checked while the revocation state was stale. */
    public Stats stats() {
        return new Stats(accepted.sum(), refused.sum(), checkedWhileStale.sum(), view.size());
    }

    public record Stats(long accepted, long refused, long checkedWhileStale, int revocationEntries) {
    }
}
