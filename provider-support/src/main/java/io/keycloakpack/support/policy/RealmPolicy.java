package io.keycloakpack.support.policy;

import java.util.List;
import java.util.Map;
import org.keycloak.models.RealmModel;

/** A policy of the pack kept in realm attributes, as the console tabs and REST endpoints handle it. */
public interface RealmPolicy {

    /** What is wrong with this policy, in words an admin can act on; empty when it is valid. */
    List<String> problems();

    /** The policy by setting name, as the realm attributes (after the policy's prefix) and the tab hold it. */
    Map<String, String> settings();

    /** Stores the policy in the realm (and applies whatever Keycloak settings it builds on). */
    void save(RealmModel realm);
}
