package io.jenkins.plugins.amifactory.simulator.autoscaling;

/** A group tag; those with {@code propagateAtLaunch} are copied to every instance the group launches. */
public record GroupTag(String key, String value, boolean propagateAtLaunch) {}
