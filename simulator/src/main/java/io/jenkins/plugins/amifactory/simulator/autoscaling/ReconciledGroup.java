package io.jenkins.plugins.amifactory.simulator.autoscaling;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * One Auto Scaling group as its instance refreshes see it: reads go to the group, terminations and
 * wake-ups to the {@link GroupReconciler} that keeps the group in shape.
 */
final class ReconciledGroup implements RefreshedGroup {

    private final AutoScalingGroup group;
    private final GroupReconciler reconciler;
    private final LaunchResolver launches;

    ReconciledGroup(AutoScalingGroup group, GroupReconciler reconciler, LaunchResolver launches) {
        this.group = group;
        this.reconciler = reconciler;
        this.launches = launches;
    }

    @Override
    public String name() {
        return group.name;
    }

    @Override
    public Instant now() {
        return reconciler.now();
    }

    @Override
    public Duration stallTimeout() {
        return reconciler.stallTimeout();
    }

    @Override
    public int desiredCapacity() {
        return group.desiredCapacity;
    }

    @Override
    public LaunchSource launchSource() {
        return group.launchSource;
    }

    @Override
    public void adopt(LaunchSource source) {
        group.launchSource = source;
    }

    @Override
    public Collection<GroupInstance> instances() {
        return group.instances.values();
    }

    @Override
    public List<GroupInstance> live() {
        return group.live();
    }

    @Override
    public int defaultWarmupSeconds() {
        return group.defaultInstanceWarmup != null ? group.defaultInstanceWarmup : group.healthCheckGracePeriod;
    }

    @Override
    public boolean launchedFrom(GroupInstance gi, LaunchSource source) {
        return gi.launchedFrom.matches(source, launches);
    }

    @Override
    public void terminate(GroupInstance gi, String why) {
        reconciler.terminate(group, gi, why);
    }

    @Override
    public void reconcileAt(Instant at) {
        reconciler.reconcileAt(group, at);
    }

    @Override
    public List<String> inAlarm(List<String> names) {
        return reconciler.inAlarm(names);
    }

    @Override
    public boolean percentagePerBatch() {
        return reconciler.percentagePerBatch();
    }

    @Override
    public void note(String id, String change) {
        reconciler.note(id, change);
    }
}
