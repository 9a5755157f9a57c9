// Mirrors jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/CredentialsMatchers.java at tag 1502.v5c95e620ddfe (compile-only; never packaged).
// Mirrored: always(), instanceOf(Class). Omitted: never, not, withId, withScope, allOf/anyOf/both/either, filter,
// firstOrNull, firstOrDefault, describe.
package com.cloudbees.plugins.credentials;

/** Factory of CredentialsMatchers. */
public class CredentialsMatchers {
    private CredentialsMatchers() {
        throw new UnsupportedOperationException("Utility class");
    }

    public static CredentialsMatcher always() {
        return item -> true;
    }

    @SuppressWarnings("rawtypes")
    public static CredentialsMatcher instanceOf(Class clazz) {
        return clazz::isInstance;
    }
}
