package io.perpguard.app.spi;

/**
 * A front end that adds a command to {@code ./perpguard} at run time, found with {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/io.perpguard.app.spi.FrontEndCommand} file in its jar). The desk ({@code serve}) and the
 * Kafka job ({@code stream}) come in this way, so the command line never compiles against them and a calculator-only
 * jar carries neither.
 */
public interface FrontEndCommand {
    /** A new picocli command object (a class annotated with {@code @Command}). */
    Object command();
}
