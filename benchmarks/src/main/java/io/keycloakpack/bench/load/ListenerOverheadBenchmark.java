package io.keycloakpack.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the revocation listener costs the user's request: the same login and logout in two realms, one with the
 * listener enabled (a logout writes its revocation to the outbox in the request's transaction), one without,
 * alternating in rounds so that machine drift hits both alike.
 *
 * <pre>java -cp benchmarks.jar io.keycloakpack.bench.load.ListenerOverheadBenchmark BASE_URL [SECONDS] [CONCURRENCY]</pre>
 */
public final class ListenerOverheadBenchmark {

    private static final int ROUNDS = 3;

    private ListenerOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        LoadArgs load = LoadArgs.parse(args, 20, 4);
        String baseUrl = load.baseUrl();
        int seconds = load.seconds();
        int concurrency = load.concurrency();
        KeycloakAdmin admin = new KeycloakAdmin(baseUrl, "admin", "admin");
        long suffix = System.currentTimeMillis() % 100000;
        Map<String, String> realms = new LinkedHashMap<>();
        realms.put("without the listener", realm(admin, "quiet-" + suffix, List.of("jboss-logging")));
        realms.put("with the listener", realm(admin, "listened-" + suffix,
                List.of("jboss-logging", "keycloak-pack-revocation")));
        try {
            Map<String, List<long[]>> logins = new LinkedHashMap<>();
            Map<String, List<long[]>> logouts = new LinkedHashMap<>();
            for (Map.Entry<String, String> realm : realms.entrySet()) {
                cycles(admin, realm.getValue(), concurrency, Duration.ofSeconds(5));
            }
            for (int round = 0; round < ROUNDS; round++) {
                for (Map.Entry<String, String> realm : realms.entrySet()) {
                    List<long[]> samples = cycles(admin, realm.getValue(), concurrency,
                            Duration.ofSeconds(Math.max(1, seconds / ROUNDS)));
                    logins.computeIfAbsent(realm.getKey(), k -> new ArrayList<>()).add(samples.get(0));
                    logouts.computeIfAbsent(realm.getKey(), k -> new ArrayList<>()).add(samples.get(1));
                }
            }
            System.out.printf("%nRevocation listener on the request path: login (password grant) then logout, "
                    + "%d cores, %d concurrent users, %d s per realm in %d rounds%n%n",
                    Runtime.getRuntime().availableProcessors(), concurrency, seconds, ROUNDS);
            System.out.println("| Realm | cycles | login p50 ms | login p99 ms | logout p50 ms | logout p99 ms |");
            System.out.println("|---|---|---|---|---|---|");
            double[] baseline = null;
            for (String name : realms.keySet()) {
                long[] login = merged(logins.get(name));
                long[] logout = merged(logouts.get(name));
                double[] row = {LoadRun.percentileMillis(login, 50), LoadRun.percentileMillis(login, 99),
                        LoadRun.percentileMillis(logout, 50), LoadRun.percentileMillis(logout, 99)};
                System.out.printf("| %s | %d | %.1f | %.1f | %.1f | %.1f |%n", name, logout.length, row[0], row[1],
                        row[2], row[3]);
                if (baseline == null) {
                    baseline = row;
                } else {
                    System.out.printf("%nAdded by the listener: login p50 %+.1f ms, logout p50 %+.1f ms "
                            + "(%+.0f%%), logout p99 %+.1f ms%n", row[0] - baseline[0], row[2] - baseline[2],
                            100 * (row[2] / baseline[2] - 1), row[3] - baseline[3]);
                }
            }
        } finally {
            for (String realm : realms.values()) {
                admin.delete("/" + realm);
            }
        }
    }

    private static String realm(KeycloakAdmin admin, String name, List<String> listeners) throws Exception {
        admin.create("", Map.of("realm", name, "enabled", true, "eventsEnabled", true,
                "eventsListeners", listeners));
        BenchUser.withApiKeyClient(admin, name);
        return name;
    }

    /** Login-then-logout cycles for {@code duration}; returns login and logout latencies in microseconds. */
    private static List<long[]> cycles(KeycloakAdmin admin, String realm, int concurrency, Duration duration)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String issuer = admin.baseUrl() + "/realms/" + realm + "/protocol/openid-connect";
        String login = KeycloakAdmin.form(Map.of("grant_type", "password", "client_id", BenchUser.CLIENT,
                "username", BenchUser.USERNAME, "password", BenchUser.PASSWORD));
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        List<Future<long[][]>> futures = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            futures.add(workers.submit(() -> {
                List<Long> logins = new ArrayList<>();
                List<Long> logouts = new ArrayList<>();
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    HttpResponse<String> tokens = post(http, issuer + "/token", login);
                    logins.add((System.nanoTime() - start) / 1000);
                    String refresh = KeycloakAdmin.JSON.readTree(tokens.body()).path("refresh_token").asText();
                    start = System.nanoTime();
                    HttpResponse<String> out = post(http, issuer + "/logout", KeycloakAdmin.form(Map.of(
                            "client_id", BenchUser.CLIENT, "refresh_token", refresh)));
                    if (out.statusCode() == 204) {
                        logouts.add((System.nanoTime() - start) / 1000);
                    }
                }
                return new long[][] {toArray(logins), toArray(logouts)};
            }));
        }
        List<long[]> loginSamples = new ArrayList<>();
        List<long[]> logoutSamples = new ArrayList<>();
        for (Future<long[][]> future : futures) {
            long[][] samples = future.get();
            loginSamples.add(samples[0]);
            logoutSamples.add(samples[1]);
        }
        workers.shutdown();
        return List.of(merged(loginSamples), merged(logoutSamples));
    }

    private static HttpResponse<String> post(HttpClient http, String url, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] merged(List<long[]> parts) {
        long[] all = parts.stream().flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        return all;
    }
}
