package io.keycloakpack.apikey.restriction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceAllowlistTest {

    @Test
    void ipv4RangeAllowsItsAddressesAndNoOthers() {
        SourceAllowlist list = SourceAllowlist.parse(List.of("203.0.113.0/24", "198.51.100.7"));
        assertThat(list.allows("203.0.113.0")).isTrue();
        assertThat(list.allows("203.0.113.255")).isTrue();
        assertThat(list.allows("198.51.100.7")).isTrue();
        assertThat(list.allows("203.0.114.1")).isFalse();
        assertThat(list.allows("198.51.100.8")).isFalse();
    }

    @Test
    void ipv6RangeAllowsItsAddressesAndNoOthers() {
        SourceAllowlist list = SourceAllowlist.parse(List.of("2001:db8::/32", "::1"));
        assertThat(list.allows("2001:db8:ffff::1")).isTrue();
        assertThat(list.allows("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(list.allows("2001:db9::1")).isFalse();
        assertThat(list.allows("127.0.0.1")).isFalse();
    }

    @Test
    void ipv4MappedCallerIsItsIpv4Address() {
        SourceAllowlist list = SourceAllowlist.parse(List.of("10.1.0.0/16"));
        assertThat(list.allows("::ffff:10.1.2.3")).isTrue();
        assertThat(list.allows("::ffff:10.2.2.3")).isFalse();
    }

    @Test
    void prefixLengthsThatAreNotWholeBytesMaskExactly() {
        SourceAllowlist list = SourceAllowlist.parse(List.of("192.168.0.64/26"));
        assertThat(list.allows("192.168.0.64")).isTrue();
        assertThat(list.allows("192.168.0.127")).isTrue();
        assertThat(list.allows("192.168.0.63")).isFalse();
        assertThat(list.allows("192.168.0.128")).isFalse();
    }

    @Test
    void emptyListAllowsAnyAddressAndStoresNothing() {
        assertThat(SourceAllowlist.parse(List.of()).allows("192.0.2.1")).isTrue();
        assertThat(SourceAllowlist.parse(null).entries()).isEmpty();
        assertThat(SourceAllowlist.ofStored(null).allowsAnyAddress()).isTrue();
    }

    @Test
    void storedFormIsCanonicalAndReadsBackTheSame() {
        SourceAllowlist list = SourceAllowlist.parse(List.of(" 203.0.113.0/24 ", "2001:DB8::/32", "203.0.113.0/24"));
        assertThat(list.entries()).containsExactly("203.0.113.0/24", "2001:db8:0:0:0:0:0:0/32");
        assertThat(SourceAllowlist.ofStored(String.join(" ", list.entries())).entries()).isEqualTo(list.entries());
    }

    @Test
    void hostNamesAreRefusedWithoutBeingLookedUp() {
        assertThatThrownBy(() -> SourceAllowlist.parse(List.of("localhost")))
                .hasMessageContaining("'localhost' is not an IPv4 or IPv6 address");
        assertThat(SourceAllowlist.parse(List.of("127.0.0.1")).allows("localhost")).isFalse();
    }

    @Test
    void malformedEntriesAreRefusedNamingThem() {
        for (String bad : List.of("", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "256.1.1.1", "1.2.3", "1.2.3.4.5",
                "01.2.3.4", "fe80::1%eth0", "2001:db8::/129", "10.0.0.0/8/8", "[::1]", ".:", "..::")) {
            assertThatThrownBy(() -> SourceAllowlist.parse(List.of(bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void rangeWithHostBitsSetIsRefusedNamingWhereItStarts() {
        assertThatThrownBy(() -> SourceAllowlist.parse(List.of("203.0.113.7/24")))
                .hasMessageContaining("host bits set").hasMessageContaining("203.0.113.0/24");
    }

    @Test
    void tooManyEntriesAreRefused() {
        assertThatThrownBy(() -> SourceAllowlist.parse(Collections.nCopies(SourceAllowlist.MAX_ENTRIES + 1,
                "192.0.2.1"))).hasMessageContaining("at most " + SourceAllowlist.MAX_ENTRIES);
    }
}
