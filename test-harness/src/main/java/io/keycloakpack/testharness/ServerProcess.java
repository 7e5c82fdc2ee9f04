package io.keycloakpack.testharness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A server started as a child process with its output in a log file, whose tail explains a failed start. */
public final class ServerProcess {

    private static final int LOG_TAIL_LINES = 60;

    private final String name;
    private final Path logFile;
    private Process process;

    public ServerProcess(String name, Path logFile) {
        this.name = name;
        this.logFile = logFile;
    }

    public void start(List<String> command, Path workDir, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logFile.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name + ": " + String.join(" ", command), e);
        }
    }

    /** Runs a command of the same program to its end (a one-off task such as an export); fails unless it exits 0. */
    public void runToEnd(List<String> command, Path workDir, Map<String, String> environment, Duration timeout) {
        start(command, workDir, environment);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop();
                throw new IllegalStateException(name + " task did not end within " + timeout.toSeconds()
                        + " s: " + String.join(" ", command) + "\nLog tail of " + logFile + ":\n" + logTail());
            }
            int exit = process.exitValue();
            process = null;
            if (exit != 0) {
                throw new IllegalStateException(name + " task exited with code " + exit + ": "
                        + String.join(" ", command) + "\nLog tail of " + logFile + ":\n" + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** Polls until {@code ready} holds; fails with the log tail when the process dies or time runs out. */
    public void awaitReady(Duration timeout, BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " before it was ready. Log tail of " + logFile + ":\n" + logTail());
            }
            if (ready.getAsBoolean()) {
                return;
            }
            sleep(Duration.ofMillis(250));
        }
        stop();
        throw new IllegalStateException(name + " was not ready after " + timeout.toSeconds() + " s. Log tail of "
                + logFile + ":\n" + logTail());
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Stops gracefully (SIGTERM to the process and its children), then forcibly after 30 s. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Kills the process and its children at once (SIGKILL), as a crash or an OOM killer would. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(log " + logFile + " unreadable: " + e.getMessage() + ")";
        }
    }

    public Path logFile() {
        return logFile;
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
