// Mirrors jenkinsci/jenkins core/src/main/java/hudson/security/ACL.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Mirrored: the implicit public constructor and SYSTEM2. The real SYSTEM2 is a Spring UsernamePasswordAuthenticationToken
// ("SYSTEM"); the mirror builds a minimal Authentication named SYSTEM with a non-constant initializer (so callers use
// getstatic). Everything else is omitted.
package hudson.security;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** Access control list: decides whether an Authentication has a Permission. */
public abstract class ACL {
    public ACL() {
    }

    public static final Authentication SYSTEM2 = systemAuthentication();

    private static Authentication systemAuthentication() {
        return new Authentication() {
            private static final long serialVersionUID = 1L;

            @Override
            public Collection<? extends GrantedAuthority> getAuthorities() {
                return List.of();
            }

            @Override
            public Object getCredentials() {
                return "SYSTEM";
            }

            @Override
            public Object getDetails() {
                return null;
            }

            @Override
            public Object getPrincipal() {
                return "SYSTEM";
            }

            @Override
            public boolean isAuthenticated() {
                return true;
            }

            @Override
            public void setAuthenticated(boolean isAuthenticated) {
                throw new IllegalArgumentException("compile-only mirror");
            }

            @Override
            public String getName() {
                return "SYSTEM";
            }
        };
    }
}
