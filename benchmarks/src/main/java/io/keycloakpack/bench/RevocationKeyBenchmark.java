package io.keycloakpack.bench;

import io.keycloakpack.contract.RevocationSchema;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The cost of naming a revoked token's Redis key (a SHA-256 of the token id), paid on every check. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RevocationKeyBenchmark {

    private final String tokenId = "onrtac:0f8fad5b-d9cb-469f-a165-70867728950e";

    @Benchmark
    public String revokedTokenKey() {
        return RevocationSchema.revokedTokenKey("demo", tokenId);
    }
}
