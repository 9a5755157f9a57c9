package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.EnvVars;
import io.jenkins.plugins.amifactory.engine.RolloutResult;
import io.jenkins.plugins.amifactory.engine.RolloutStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AmiFactoryActionTest {

    static RolloutResult templateResult() {
        return new RolloutResult("r-1", RolloutStatus.SUCCEEDED, "api", "ami-0123", "api-20260105", List.of(),
                "api-lt:1", "api-lt:2", null, "lt-0abc", 2L, "ir-9", "Successful", 100, null, Map.of(), Map.of(),
                List.of(), List.of());
    }

    @Test
    void theBuildEnvironmentGetsTheResultAndNothingForWhatIsAbsent() {
        AmiFactoryAction action = new AmiFactoryAction(templateResult());
        FakeJenkins.TestRun run = FakeJenkins.run();
        run.addAction(action);
        assertThat(action.getRun()).isSameAs(run);
        EnvVars env = new EnvVars();
        action.buildEnvironment(run, env);
        assertThat(env).containsOnly(Map.entry("AMI_FACTORY_IMAGE_ID", "ami-0123"),
                Map.entry("AMI_FACTORY_LAUNCH_TEMPLATE_ID", "lt-0abc"),
                Map.entry("AMI_FACTORY_LAUNCH_TEMPLATE_VERSION", "2"),
                Map.entry("AMI_FACTORY_REFRESH_ID", "ir-9"),
                Map.entry("AMI_FACTORY_STATUS", "SUCCEEDED"));
        assertThat(action.getIconFileName()).as("no side panel link").isNull();
        assertThat(action.getUrlName()).isNull();
    }

    @Test
    void onlyPlainStringsAreKeptForXStream() {
        for (var f : AmiFactoryAction.class.getDeclaredFields()) {
            if (!java.lang.reflect.Modifier.isStatic(f.getModifiers()) && !java.lang.reflect.Modifier.isTransient(f.getModifiers())) {
                assertThat(f.getType()).as(f.getName()).isEqualTo(String.class);
            }
        }
    }
}
