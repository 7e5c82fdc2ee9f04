package io.keycloakpack.contract.redis;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where Redis is, read from one URL so that the same option configures every topology:
 * <pre>
 * redis://[user:password@]host:port[/db]                    standalone (rediss:// for TLS)
 * redis-sentinel://[user:password@]host:port,host:port/master[/db]   Sentinel (rediss-sentinel:// for TLS)
 * redis-cluster://[user:password@]host:port,host:port       Cluster (rediss-cluster:// for TLS)
 * </pre>
 * The credentials are those of the Redis data nodes (AUTH or an ACL user); Sentinels are asked without them.
 */
public record RedisEndpoint(Topology topology, List<Address> addresses, String user, String password, boolean tls,
        int database, String masterName) {

    public enum Topology { STANDALONE, SENTINEL, CLUSTER }

    public record Address(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    private static final int DEFAULT_PORT = 6379;
    private static final int DEFAULT_SENTINEL_PORT = 26379;

    public static RedisEndpoint of(URI url) {
        String scheme = String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT);
        boolean tls = scheme.startsWith("rediss");
        Topology topology = switch (scheme) {
            case "redis", "rediss" -> Topology.STANDALONE;
            case "redis-sentinel", "rediss-sentinel" -> Topology.SENTINEL;
            case "redis-cluster", "rediss-cluster" -> Topology.CLUSTER;
            default -> throw new IllegalArgumentException("Unknown Redis URL scheme '" + url.getScheme()
                    + "': use redis, rediss, redis-sentinel, rediss-sentinel, redis-cluster or rediss-cluster");
        };
        String authority = url.getRawAuthority();
        if (authority == null || authority.isBlank()) {
            throw new IllegalArgumentException("The Redis URL names no host: " + redacted(url));
        }
        int at = authority.lastIndexOf('@');
        String[] credentials = at < 0 ? new String[0] : authority.substring(0, at).split(":", 2);
        List<Address> addresses = addresses(at < 0 ? authority : authority.substring(at + 1),
                topology == Topology.SENTINEL ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT);
        List<String> path = pathSegments(url.getRawPath());
        String master = null;
        if (topology == Topology.SENTINEL) {
            if (path.isEmpty()) {
                throw new IllegalArgumentException("A Sentinel URL needs the master's name as its path: "
                        + "redis-sentinel://host:26379/mymaster");
            }
            master = path.remove(0);
        }
        int database = path.isEmpty() ? 0 : Integer.parseInt(path.get(0));
        if (topology == Topology.CLUSTER && database != 0) {
            throw new IllegalArgumentException("Redis Cluster has only database 0");
        }
        if (topology == Topology.STANDALONE && addresses.size() != 1) {
            throw new IllegalArgumentException("A redis:// URL names one host; use redis-sentinel:// or "
                    + "redis-cluster:// for several");
        }
        return new RedisEndpoint(topology, List.copyOf(addresses), credential(credentials, 0, 2),
                credential(credentials, credentials.length == 1 ? 0 : 1, 1), tls, database, master);
    }

    /** For logs: topology and addresses, never the password. */
    public String describe() {
        String where = topology.name().toLowerCase(Locale.ROOT) + " " + addresses;
        return masterName == null ? where : where + " master '" + masterName + "'";
    }

    private static String credential(String[] parts, int index, int neededLength) {
        if (parts.length < neededLength || parts.length <= index || parts[index].isEmpty()) {
            return null;
        }
        return URLDecoder.decode(parts[index], StandardCharsets.UTF_8);
    }

    private static List<Address> addresses(String hosts, int defaultPort) {
        List<Address> addresses = new ArrayList<>();
        for (String host : hosts.split(",")) {
            int colon = host.lastIndexOf(':');
            boolean hasPort = colon > 0 && !host.endsWith("]");
            addresses.add(new Address(hasPort ? host.substring(0, colon) : host,
                    hasPort ? Integer.parseInt(host.substring(colon + 1)) : defaultPort));
        }
        return addresses;
    }

    private static List<String> pathSegments(String path) {
        List<String> segments = new ArrayList<>();
        if (path != null) {
            for (String segment : path.split("/")) {
                if (!segment.isBlank()) {
                    segments.add(URLDecoder.decode(segment, StandardCharsets.UTF_8));
                }
            }
        }
        return segments;
    }

    private static String redacted(URI url) {
        return url.getScheme() + "://…";
    }
}
