package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.EnvVars;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** Where the credentials come from, in order, and that the secret is neither kept nor printed. */
class CredentialsChoiceTest {

    private final TestRuntime runtime = new TestRuntime();
    private final FakeJenkins.TestRun run = FakeJenkins.run();
    private static final EnvVars WITH_AWS = new EnvVars("AWS_ACCESS_KEY_ID", "AKIDFROMWITHAWS",
            "AWS_SECRET_ACCESS_KEY", TestSecrets.SECRET_KEY, "AWS_SESSION_TOKEN", TestSecrets.SESSION_TOKEN);

    private CredentialsChoice prepare(String credentialsId, EnvVars env) throws AbortException {
        RolloutOptions o = new RolloutOptions();
        o.setRegion("eu-west-1");
        o.setCredentialsId(credentialsId);
        return RolloutSetup.prepare("web", "i-0abc1234def567890", o, run, env, runtime.build()).credentials();
    }

    private List<String> warnings(String credentialsId, Integer timeoutMinutes, EnvVars env) throws AbortException {
        RolloutOptions o = new RolloutOptions();
        o.setRegion("eu-west-1");
        o.setCredentialsId(credentialsId);
        o.setTimeoutMinutes(timeoutMinutes);
        return RolloutSetup.prepare("web", "i-0abc1234def567890", o, run, env, runtime.build()).warnings();
    }

    @Test
    void sessionCredentialsFromTheEnvironmentAndALongTimeoutAreWarnedAbout() throws AbortException {
        List<String> byDefault = warnings(null, null, WITH_AWS);
        assertThat(byDefault).singleElement().asString().startsWith("Warning: ")
                .contains("AWS_SESSION_TOKEN").contains("up to 3 h (timeoutMinutes)")
                .contains("give credentialsId with an IAM role (AWS credentials with a role ARN), which is assumed "
                        + "again at every poll")
                .doesNotContain("AKIDFROMWITHAWS").doesNotContain(TestSecrets.SECRET_KEY).doesNotContain(TestSecrets.SESSION_TOKEN);
        assertThat(warnings(null, 61, WITH_AWS)).singleElement().asString().contains("up to 1 h 1 min");
    }

    @Test
    void noSessionWarningWithACredentialsIdWithoutATokenOrWithinAnHour() throws AbortException {
        runtime.credentials.with("aws-prod");
        assertThat(warnings("aws-prod", 180, WITH_AWS)).as("credentialsId").isEmpty();
        EnvVars keysOnly = new EnvVars(WITH_AWS);
        keysOnly.remove("AWS_SESSION_TOKEN");
        assertThat(warnings(null, 180, keysOnly)).as("no session token").isEmpty();
        EnvVars blankToken = new EnvVars(WITH_AWS);
        blankToken.put("AWS_SESSION_TOKEN", " ");
        assertThat(warnings(null, 180, blankToken)).as("a blank session token").isEmpty();
        assertThat(warnings(null, 60, WITH_AWS)).as("timeoutMinutes 60").isEmpty();
        runtime.configuration.setDefaultImageTimeoutMinutes(30);
        runtime.configuration.setDefaultTimeoutMinutes(45);
        assertThat(warnings(null, null, WITH_AWS)).as("a global default of 45 min").isEmpty();
    }

    @Test
    void theStepsCredentialsIdComesFirst() throws AbortException {
        runtime.credentials.with("aws-prod").with("aws-default");
        runtime.configuration.setDefaultCredentialsId("aws-default");
        CredentialsChoice c = prepare("aws-prod", WITH_AWS);
        assertThat(c).isEqualTo(new CredentialsChoice(CredentialsChoice.Source.CREDENTIALS_ID, "aws-prod"));
        assertThat(runtime.credentials.tracked).containsExactly("aws-prod");
        AwsCredentialsProvider p = c.provider(run, WITH_AWS, runtime.build());
        assertThat(p).isSameAs(runtime.credentials.byId.get("aws-prod"));
    }

    @Test
    void thenTheBuildEnvironmentAsWithAwsSetsIt() throws AbortException {
        runtime.credentials.with("aws-default");
        runtime.configuration.setDefaultCredentialsId("aws-default");
        CredentialsChoice c = prepare(null, WITH_AWS);
        assertThat(c.source()).isEqualTo(CredentialsChoice.Source.ENVIRONMENT);
        AwsCredentials resolved = c.provider(run, WITH_AWS, runtime.build()).resolveCredentials();
        assertThat(resolved).isInstanceOf(AwsSessionCredentials.class);
        assertThat(resolved.accessKeyId()).isEqualTo("AKIDFROMWITHAWS");
        assertThat(((AwsSessionCredentials) resolved).sessionToken()).isEqualTo(TestSecrets.SESSION_TOKEN);
        assertThat(runtime.credentials.tracked).isEmpty();
    }

