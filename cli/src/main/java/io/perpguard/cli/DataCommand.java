package io.perpguard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code perpguard data}: market-data tools. */
@Command(name = "data", header = "Downloads market data from the exchange.", mixinStandardHelpOptions = true, description = "Market data: download history from the exchange.",
        subcommands = {DownloadCommand.class, CommandLine.HelpCommand.class})
public final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
