// Mirrors jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/CredentialsMatchers.java at tag 1502.v5c95e620ddfe (compile-only; never packaged).
// Mirrored: always(), instanceOf(Class), withScope(CredentialsScope) (the real one returns a ScopeMatcher, not
// mirrored; it matches credentials whose getScope() is the scope). Omitted: never, not, withId, withScopes, allOf/anyOf/both/either, filter,
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

    public static CredentialsMatcher withScope(CredentialsScope scope) {
        return item -> item.getScope() == scope;
    }

    @SuppressWarnings("rawtypes")
    public static CredentialsMatcher instanceOf(Class clazz) {
        return clazz::isInstance;
    }
}
