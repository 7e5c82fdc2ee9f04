package io.keycloakpack.it.containers;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a container failure may come from on the host rather than in a compose file: free disk where the engine
 * keeps containers, available memory, and each user's task count (processes and threads, which is what a
 * container's {@code nproc} ulimit is measured against, host-wide and per user id).
 */
final class Machine {

    private static final long MIB = 1024 * 1024;

    private Machine() {
    }

    static String describe() {
        return "host: free disk " + freeMib("/") + " MiB on /, " + freeMib("/var/lib/containers")
                + " MiB on /var/lib/containers; " + memAvailable() + "; tasks per user " + tasksPerUser();
    }

    private static long freeMib(String path) {
        File file = new File(path);
        return file.exists() ? file.getUsableSpace() / MIB : -1;
    }

    private static String memAvailable() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(line -> line.startsWith("MemAvailable")).findFirst().orElse("MemAvailable unknown")
                    .replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "MemAvailable unreadable (" + e + ")";
        }
    }

    private static Map<String, Long> tasksPerUser() {
        try {
            Process ps = new ProcessBuilder("ps", "-eLo", "user=").redirectErrorStream(true).start();
            String users = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ps.waitFor(10, TimeUnit.SECONDS);
            return users.lines().map(String::strip).collect(
                    Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
        } catch (IOException e) {
            return Map.of("(ps failed: " + e + ")", 0L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }
}
