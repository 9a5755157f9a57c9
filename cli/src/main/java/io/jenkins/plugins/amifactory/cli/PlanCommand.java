package io.jenkins.plugins.amifactory.cli;

import picocli.CommandLine.Command;

/**
 * {@code ami-factory plan}: the dry run. Takes the options of {@code rollout}, reads the group, instance and
 * configuration, and prints the Image to be made and a field-by-field comparison of the current and the
 * next configuration, making no call that changes anything.
 */
@Command(name = "plan", header = "Show what a rollout would change, changing nothing.",
        sortOptions = false, usageHelpAutoWidth = true,
        customSynopsis = "ami-factory plan --asg <name> --instance <id> [--region <region>] [options]",
        description = {
                "Show what 'rollout' with the same options would do - the Image, the next configuration field by "
                        + "field, the group and the refresh - without changing anything (describe calls and "
                        + "DryRun permission checks only).",
                "",
                "Exit codes: 0 plan shown, 2 bad input, 6 another rollout holds the group, 1 unexpected error."})
public final class PlanCommand extends RolloutCommand {

    PlanCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    boolean planOnly() {
        return true;
    }
}
