package io.jenkins.plugins.amifactory.shape;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.AbstractStepExecutionImpl;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Shape of the plugin's asynchronous StepExecution (compiled by PluginShapeCompileTest only). */
public class ShapeExecution extends AbstractStepExecutionImpl {
    private static final long serialVersionUID = 1L;

    private final String asg;
    private final String credentialsId;
    private String phase = "start";
    private transient ScheduledFuture<?> poll;

    ShapeExecution(StepContext context, String asg, String credentialsId) {
        super(context);
        this.asg = asg;
        this.credentialsId = credentialsId;
    }

    @Override
    public boolean start() throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        TaskListener listener = getContext().get(TaskListener.class);
        EnvVars env = getContext().get(EnvVars.class);
        listener.getLogger().println("region " + env.get("AWS_REGION", "us-east-1") + " asg " + asg);
        if (credentialsId != null) {
            AmazonWebServicesCredentials c = CredentialsProvider.findCredentialById(credentialsId,
                    AmazonWebServicesCredentials.class, run, Collections.emptyList());
            if (c == null) {
                throw new AbortException("no credentials " + credentialsId);
            }
            CredentialsProvider.track(run, c);
            AwsCredentialsProvider v2 = c;
            listener.getLogger().println(v2.getClass());
        }
        schedule();
        return false;
    }

    private void schedule() {
        poll = Timer.get().schedule(this::poll, 10, TimeUnit.SECONDS);
    }

    private void poll() {
        phase = "done";
        getContext().saveState();
        getContext().onSuccess(Map.of("imageId", "ami-0123456789abcdef0"));
    }

    @Override
    public void onResume() {
        super.onResume();
        schedule();
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        if (poll != null) {
            poll.cancel(true);
        }
        getContext().onFailure(cause);
    }

    @Override
    public String getStatus() {
        return phase;
    }
}
