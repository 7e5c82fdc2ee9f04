package io.keycloakpack.support.policy;

import java.util.List;

/**
 * One whole-number setting of a policy: its stored name, the name the REST API and error messages use, its
 * default and its bounds. The one definition both the reader ({@link PolicySettings}) and the validator use.
 */
public record IntSetting(String name, String jsonName, int fallback, int min, int max, String meaning) {

    /** Adds a problem in words an admin can act on when {@code value} is out of bounds. */
    public void check(int value, List<String> problems) {
        if (value < min || value > max) {
            problems.add(jsonName + " must be between " + min + " and " + max + (meaning.isEmpty() ? ""
                    : " (" + meaning + ")"));
        }
    }
}
