package io.jenkins.plugins.amifactory.cli;

import picocli.CommandLine;

import java.io.PrintStream;

/**
 * How bad input is shown, the same whether picocli or the rollout found it: the problem and its fix, the
 * command's synopsis, and where the full list of options is. The full option list is left to --help, so
 * that the one line that matters is not scrolled away.
 */
final class Usage {

    private Usage() {
    }

    static void printError(CommandLine cmd, PrintStream err, String message) {
        err.println("Bad input: " + message);
        err.print("Usage: " + cmd.getHelp().synopsis("Usage: ".length()));
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for every option.");
        err.flush();
    }
}
