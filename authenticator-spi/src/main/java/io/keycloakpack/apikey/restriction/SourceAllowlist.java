package io.keycloakpack.apikey.restriction;

import io.keycloakpack.apikey.store.KeyTerms;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The addresses a key may be exchanged from: IPv4 and IPv6 addresses and CIDR ranges. Entries and callers are read
 * as address literals only, never resolved (a host name would make every exchange a DNS lookup, and an allowlist
 * that follows DNS is as strong as whoever controls the zone). An IPv4-mapped IPv6 caller is its IPv4 address.
 */
public final class SourceAllowlist {

    public static final int MAX_ENTRIES = 20;
    /** What the ALLOWED_SOURCES column holds. */
    public static final int MAX_STORED_LENGTH = 1024;
    public static final SourceAllowlist ANY = new SourceAllowlist(List.of());

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** Starts as Java's literal parser requires (a hex digit or a colon); anything else would go to DNS. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<Range> ranges;

    private SourceAllowlist(List<Range> ranges) {
        this.ranges = ranges;
    }

    /**
     * An allowlist as an owner or admin typed it.
     *
     * @throws IllegalArgumentException naming the first entry that is not an address or a range
     */
    public static SourceAllowlist parse(List<String> entries) {
        if (entries == null || entries.isEmpty()) {
            return ANY;
        }
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("at most " + MAX_ENTRIES + " addresses or ranges");
        }
        Set<Range> ranges = new LinkedHashSet<>();
        for (String entry : entries) {
            ranges.add(Range.parse(entry == null ? "" : entry.trim()));
        }
        return new SourceAllowlist(List.copyOf(ranges));
    }

    /** An allowlist as stored: canonical entries separated by spaces; empty or null allows any address. */
    public static SourceAllowlist ofStored(String stored) {
        return parse(KeyTerms.split(stored));
    }

    public boolean allowsAnyAddress() {
        return ranges.isEmpty();
    }

    /** Whether a caller at {@code address} (an address literal, as Keycloak reports it) may use the key. */
    public boolean allows(String address) {
        if (ranges.isEmpty()) {
            return true;
        }
        Optional<byte[]> caller = literal(address);
        return caller.isPresent() && ranges.stream().anyMatch(range -> range.contains(caller.get()));
    }

    public List<String> entries() {
        return ranges.stream().map(Range::toString).toList();
    }

    private static Optional<byte[]> literal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            // Only literals reach this line, and Java parses a literal without a lookup.
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private record Range(byte[] network, int prefixLength) {

        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            byte[] network = literal(address).orElseThrow(() -> new IllegalArgumentException(
                    "'" + entry + "' is not an IPv4 or IPv6 address or CIDR range"));
            int bits = network.length * 8;
            int prefixLength = slash < 0 ? bits : prefixLength(entry, entry.substring(slash + 1), bits);
            Range range = new Range(network, prefixLength);
            if (!range.contains(network)) {
                throw new IllegalArgumentException("'" + entry + "' has host bits set: the range starts at "
                        + new Range(range.masked(network), prefixLength));
            }
            return range;
        }

        private static int prefixLength(String entry, String text, int bits) {
            if (!text.matches("\\d{1,3}") || Integer.parseInt(text) > bits) {
                throw new IllegalArgumentException("'" + entry + "' has a prefix length outside 0.." + bits);
            }
            return Integer.parseInt(text);
        }

        boolean contains(byte[] address) {
            return address.length == network.length && Arrays.equals(masked(address), network);
        }

        private byte[] masked(byte[] address) {
            byte[] masked = new byte[address.length];
            for (int i = 0; i < address.length; i++) {
                int bitsHere = Math.max(0, Math.min(8, prefixLength - i * 8));
                masked[i] = (byte) (address[i] & (0xff00 >> bitsHere));
            }
            return masked;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Range range && range.prefixLength == prefixLength
                    && Arrays.equals(range.network, network);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(network) + prefixLength;
        }

        @Override
        public String toString() {
            String address;
            try {
                address = InetAddress.getByAddress(network).getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
            return prefixLength == network.length * 8 ? address : address + "/" + prefixLength;
        }
    }
}
