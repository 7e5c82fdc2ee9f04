package io.keycloakpack.bench.load;

/** The command line every load driver takes: {@code BASE_URL [SECONDS] [CONCURRENCY]}. */
record LoadArgs(String baseUrl, int seconds, int concurrency) {

    static LoadArgs parse(String[] args, int defaultSeconds, int defaultConcurrency) {
        return new LoadArgs(args.length > 0 ? args[0] : "http://127.0.0.1:8080",
                args.length > 1 ? Integer.parseInt(args[1]) : defaultSeconds,
                args.length > 2 ? Integer.parseInt(args[2]) : defaultConcurrency);
    }
}
