package io.keycloakpack.bench.mapper;

import io.keycloakpack.mapper.permission.Narrowing;
import io.keycloakpack.mapper.permission.PermissionCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The permissions mapper's own work per token once Keycloak has expanded the user's roles: reading each role's
 * attribute through the cache, the union, and API-key narrowing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PermissionExpansionBenchmark {

    @Param({"50"})
    public int roles;

    private final PermissionCache cache = new PermissionCache();
    private final List<PermissionCache.RoleAttribute> attributes = new ArrayList<>();

    @Setup
    public void setUp() {
        for (int i = 0; i < roles; i++) {
            attributes.add(new PermissionCache.RoleAttribute("role-id-" + i, "role" + i,
                    List.of("resource" + i + ":read resource" + i + ":write", "shared:read")));
        }
    }

    @Benchmark
    public Set<String> collectAndNarrow() {
        return Narrowing.toApiKeyScopes(cache.union("bench", attributes), "resource1:read shared:read");
    }
}
