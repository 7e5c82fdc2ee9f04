package io.keycloakpack.bench.apikey;

import io.keycloakpack.apikey.key.ApiKey;
import io.keycloakpack.apikey.key.ApiKeyFormat;
import io.keycloakpack.apikey.key.MalformedApiKeyException;
import io.keycloakpack.apikey.key.SecretHash;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The CPU work of checking a presented key, without the database look-up: what every exchange pays. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ApiKeyCheckBenchmark {

    private static final String PREFIX = ApiKeyFormat.DEFAULT_PREFIX;

    private String presented;
    private String storedHash;
    private String badChecksum;

    @Setup
    public void setUp() {
        ApiKey key = new ApiKeyFormat().generate(PREFIX);
        presented = key.value();
        storedHash = SecretHash.of(key.secret());
        badChecksum = presented.substring(0, presented.length() - 1) + (presented.endsWith("A") ? "B" : "A");
    }

    /** Parse, checksum, SHA-256 and constant-time compare of a valid key. */
    @Benchmark
    public boolean parseChecksumHashCompare() {
        ApiKey key = ApiKeyFormat.parse(presented);
        return SecretHash.matches(key.secret(), storedHash);
    }

    /** A mistyped key is refused by the checksum, before any hashing or database access. */
    @Benchmark
    public Object rejectBadChecksum() {
        try {
            return ApiKeyFormat.parse(badChecksum);
        } catch (MalformedApiKeyException expected) {
            return expected.reason();
        }
    }
}
