package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.engine.BuildVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The {@code ami-factory} command: rollout, plan, recover, whoami, simulator and demo. {@link #main} runs it as a process;
 * {@link #run} runs it in process against a {@link CliContext}, which is how the tests drive it.
 */
@Command(name = "ami-factory", mixinStandardHelpOptions = true, versionProvider = AmiFactoryCli.Version.class,
        scope = CommandLine.ScopeType.INHERIT,
        usageHelpAutoWidth = true,
        description = {"Create an AMI from a running instance and roll it out to an Auto Scaling group, gated on a "
                + "healthy instance refresh.", "",
                "Try it without AWS: ami-factory demo", "",
                "Exit codes: 0 success, 1 unexpected error, 2 bad input (nothing changed), 3 rollout failed, "
                        + "4 timed out, 5 stopped by Ctrl-C, 6 the group is held by another rollout."},
        footer = {"", "Documentation: docs/cli.md"})
public final class AmiFactoryCli implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final CliContext ctx;

    private AmiFactoryCli(CliContext ctx) {
        this.ctx = ctx;
    }

    public static void main(String[] args) {
        System.exit(run(CliContext.system(), args));
    }

    /** Runs one command line and returns its exit code (see {@link ExitCodes}); never calls System.exit. */
    public static int run(CliContext ctx, String... args) {
        return commandLine(ctx).execute(args);
    }

    static CommandLine commandLine(CliContext ctx) {
        CommandLine cmd = new CommandLine(new AmiFactoryCli(ctx))
                .addSubcommand(new RolloutCommand(ctx))
                .addSubcommand(new PlanCommand(ctx))
                .addSubcommand(new RecoverCommand(ctx))
                .addSubcommand(new WhoamiCommand(ctx))
                .addSubcommand(new SimulatorCommand(ctx))
                .addSubcommand(new DemoCommand(ctx))
                .addSubcommand(new CommandLine.HelpCommand());
        cmd.setOut(new PrintWriter(ctx.out(), true));
        cmd.setErr(new PrintWriter(ctx.err(), true));
        cmd.setParameterExceptionHandler((e, args) -> {
            Usage.printError(e.getCommandLine(), ctx.err(), e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, ctx.err());
            return ExitCodes.BAD_INPUT;
        });
        cmd.setExecutionExceptionHandler((e, command, parseResult) -> {
            if (e instanceof BadInputException) {
                Usage.printError(command, ctx.err(), e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            ctx.err().println("Unexpected error (a bug: please report it with the lines below): " + e);
            e.printStackTrace(ctx.err());
            return ExitCodes.UNEXPECTED;
        });
        return cmd;
    }

    /** Without a command: say what the commands are, and fail, since nothing was done. */
    @Override
    public Integer call() {
        ctx.err().println("Bad input: no command given");
        spec.commandLine().usage(ctx.err());
        return ExitCodes.BAD_INPUT;
    }

    /** The version the build computed, which the engine carries (and names in each rollout's first line). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"ami-factory " + BuildVersion.current()};
        }
    }
}
