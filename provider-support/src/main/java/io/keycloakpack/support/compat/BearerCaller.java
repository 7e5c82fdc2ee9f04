package io.keycloakpack.support.compat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * The user, client and access token behind the request's bearer token, on every supported Keycloak.
 * {@link AuthResult} is a class with {@code getUser()} up to 26.4 and a record with {@code user()} from 26.5 on, so
 * a provider compiled against one cannot call the other's accessors: they are looked up once, at run time.
 */
public record BearerCaller(UserModel user, ClientModel client, AccessToken token, UserSessionModel session) {

    private static final Accessors ACCESSORS = Accessors.find();

    /** Empty when the request carries no valid bearer token of {@code realm}. */
    public static Optional<BearerCaller> authenticate(KeycloakSession session, RealmModel realm) {
        AuthResult result = new AppAuthManager.BearerTokenAuthenticator(session).setRealm(realm).authenticate();
        return Optional.ofNullable(result).map(ACCESSORS::read);
    }

    private record Accessors(MethodHandle user, MethodHandle client, MethodHandle token, MethodHandle session) {

        static Accessors find() {
            return new Accessors(accessor("user", UserModel.class), accessor("client", ClientModel.class),
                    accessor("token", AccessToken.class), accessor("session", UserSessionModel.class));
        }

        BearerCaller read(AuthResult result) {
            try {
                return new BearerCaller((UserModel) user.invoke(result), (ClientModel) client.invoke(result),
                        (AccessToken) token.invoke(result), (UserSessionModel) session.invoke(result));
            } catch (Throwable e) {
                throw new IllegalStateException("Cannot read Keycloak's AuthResult", e);
            }
        }

        private static MethodHandle accessor(String name, Class<?> type) {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodType returning = MethodType.methodType(type);
            try {
                return lookup.findVirtual(AuthResult.class, name, returning);
            } catch (ReflectiveOperationException recordAccessorMissing) {
                String getter = "get" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
                try {
                    return lookup.findVirtual(AuthResult.class, getter, returning);
                } catch (ReflectiveOperationException e) {
                    throw new ExceptionInInitializerError("AuthResult has neither " + name + "() nor " + getter
                            + "(): an unsupported Keycloak version");
                }
            }
        }
    }
}
