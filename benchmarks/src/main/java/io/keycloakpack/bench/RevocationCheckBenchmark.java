package io.keycloakpack.bench;

import com.nimbusds.jwt.JWTClaimsSet;
import io.keycloakpack.contract.RevocationSchema;
import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.revocation.client.view.RevocationView;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The resource server's revocation check of one token against views holding 10^3 to 10^6 revoked entries. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RevocationCheckBenchmark {

    @Param({"1000", "100000", "1000000"})
    public int entries;

    private RevocationView view;
    private JWTClaimsSet token;

    @Setup(Level.Trial)
    public void fill() {
        long heapBefore = usedHeap();
        view = new RevocationView(Clock.systemUTC());
        long expires = Instant.now().getEpochSecond() + 3600;
        for (int i = 0; i < entries; i++) {
            if (i % 2 == 0) {
                view.apply(Kind.TOKEN, RevocationSchema.tokenDigest("revoked-" + i), 0, expires);
            } else {
                view.apply(Kind.USER, "user-" + i, expires - 3600, expires);
            }
        }
        System.out.printf("%n[heap] revocation view with %d entries: %.1f MB%n", entries,
                (usedHeap() - heapBefore) / 1e6);
        token = new JWTClaimsSet.Builder().jwtID("onrtac:0f8fad5b-d9cb-469f-a165-70867728950e").subject("user-x")
                .issueTime(new Date()).claim("sid", "session-x").claim("azp", "app").build();
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @Benchmark
    public boolean isRevoked() {
        return view.isRevoked(token);
    }
}
