/**
 * The rollout engine: plain Java on the AWS SDK for Java v2, with no Jenkins classes, behind the Pipeline
 * step, the Freestyle build step and the command line.
 *
 * <p>Where each behaviour lives, in the order of docs/how-it-works.md:
 * <ul>
 *   <li>{@link io.jenkins.plugins.amifactory.engine.Rollout}: start, resume, abort, status, result; hands
 *       each step to its phase and decides what an error means (refusal, retry with backoff, failure).</li>
 *   <li>{@code PreflightPhase}: the checks before anything changes, and the facts a revert needs.</li>
 *   <li>{@code ImagePhase}: Standby, CreateImage, waiting for the Image.</li>
 *   <li>{@code ConfigurationPhase}: writes the next launch configuration or template version (or a
 *       template made from a launch configuration); {@link io.jenkins.plugins.amifactory.engine.NextConfiguration}
 *       builds their contents.</li>
 *   <li>{@code RefreshPhase}: points the group, starts the Refresh and gates on it.</li>
 *   <li>{@code RevertPhase}: everything after a failure, timeout or abort, including a failed Refresh:
 *       roll back or cancel, point the group back, return from Standby, remove what nothing uses.</li>
 *   <li>{@code Retention}: the cleanup after a success, paced over polls; {@code RetentionScan} and
 *       {@code RetentionDecision} decide what goes.</li>
 *   <li>{@code AwsLookups}: the AWS look-ups the phases share and the translation of AWS's errors;
 *       {@code Polling}: when to look again and when time is up; {@code Plan}: the dry run.</li>
 *   <li>{@link io.jenkins.plugins.amifactory.engine.RolloutRequest} (with its Image, Refresh and deadline
 *       parts) is what to do; {@link io.jenkins.plugins.amifactory.engine.RolloutState} is how far it got,
 *       saved with a running Jenkins step in the fixed form of {@code SavedForm}.</li>
 * </ul>
 */
package io.jenkins.plugins.amifactory.engine;
