package io.jenkins.plugins.amifactory.engine.matrix;

/** The faults of the reliability matrix: what can go wrong while a rollout is in one of its phases. */
public enum Fault {
    THROTTLING_STORM("throttling storm", "60 % of calls throttled while the phase lasts"),
    AWS_5XX("5xx with an AWS error", "three calls answered 503 Unavailable"),
    BARE_5XX("5xx without an AWS error", "three calls answered 502 by a proxy, with no AWS error code"),
    CONNECTION_REFUSED("connection refused", "the endpoint refuses connections for one step"),
    SLOW_ANSWERS("answers slower than the client timeout", "two calls answered after the client gave up on them (the server still acts on them)"),
    RESOURCE_FAILS("the AWS resource failing", "the phase's own call refused (403); in the waits, the Image "
            + "failing or the Refresh's new instances never healthy"),
    ABORT("abort", "the user aborts"),
    SECOND_ABORT("second abort", "the user aborts, and aborts again one step later"),
    RESTART("restart from the saved state", "the rollout continues from its serialized state in a new object"),
    CREDENTIALS_EXPIRE("credentials expiring", "from this phase on, the credentials cannot be loaded"),
    DEADLINE_BETWEEN_POLLS("a deadline passing between two polls", "more than the overall timeout passes "
            + "before the next step"),
    CONCURRENT_ROLLOUT("a concurrent second rollout", "a second rollout of the same group starts (it must be refused and change nothing)");

    public final String title;
    public final String how;

    Fault(String title, String how) {
        this.title = title;
        this.how = how;
    }
}
