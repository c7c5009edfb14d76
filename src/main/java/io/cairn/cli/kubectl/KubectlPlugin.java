package io.cairn.cli.kubectl;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code cairn kubectl ...}, which the {@code kubectl-cairn} launcher runs for {@code kubectl cairn ...}. It does
 * not boot Quarkus (start-up time, and no port is opened): it talks to the API server with the fabric8 client and
 * Cairn's API records. Exit codes: 0 done, 1 failed (message on stderr), 2 bad command line.
 */
public final class KubectlPlugin {

    static final int FAILED = 1;
    static final int USAGE = 2;

    static final List<Subcommand> COMMANDS =
            List.of(new BackupCommand(), new SchedulePreviewCommand(), new StatusCommand());

    private KubectlPlugin() {}

    public static int run(String[] args, Clock clock, PrintStream out, PrintStream err) {
        List<String> words = Arrays.asList(args);
        if (words.isEmpty() || List.of("help", "--help", "-h").contains(words.get(0))) {
            out.print(usage());
            return 0;
        }
        Optional<Subcommand> command =
                COMMANDS.stream().filter(c -> startsWith(words, c.name())).findFirst();
        if (command.isEmpty()) {
            boolean group = "schedule".equals(words.get(0));
            err.print("error: "
                    + (group
                            ? "kubectl cairn schedule needs a command: preview"
                            : "unknown command \"" + words.get(0) + "\"")
                    + "\n\n" + usage());
            return USAGE;
        }
        Subcommand subcommand = command.get();
        List<String> rest = words.subList(subcommand.name().split(" ").length, words.size());
        try {
            Arguments arguments = Arguments.parse(rest, subcommand.options());
            if (arguments.helpRequested()) {
                out.print(subcommand.help());
                return 0;
            }
            return subcommand.run(arguments, clock.instant().truncatedTo(ChronoUnit.SECONDS), out, err);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("See 'kubectl cairn " + subcommand.name() + " --help'.");
            return USAGE;
        } catch (CommandFailure e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        } catch (KubernetesClientException e) {
            err.println("error: " + ApiAccess.reason(e));
            return FAILED;
        }
    }

    static String usage() {
        int width = COMMANDS.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        return """
                kubectl cairn: backups of Cairn (CloudNativePG API) clusters

                Commands:
                %s
                Run 'kubectl cairn COMMAND --help' for a command's flags. -n/--namespace, --kubeconfig and --context
                work as in kubectl.
                """.formatted(COMMANDS.stream()
                .map(c -> "  " + c.name() + " ".repeat(width - c.name().length() + 3) + c.summary() + "\n")
                .collect(Collectors.joining()));
    }

    private static boolean startsWith(List<String> words, String commandName) {
        List<String> name = List.of(commandName.split(" "));
        return words.size() >= name.size() && words.subList(0, name.size()).equals(name);
    }
}
