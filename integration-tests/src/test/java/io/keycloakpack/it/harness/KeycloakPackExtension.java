package io.keycloakpack.it.harness;

import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class the shared {@link PackEnvironment} (started on first use, stopped when the run ends)
 * and a realm of its own, created before its first test and deleted after its last.
 * Inject either as a parameter of a constructor, a test method or a lifecycle method.
 */
public final class KeycloakPackExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KeycloakPackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        PackEnvironment environment = environment(context);
        String name = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]", "") + "-" + UUID.randomUUID().toString().substring(0, 6);
        context.getStore(NAMESPACE).put(TestRealm.class, TestRealm.create(environment, name));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestRealm realm = context.getStore(NAMESPACE).remove(TestRealm.class, TestRealm.class);
        if (realm != null) {
            realm.delete();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == PackEnvironment.class || type == TestRealm.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == PackEnvironment.class ? environment(context)
                : context.getStore(NAMESPACE).get(TestRealm.class, TestRealm.class);
    }

    private static PackEnvironment environment(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(PackEnvironment.class, key -> PackEnvironment.start(), PackEnvironment.class);
    }
}
