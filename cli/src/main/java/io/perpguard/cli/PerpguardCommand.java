package io.perpguard.cli;

import io.perpguard.app.spi.FrontEndCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.ServiceLoader;

/**
 * The root command. Each capability is one subcommand class; this class only wires them and turns user
 * mistakes into one line on stderr with exit code 2 (no stack traces). The desk and the Kafka job are front ends of
 * their own: their commands are found at run time ({@link FrontEndCommand}), never compiled against.
 */
@Command(name = "perpguard", mixinStandardHelpOptions = true, version = "perpguard 0.1.0",
        header = "Risk engine for crypto perpetual futures: liquidation price, size, stops, funding, portfolio risk.",
        subcommands = {
                CalcCommand.class,
                TiersCommand.class,
                SizeCommand.class,
                KellyCommand.class,
                JournalCommand.class,
                PortfolioCommand.class,
                FundingCommand.class,
                RecoveryCommand.class,
                SimulateCommand.class,
                StopsCommand.class,
                ReplayCommand.class,
                DataCommand.class,
                CheckCommand.class,
                CascadeCommand.class,
                LiqmapCommand.class,
                WatchCommand.class,
                CommandLine.HelpCommand.class
        })
public final class PerpguardCommand implements Runnable {
    /** Exit code for bad input (DESIGN.md CLI contract). */
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with perpguard's error handling; {@code serve} and {@code stream} join when on the class path. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new PerpguardCommand());
        for (FrontEndCommand f : ServiceLoader.load(FrontEndCommand.class)) {
            cl.addSubcommand(f.command());
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // NaN stands for "not given" inside several commands: a typed NaN or Infinity must not pass for that
        cl.registerConverter(Double.class, PerpguardCommand::finiteNumber);
        cl.registerConverter(Double.TYPE, PerpguardCommand::finiteNumber);
        // picocli said '99999999999' is not an int: a whole number too large is said so, with the largest there is
        cl.registerConverter(Integer.class, t -> (int) wholeNumber(t, Integer.MIN_VALUE, Integer.MAX_VALUE));
        cl.registerConverter(Integer.TYPE, t -> (int) wholeNumber(t, Integer.MIN_VALUE, Integer.MAX_VALUE));
        cl.registerConverter(Long.class, t -> wholeNumber(t, Long.MIN_VALUE, Long.MAX_VALUE));
        cl.registerConverter(Long.TYPE, t -> wholeNumber(t, Long.MIN_VALUE, Long.MAX_VALUE));
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            // picocli starts some messages with its own "Error: " ("error: Error: --risk-pct=P, --risk-amount=AMOUNT are mutually exclusive")
            err.println("error: " + oneLine(ex.getMessage()).replaceFirst("^Error: ", "") + suggestion(ex) + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof IllegalArgumentException) {
                err.println("error: " + oneLine(inOptionWords(ex, commandLine)));
                err.flush();
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof io.perpguard.data.store.StoreFailure) {
                // the database or the disk, not perpguard: say so, without "please report"
                err.println("error: " + oneLine(ex.getMessage()));
                err.flush();
                return 3;
            }
            err.println("internal error: " + ex.getClass().getSimpleName() + ": " + oneLine(ex.getMessage())
                    + " (please report it; rerun with PERPGUARD_DEBUG=1 for details)");
            if (System.getenv("PERPGUARD_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.flush();
            return 3;
        });
        return cl;
    }

    /**
     * The fields the use cases name in the API bodies' words ({@code InvalidInputException#field()}) that the CLI spells
     * otherwise, by the option that gives them: one table, no rewriting of message text.
     */
    static final java.util.Map<String, String> OPTION_OF_FIELD = java.util.Map.of("mmAmount", "mm-amount");

    /** A refusal's line with its field as the CLI's option names it. */
    static String inOptionWords(Exception ex, CommandLine commandLine) {
        if (!(ex instanceof io.perpguard.InvalidInputException e) || e.field() == null) {
            return ex.getMessage();
        }
        if (OPTION_OF_FIELD.containsKey(e.field())) {
            return OPTION_OF_FIELD.get(e.field()) + ": " + e.problem();
        }
        String option = typedOption(e.field(), commandLine.getParseResult());
        return option == null ? ex.getMessage() : option + e.field().substring(e.field().split("[.\\[]", 2)[0].length()) + ": " + e.problem();
    }

    /** Engine fields whose option is spelled otherwise than the field in kebab case ({@code fundingRate} is {@code --rate}). */
    static final java.util.Map<String, String> TYPED_OPTION_OF_FIELD = java.util.Map.of(
            "fundingRate", "rate", "markPrice", "mark", "entryPrice", "entry", "stopPrice", "stop", "walletBalance", "wallet");

