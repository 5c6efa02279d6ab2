package io.perpguard.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Help that reads well: each command's summary is one whole sentence; each option says what it is (and its default). */
class HelpTest {
    static List<CommandLine> all(CommandLine cl) {
        List<CommandLine> out = new ArrayList<>();
        out.add(cl);
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand) && !out.contains(sub)) {
                for (CommandLine c : all(sub)) {
                    if (!out.contains(c)) {
                        out.add(c);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyCommand_hasAOneSentenceSummary_andEveryOptionADescriptionWithItsDefault() {
        List<String> problems = new ArrayList<>();
        List<CommandLine> commands = all(PerpguardCommand.commandLine());
        assertThat(commands.stream().map(c -> c.getCommandSpec().qualifiedName())).contains("perpguard calc", "perpguard serve", "perpguard stream replay");
        for (CommandLine c : commands) {
            CommandSpec spec = c.getCommandSpec();
            String[] header = spec.usageMessage().header();
            String summary = header.length > 0 ? header[0] : spec.usageMessage().description().length > 0 ? spec.usageMessage().description()[0] : "";
            if (!summary.strip().endsWith(".") || summary.length() > 100) {
                problems.add(spec.qualifiedName() + ": summary is not one short sentence: '" + summary + "'");
            }
            for (OptionSpec o : spec.options()) {
                if (o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                String d = String.join(" ", o.description());
                if (d.isBlank()) {
                    problems.add(spec.qualifiedName() + " " + o.longestName() + ": no description");
                } else if (o.defaultValue() != null && !d.contains("default") && !d.contains("${DEFAULT-VALUE}") && o.arity().max() > 0) {
                    problems.add(spec.qualifiedName() + " " + o.longestName() + ": default " + o.defaultValue() + " not mentioned");
                }
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    /** What `perpguard X --help` prints: its first line is the summary sentence, the rest renders without picocli warnings. */
    @Test
    void everyHelpText_startsWithItsSummarySentence_describesEveryParameter_andRendersWithoutWarnings() {
        List<String> problems = new ArrayList<>();
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        try {
            System.setErr(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
            for (CommandLine c : all(PerpguardCommand.commandLine())) {
                String help = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
                String first = help.lines().findFirst().orElse("");
                String name = c.getCommandSpec().qualifiedName();
                if (first.startsWith("Usage:") || !(first.endsWith(".") || help.lines().skip(1).findFirst().orElse("").strip().endsWith("."))) {
                    problems.add(name + ": help starts with '" + first + "', not a summary sentence");
                }
                for (CommandLine.Model.PositionalParamSpec p : c.getCommandSpec().positionalParameters()) {
                    if (String.join(" ", p.description()).isBlank()) {
                        problems.add(name + " " + p.paramLabel() + ": no description");
                    }
                }
                String w = warnings.toString(java.nio.charset.StandardCharsets.UTF_8);
                if (!w.isEmpty()) {
                    problems.add(name + ": " + w.lines().findFirst().orElse(""));
                    warnings.reset();
                }
            }
        } finally {
            System.setErr(stderr);
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    /** check --plan lists the plan's fields by their JSON names, as the example plans write them (it said 'entry'). */
    @Test
    void checkPlanHelp_namesEveryFieldOfTheExamplePlans() throws Exception {
        CommandLine check = PerpguardCommand.commandLine().getSubcommands().get("check");
        String description = String.join(" ", check.getCommandSpec().findOption("--plan").description());
        java.nio.file.Path examples = java.nio.file.Path.of(Repo.path("docs/examples"));   // run from the root or cli/
        for (String plan : List.of("trader-a.json", "trader-b.json", "plan-coinm.json")) {
            java.util.Iterator<String> fields = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(examples.resolve(plan).toFile()).fieldNames();
            fields.forEachRemaining(f -> assertThat(description).as(plan + " field " + f).containsPattern("\\b" + f + "\\b"));
        }
    }
}
