package io.keycloakpack.testharness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster (Debian's {@code postgresql} package) in the test's work directory, on a free loopback
 * port, with one empty database: never the machine's own cluster on 5432. PostgreSQL refuses to run as root, so
 * as root it runs as the {@code postgres} user the package creates.
 */
public final class PostgresServer {

    public static final String USER = "postgres";

    private final Path dataDir;
    private final int port = FreePort.find();
    private final Path binaries;
    private final String database;
    private final ServerProcess process;

    public PostgresServer(Path workDir, String database) {
        this.dataDir = workDir.toAbsolutePath().resolve("postgres-" + port);
        this.binaries = binaries();
        this.database = database;
        this.process = new ServerProcess("PostgreSQL", workDir.toAbsolutePath().resolve("postgres-" + port + ".log"));
    }

    /** Creates the cluster, starts it and creates the database. */
    public void start() {
        createDataDir();
        run(Duration.ofSeconds(120), "initdb", "-D", dataDir.toString(), "-A", "trust", "-U", USER, "-E", "UTF8");
        process.start(asOwner(List.of(binaries.resolve("postgres").toString(), "-D", dataDir.toString(),
                "-p", String.valueOf(port), "-k", dataDir.toString(), "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off", "-c", "max_connections=200")), dataDir, Map.of());
        process.awaitReady(Duration.ofSeconds(60), this::acceptsConnections);
        run(Duration.ofSeconds(60), "createdb", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, database);
    }

    public void stop() {
        process.stop();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Runs one SQL statement in the database as its owner, as an operator at a psql prompt would. */
    public void sql(String statement) {
        run(Duration.ofSeconds(30), "psql", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, "-d",
                database, "-v", "ON_ERROR_STOP=1", "-c", statement);
    }

    private boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private void run(Duration timeout, String program, String... arguments) {
        List<String> command = new ArrayList<>(List.of(binaries.resolve(program).toString()));
        command.addAll(List.of(arguments));
        new ServerProcess("PostgreSQL " + program, process.logFile()).runToEnd(asOwner(command), dataDir.getParent(),
                Map.of(), timeout);
    }

    private void createDataDir() {
        try {
            Files.createDirectories(dataDir);
            if (isRoot()) {
                new ServerProcess("chown", process.logFile()).runToEnd(List.of("chown", USER, dataDir.toString()),
                        dataDir.getParent(), Map.of(), Duration.ofSeconds(30));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> asOwner(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> asPostgres = new ArrayList<>(List.of("runuser", "-u", USER, "--"));
        asPostgres.addAll(command);
        return asPostgres;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Debian keeps the server programs off the PATH, under /usr/lib/postgresql/{major}/bin; the newest wins. */
    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("No PostgreSQL server under " + root
                            + ": install Debian's postgresql package (scripts/install-prerequisites.sh postgresql)"));
        } catch (IOException e) {
            throw new IllegalStateException("No PostgreSQL server under " + root
                    + ": install Debian's postgresql package (scripts/install-prerequisites.sh postgresql)", e);
        }
    }
}