    /**
     * The option, as typed without its dashes, that gave an engine field the use case names in the API's words: the field's
     * first part in kebab case ({@code longShare} → {@code long-share}, {@code leverageMix.leverage} → {@code leverage-mix}) or
     * as {@link #TYPED_OPTION_OF_FIELD} spells it, when that option was typed on this command line, or the command has it and
     * read no file but a tier table (a field of a file the command read, e.g. {@code check --plan}'s {@code entryPrice}, keeps
     * the file's name); null when none.
     */
    static String typedOption(String field, CommandLine.ParseResult parsed) {
        String head = field.split("[.\\[]", 2)[0];
        if (parsed == null) {
            return null;
        }
        // a tier table is no such file: what is wrong in it is named "tiers" (tiers --tiers FILE without --entry said "entryPrice")
        boolean readAFile = parsed.matchedOptions().stream().anyMatch(o -> (o.type() == java.nio.file.Path.class || o.type() == java.io.File.class)
                && !"--tiers".equals(o.longestName()));
        for (String name : new String[]{head.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT),
                TYPED_OPTION_OF_FIELD.get(head)}) {
            if (name != null && !name.equals(head) && (parsed.hasMatchedOption("--" + name)
                    || parsed.commandSpec().findOption("--" + name) != null && !readAFile)) {
                return name;
            }
        }
        return null;
    }

    /**
     * A misspelled option or command names the nearest one, by the rule a misspelled JSON field gets its name suggested
     * ({@code JsonInput.closest}); nothing when none is near.
     */
    static String suggestion(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
            return "";
        }
        String typed = u.getUnmatched().get(0);
        CommandLine.Model.CommandSpec spec = ex.getCommandLine().getCommandSpec();
        java.util.Map<String, String> known = new java.util.LinkedHashMap<>();   // name without its dashes → as typed
        if (typed.startsWith("-")) {
            typed = typed.replaceAll("=.*", "");
            spec.options().forEach(o -> java.util.Arrays.stream(o.names()).forEach(n -> known.putIfAbsent(n.replaceFirst("^-+", ""), n)));
        } else {
            spec.subcommands().keySet().forEach(n -> known.put(n, n));
        }
        String bare = typed.replaceFirst("^-+", "");
        String near = bare.length() < 2 ? null : io.perpguard.data.json.JsonInput.closest(bare, known.keySet());
        return near == null || known.get(near).equals(typed) ? "" : " (did you mean " + known.get(near) + "?)";
    }

    /**
     * A decimal option: the one grammar of typed numbers ({@code Checks.parse}: {@code 60000}, {@code -0.5}, {@code 1e-4}),
     * finite and not lost to underflow. {@code 60000d}, {@code 0x1p4} and {@code ١٢٣} were read by Java's rules (60000,
     * 16, …) or said only "is not a number".
     */
    static Double finiteNumber(String text) {
        try {
            return io.perpguard.Checks.parse("", "'" + oneLine(text.trim()) + "'", text);   // 1e999 and 1e-999 are out of range, not "Infinity" or 0
        } catch (io.perpguard.InvalidInputException e) {
            throw new picocli.CommandLine.TypeConversionException(e.getMessage().substring(2));
        }
    }

    /** A whole number in [min, max]: 1.5 is not one, 1e12 or 99999999999 for an int is too large (it said "not an int"). */
    static long wholeNumber(String text, long min, long max) {
        String t = text.trim();
        java.math.BigDecimal v;
        try {
            if (!io.perpguard.Checks.plain(t)) {   // BigDecimal reads ١٢٣ as 123
                throw new NumberFormatException(t);
            }
            v = new java.math.BigDecimal(t);
        } catch (NumberFormatException e) {
            throw new picocli.CommandLine.TypeConversionException("'" + oneLine(t) + "' is not a whole number");
        }
        if (v.stripTrailingZeros().scale() > 0) {
            throw new picocli.CommandLine.TypeConversionException("'" + oneLine(t) + "' is not a whole number");
        }
        if (v.compareTo(java.math.BigDecimal.valueOf(max)) > 0) {
            throw new picocli.CommandLine.TypeConversionException("'" + oneLine(t) + "' is too large (at most " + String.format(java.util.Locale.ROOT, "%,d", max) + ")");
        }
        if (v.compareTo(java.math.BigDecimal.valueOf(min)) < 0) {
            throw new picocli.CommandLine.TypeConversionException("'" + oneLine(t) + "' is too small (at least " + String.format(java.util.Locale.ROOT, "%,d", min) + ")");
        }
        return v.longValueExact();
    }

    /** One line, every long run of characters (an echoed argument) cut to a short excerpt. */
    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.replaceAll("\\s*[\\r\\n]+\\s*", " ").replaceAll("\\p{Cntrl}", "?").trim();
        return io.perpguard.Checks.clip(line);
    }

    public static int execute(String... args) {
        return commandLine().execute(args);
    }
}
