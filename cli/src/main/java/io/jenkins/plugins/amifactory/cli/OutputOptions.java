package io.jenkins.plugins.amifactory.cli;

import picocli.CommandLine.Option;

import java.io.PrintStream;

/** How a command shows what it does: for a person (bar or plain lines) or for a script (JSON). */
final class OutputOptions {

    @Option(names = "--json", order = 200,
            description = "Print the result as one JSON object on standard output; progress goes to standard error.")
    boolean json;

    @Option(names = "--plain", order = 201,
            description = "Plain progress lines even on a terminal (no progress bar).")
    boolean plain;

    /** Progress goes where it does not mix with the JSON a script reads. */
    PrintStream progressStream(CliContext ctx) {
        return json ? ctx.err() : ctx.out();
    }

    boolean bar(CliContext ctx) {
        return ctx.terminal() && !plain;
    }
}
