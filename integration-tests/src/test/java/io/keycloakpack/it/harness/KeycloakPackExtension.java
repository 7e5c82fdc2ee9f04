package io.keycloakpack.it.harness;

import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class the shared {@link PackEnvironment} (started on first use, stopped when the run ends)
 * and a realm of its own, created before its first test and deleted after its last ({@code @Nested} classes share
 * the realm of the class around them). Inject either as a parameter of a constructor, a test method or a
 * lifecycle method.
 */
public final class KeycloakPackExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KeycloakPackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        realm(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (isNested(context.getRequiredTestClass())) {
            return;
        }
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
        return parameter.getParameter().getType() == PackEnvironment.class ? environment(context) : realm(context);
    }

    /** The realm of the outermost test class around {@code context}, created on first use. */
    private static TestRealm realm(ExtensionContext context) {
        ExtensionContext owner = context;
        while (owner.getTestClass().map(KeycloakPackExtension::isNested).orElse(false)
                || owner.getTestMethod().isPresent()) {
            owner = owner.getParent().orElseThrow();
        }
        String name = owner.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]", "") + "-" + UUID.randomUUID().toString().substring(0, 6);
        PackEnvironment environment = environment(context);
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(TestRealm.class,
                key -> TestRealm.create(environment, name), TestRealm.class);
    }

    private static boolean isNested(Class<?> testClass) {
        return testClass.getEnclosingClass() != null && !Modifier.isStatic(testClass.getModifiers());
    }

    /**
     * The run's environment, started by the first test class that needs it. A failed start is remembered, so that
     * the other classes fail at once with its cause instead of each spending minutes on a start that fails again.
     */
    private static PackEnvironment environment(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Started.class, key -> Started.attempt(), Started.class).environment();
    }

    private record Started(PackEnvironment started, RuntimeException failure)
            implements ExtensionContext.Store.CloseableResource {

        static Started attempt() {
            try {
                return new Started(PackEnvironment.start(), null);
            } catch (RuntimeException e) {
                return new Started(null, e);
            }
        }

        PackEnvironment environment() {
            if (failure != null) {
                throw new IllegalStateException("The test environment did not start (see the first failed class)",
                        failure);
            }
            return started;
        }

        @Override
        public void close() {
            if (started != null) {
                started.close();
            }
        }
    }
}
