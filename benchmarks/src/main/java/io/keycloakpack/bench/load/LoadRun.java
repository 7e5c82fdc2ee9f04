package io.keycloakpack.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/** A closed-loop load: {@code concurrency} workers send requests back to back for a fixed time. */
final class LoadRun {

    record Result(String name, long ok, long failed, double seconds, long[] latenciesMicros) {

        double throughput() {
            return ok / seconds;
        }

        double percentileMillis(double p) {
            return LoadRun.percentileMillis(latenciesMicros, p);
        }
    }

    /** The p-th percentile, in milliseconds, of sorted latencies in microseconds. */
    static double percentileMillis(long[] sortedMicros, double p) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        return sortedMicros[(int) Math.min(sortedMicros.length - 1,
                Math.ceil(p / 100.0 * sortedMicros.length) - 1)] / 1000.0;
    }

    private LoadRun() {
    }

    /** What one worker sends: each request's form body, given the previous answer's body (null at first). */
    interface RequestChain {
        String next(String previousAnswer);
    }

    /** Makes one worker's chain before the clock starts (it may log in first). */
    interface ChainFactory {
        RequestChain create() throws Exception;
    }

    /** {@code body} makes each request's form body (it may differ per request, e.g. a fresh refresh token). */
    static Result run(String name, String url, Supplier<String> body, int concurrency, Duration duration)
            throws Exception {
        return chained(name, url, () -> previous -> body.get(), concurrency, duration);
    }

    /** Each worker sends what its own chain makes of its previous answer, e.g. the refresh token it just got. */
    static Result chained(String name, String url, ChainFactory chains, int concurrency, Duration duration)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<RequestChain> perWorker = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            perWorker.add(chains.create());
        }
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        List<Future<long[]>> futures = new ArrayList<>();
        long started = System.nanoTime();
        for (RequestChain chain : perWorker) {
            futures.add(workers.submit(() -> worker(http, url, chain, end)));
        }
        List<Long> latencies = new ArrayList<>();
        long failed = 0;
        for (Future<long[]> future : futures) {
            long[] samples = future.get();
            for (long sample : samples) {
                if (sample < 0) {
                    failed++;
                } else {
                    latencies.add(sample);
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        workers.shutdown();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Result(name, sorted.length, failed, seconds, sorted);
    }

    /** Latency in microseconds per request; a failed request is recorded as -1. */
    private static long[] worker(HttpClient http, String url, RequestChain chain, long end) throws Exception {
        long[] samples = new long[1 << 16];
        int count = 0;
        String answer = null;
        while (System.nanoTime() < end) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(chain.next(answer))).build();
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long micros = (System.nanoTime() - start) / 1000;
            if (count == samples.length) {
                samples = Arrays.copyOf(samples, samples.length * 2);
            }
            samples[count++] = response.statusCode() == 200 ? micros : -1;
            answer = response.statusCode() == 200 ? response.body() : null;
        }
        return Arrays.copyOf(samples, count);
    }
}
