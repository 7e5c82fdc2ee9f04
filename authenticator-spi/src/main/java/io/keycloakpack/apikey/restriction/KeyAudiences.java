package io.keycloakpack.apikey.restriction;

import java.util.List;
import java.util.TreeSet;
import org.keycloak.models.RealmModel;

/**
 * The resource servers a key's tokens are for, as client ids of the realm: the token's {@code aud} is exactly this
 * list (none when it is empty), whatever scopes are requested and whatever mappers add.
 */
public final class KeyAudiences {

    public static final int MAX_AUDIENCES = 10;
    private static final int MAX_CLIENT_ID_LENGTH = 100;

    private KeyAudiences() {
    }

    /**
     * The requested audiences, sorted, if each is a client of the realm.
     *
     * @throws IllegalArgumentException naming the first audience that is not
     */
    public static List<String> validate(RealmModel realm, List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return List.of();
        }
        if (requested.size() > MAX_AUDIENCES) {
            throw new IllegalArgumentException("at most " + MAX_AUDIENCES + " audiences");
        }
        TreeSet<String> audiences = new TreeSet<>();
        for (String clientId : requested) {
            boolean plausible = clientId != null && !clientId.isBlank() && clientId.length() <= MAX_CLIENT_ID_LENGTH
                    && clientId.chars().noneMatch(Character::isWhitespace);
            if (!plausible || realm.getClientByClientId(clientId) == null) {
                throw new IllegalArgumentException("audience '" + clientId + "' is not a client of the realm");
            }
            audiences.add(clientId);
        }
        return List.copyOf(audiences);
    }
}
