package io.keycloakpack.revocation.client.view;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RevocationTableTest {

    private final RevocationTable table = new RevocationTable();

    @Test
    void anEntryIsFoundByItsIdAndNothingElseIs() {
        table.put("user-1", 100, 900);

        assertThat(RevocationTable.notBefore(table.get("user-1"))).isEqualTo(100);
        assertThat(RevocationTable.expiresAt(table.get("user-1"))).isEqualTo(900);
        assertThat(table.get("user-2")).isZero();
    }

    @Test
    void aLaterRevocationRaisesTheEntryAndAnEarlierOneChangesNothing() {
        table.put("user-1", 100, 900);
        table.put("user-1", 200, 800);
        table.put("user-1", 150, 1000);

        assertThat(RevocationTable.notBefore(table.get("user-1"))).isEqualTo(200);
        assertThat(RevocationTable.expiresAt(table.get("user-1"))).isEqualTo(1000);
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void everyOneOfAHundredThousandEntriesIsFoundAfterTheTableGrew() {
        for (int i = 0; i < 100_000; i++) {
            table.put("session-" + i, i, 2_000_000_000L);
        }

        assertThat(table.size()).isEqualTo(100_000);
        for (int i = 0; i < 100_000; i++) {
            assertThat(RevocationTable.notBefore(table.get("session-" + i))).isEqualTo(i);
        }
        assertThat(table.get("session-100000")).isZero();
    }

    @Test
    void expiredEntriesLeaveOnceTheyAreAQuarterOfTheTable() {
        for (int i = 0; i < 1000; i++) {
            table.put("token-" + i, 0, i < 300 ? 50 : 5000);
        }

        table.evictExpired(100);

        assertThat(table.size()).isEqualTo(700);
        assertThat(table.get("token-0")).isZero();
        assertThat(table.get("token-999")).isNotZero();
    }

    @Test
    void epochSecondsUntil2106SurviveThePacking() {
        table.put("realm", 4_000_000_000L, 4_200_000_000L);

        assertThat(RevocationTable.notBefore(table.get("realm"))).isEqualTo(4_000_000_000L);
        assertThat(RevocationTable.expiresAt(table.get("realm"))).isEqualTo(4_200_000_000L);
    }
}
