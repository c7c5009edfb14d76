package io.cairn.cli.kubectl;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** One command of {@code kubectl cairn}: its help and what it does with its parsed arguments. */
interface Subcommand {

    /** The command words after {@code kubectl cairn}, e.g. {@code schedule preview}. */
    String name();

    /** e.g. {@code CLUSTER [flags]} */
    String arguments();

    /** One line for {@code kubectl cairn --help}. */
    String summary();

    /** What the command does, for its own {@code --help}; ends with a newline. */
    String description();

    /** Its flags, {@code --help} and the API access flags included. */
    List<Option> options();

    /**
     * @return the exit code: 0 done
     * @throws UsageException for arguments it cannot use (exit 2)
     * @throws CommandFailure when the request cannot be carried out (exit 1)
     */
    int run(Arguments args, Instant now, PrintStream out, PrintStream err);

    /** The command's {@code --help}. */
    default String help() {
        int width =
                options().stream().mapToInt(o -> o.synopsis().length()).max().orElse(0);
        return summary() + "\n\n" + description() + "\nUsage:\n  kubectl cairn " + name() + " " + arguments()
                + "\n\nFlags:\n"
                + options().stream()
                        .map(o -> "  " + o.synopsis()
                                + " ".repeat(width - o.synopsis().length() + 3) + o.help())
                        .collect(Collectors.joining("\n"))
                + "\n";
    }

    /** {@code own} options, then the API access flags and {@code --help}. */
    static List<Option> withCommonOptions(List<Option> own) {
        return Stream.of(own, ApiAccess.OPTIONS, List.of(Arguments.HELP))
                .flatMap(List::stream)
                .toList();
    }
}