    @Test
    void thenTheGlobalDefaultCredentialsId() throws AbortException {
        runtime.credentials.with("aws-default");
        runtime.configuration.setDefaultCredentialsId("aws-default");
        runtime.configuration.setAllowControllerCredentials(true);
        CredentialsChoice c = prepare(null, new EnvVars());
        assertThat(c).isEqualTo(new CredentialsChoice(CredentialsChoice.Source.DEFAULT_CREDENTIALS_ID, "aws-default"));
        assertThat(runtime.credentials.tracked).containsExactly("aws-default");
        assertThat(runtime.controllerCredentialsUses).isZero();
    }

    @Test
    void theControllersOwnCredentialsOnlyWhenAnAdministratorAllowedThem() throws AbortException {
        assertThatThrownBy(() -> prepare(null, new EnvVars())).isInstanceOf(AbortException.class)
                .hasMessageContaining("credentialsId").hasMessageContaining("withAWS")
                .hasMessageContaining("default credentials");
        assertThat(runtime.controllerCredentialsUses).isZero();

        runtime.configuration.setAllowControllerCredentials(true);
        CredentialsChoice c = prepare(null, new EnvVars());
        assertThat(c.source()).isEqualTo(CredentialsChoice.Source.CONTROLLER);
        assertThat(c.provider(run, new EnvVars(), runtime.build()).resolveCredentials().accessKeyId()).isEqualTo("AKIDCONTROLLER");
    }

    @Test
    void theControllerProcesssOwnVariablesInTheBuildEnvironmentAreNotTakenForTheBuildsCredentials() throws AbortException {
        // A Freestyle build on the built-in node sees the controller process's environment as its own.
        EnvVars.masterEnvVars.put("AWS_ACCESS_KEY_ID", "AKIDOFTHECONTROLLER");
        try {
            EnvVars inherited = new EnvVars("AWS_ACCESS_KEY_ID", "AKIDOFTHECONTROLLER",
                    "AWS_SECRET_ACCESS_KEY", TestSecrets.SECRET_KEY);
            assertThatThrownBy(() -> prepare(null, inherited)).isInstanceOf(AbortException.class)
                    .hasMessageContaining("credentialsId");
            runtime.configuration.setAllowControllerCredentials(true);
            assertThat(prepare(null, inherited).source()).as("only with the administrator's switch")
                    .isEqualTo(CredentialsChoice.Source.CONTROLLER);
            assertThat(prepare(null, WITH_AWS).source()).as("what withAWS gave the build still counts")
                    .isEqualTo(CredentialsChoice.Source.ENVIRONMENT);
        } finally {
            EnvVars.masterEnvVars.remove("AWS_ACCESS_KEY_ID");
        }
    }

    @Test
    void anUnknownIdIsNamedWithTheScopeHint() {
        assertThatThrownBy(() -> prepare("typo", new EnvVars())).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("credentialsId: ").hasMessageContaining("'typo'").hasMessageContaining("global scope");
    }

    @Test
    void halfAnEnvironmentIsRefused() {
        assertThatThrownBy(() -> prepare(null, new EnvVars("AWS_ACCESS_KEY_ID", "AKIDONLY")))
                .isInstanceOf(AbortException.class).hasMessageContaining("AWS_SECRET_ACCESS_KEY");
    }

    @Test
    void environmentCredentialsThatVanishLaterFailThePoll() throws AbortException {
        CredentialsChoice c = prepare(null, WITH_AWS);
        assertThatThrownBy(() -> c.provider(run, new EnvVars(), runtime.build())).isInstanceOf(AbortException.class)
                .hasMessageContaining("withAWS");
    }

    @Test
    void theLogLineNamesTheSourceButNoPartOfTheSecret() throws AbortException {
        runtime.credentials.with("aws-prod");
        for (CredentialsChoice c : new CredentialsChoice[] {prepare("aws-prod", WITH_AWS), prepare(null, WITH_AWS),
                new CredentialsChoice(CredentialsChoice.Source.CONTROLLER, null),
                new CredentialsChoice(CredentialsChoice.Source.DEFAULT_CREDENTIALS_ID, "aws-default")}) {
            assertThat(c.describe()).doesNotContain("AKID").doesNotContain("secret").doesNotContain("token");
        }
        assertThat(prepare(null, WITH_AWS).toString()).doesNotContain("AKID").doesNotContain("secret");
    }

    @Test
    void storedCredentialsAreResolvedOncePerPoll() {
        FakeJenkins.StoredCredentials stored = new FakeJenkins.StoredCredentials("aws-role");
        PerPollCredentials perPoll = new PerPollCredentials(stored);
        perPoll.resolveCredentials();
        perPoll.resolveCredentials();
        perPoll.resolveCredentials();
        assertThat(stored.resolutions).hasValue(1);
        perPoll.nextPoll();
        perPoll.resolveCredentials();
        assertThat(stored.resolutions).hasValue(2);
        assertThat(perPoll.toString()).doesNotContain(TestSecrets.SECRET_KEY).doesNotContain("AKID");
    }
}
