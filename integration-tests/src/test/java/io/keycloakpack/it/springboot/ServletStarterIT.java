package io.keycloakpack.it.springboot;

import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The starter's contract on the servlet stack (Spring MVC on Tomcat). */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServletStarterIT extends StarterContract {

    ServletStarterIT(PackEnvironment environment, TestRealm realm) {
        super(environment, realm, SpringBootApi.Stack.SERVLET);
    }
}
