package io.keycloakpack.it.springboot;

import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The starter's contract on the reactive stack (Spring WebFlux on Netty). */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReactiveStarterIT extends StarterContract {

    ReactiveStarterIT(PackEnvironment environment, TestRealm realm) {
        super(environment, realm, SpringBootApi.Stack.REACTIVE);
    }
}
