package io.jenkins.plugins.amifactory;

import com.amazonaws.auth.AWSCredentials;
import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.security.access.AccessDeniedException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/** Stand-ins for the Jenkins objects the plugin meets: a job, a build, a user's permissions, stored credentials. */
final class FakeJenkins {

    private FakeJenkins() {
    }

    /** A job (or the Jenkins root) on which the current user holds exactly the given permissions. */
    static final class Permissions implements Item, AccessControlled {
        private final Set<Permission> granted;
        final List<Permission> checked = new ArrayList<>();

        Permissions(Permission... granted) {
            this.granted = Set.of(granted);
        }

        @Override
        public String getFullName() {
            return "web-deploy";
        }

        @Override
        public ACL getACL() {
            throw new UnsupportedOperationException("not needed");
        }

        @Override
        public boolean hasPermission(Permission permission) {
            checked.add(permission);
            return granted.contains(permission);
        }

        @Override
        public void checkPermission(Permission permission) {
            if (!hasPermission(permission)) {
                throw new AccessDeniedException("missing " + permission.getId());
            }
        }
    }

    /** A job whose builds are kept in a list, the newest last. */
    static final class TestJob extends Job<TestJob, TestRun> {
        final List<TestRun> builds = new ArrayList<>();

        TestJob() {
            super(null, "web-deploy");
        }

        /** A new build of this job, numbered after the last. */
        TestRun build() {
            try {
                TestRun run = new TestRun(this, builds.size() + 1);
                builds.add(run);
                return run;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public TestRun getLastBuild() {
            return builds.isEmpty() ? null : builds.get(builds.size() - 1);
        }

        @Override
        public ACL getACL() {
            throw new UnsupportedOperationException("not needed");
        }
    }

    static final class TestRun extends Run<TestJob, TestRun> {
        TestRun() throws IOException {
            this(new TestJob(), 42);
        }

        TestRun(TestJob job, int number) throws IOException {
            super(job);
            this.number = number;
        }

        @Override
        public TestRun getPreviousBuild() {
            int i = project.builds.indexOf(this);
            return i > 0 ? project.builds.get(i - 1) : null;
        }

        @Override
        public String getUrl() {
            return "job/web-deploy/" + number + "/";
        }

        @Override
        public String getExternalizableId() {
            return "web-deploy#" + number;
        }
    }

    static TestRun run() {
        try {
            return new TestRun();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An "AWS Credentials" entry; counts how often its secret is resolved. */
    static final class StoredCredentials implements AmazonWebServicesCredentials {
        private static final long serialVersionUID = 1L;
        private final String id;
        final AtomicInteger resolutions = new AtomicInteger();
        /** Global unless a test says otherwise: only global credentials reach builds. */
        CredentialsScope scope = CredentialsScope.GLOBAL;
        /** When set, resolving fails with it, as for a role whose session can no longer be renewed. */
        transient volatile RuntimeException expired;

        StoredCredentials(String id) {
            this.id = id;
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public String getDescription() {
            return "test credentials " + id;
        }

        @Override
        public CredentialsScope getScope() {
            return scope;
        }

        @Override
        public String getDisplayName() {
            return id;
        }

        @Override
        public AwsCredentials resolveCredentials() {
            resolutions.incrementAndGet();
            if (expired != null) {
                throw expired;
            }
            return AwsBasicCredentials.create("AKIDSTORED" + id.toUpperCase().replaceAll("[^A-Z]", ""), TestSecrets.SECRET_KEY);
        }

        @Override
        public AwsCredentials resolveCredentials(String mfaToken) {
            return resolveCredentials();
        }

        @Override
        @Deprecated
        public AWSCredentials getCredentials(String mfaToken) {
            throw new UnsupportedOperationException("SDK v1 is not used");
        }

        @Override
        @Deprecated
        public AWSCredentials getCredentials() {
            throw new UnsupportedOperationException("SDK v1 is not used");
        }

        @Override
        public void refresh() {
        }
    }

    /** Credentials stored in Jenkins, visible to every build and job; remembers what was tracked. */
    static final class CredentialsStore implements PluginRuntime.CredentialsStore {
        final Map<String, StoredCredentials> byId = new HashMap<>();
        final List<String> tracked = new ArrayList<>();

        CredentialsStore with(String id) {
            byId.put(id, new StoredCredentials(id));
            return this;
        }

        @Override
        public AmazonWebServicesCredentials find(String id, Run<?, ?> run) {
            return byId.get(id);
        }

        @Override
        public void track(Run<?, ?> run, AmazonWebServicesCredentials credentials) {
            tracked.add(credentials.getId());
        }

        @Override
        public AmazonWebServicesCredentials findForItem(String id, Item item) {
            return byId.get(id);
        }
    }
}
