package io.cairn.cli.kubectl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A command's arguments, read against its {@link Option}s the way kubectl (cobra/pflag) reads them: flags and
 * positional arguments in any order, {@code --} ends the flags, the last of a repeated flag wins.
 *
 * @param positionals the arguments that are not flags, in order
 * @param values the value of each flag given, by long name; {@code "true"}/{@code "false"} for a switch
 */
record Arguments(List<String> positionals, Map<String, String> values) {

    /** Every command's help flag. */
    static final Option HELP = new Option("help", 'h', Option.Kind.SWITCH, null, "show this help");

    /** @throws UsageException for an unknown flag, a flag without its value, or a switch with a non-boolean value */
    static Arguments parse(List<String> args, List<Option> options) {
        List<String> positionals = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if ("--".equals(arg)) {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("-") || "-".equals(arg)) {
                positionals.add(arg);
                continue;
            }
            boolean longForm = arg.startsWith("--");
            String body = arg.substring(longForm ? 2 : 1);
            String inlineValue = null;
            int equals = body.indexOf('=');
            if (equals >= 0) {
                inlineValue = body.substring(equals + 1);
                body = body.substring(0, equals);
            } else if (!longForm && body.length() > 1) {
                inlineValue = body.substring(1); // -nvalue
                body = body.substring(0, 1);
            }
            Option option = find(options, body, longForm).orElseThrow(() -> new UsageException("unknown flag: " + arg));
            String value;
            if (option.kind() == Option.Kind.SWITCH) {
                if (inlineValue == null && i + 1 < args.size() && isBoolean(args.get(i + 1))) {
                    inlineValue = args.get(++i);
                }
                value = inlineValue == null ? "true" : String.valueOf(booleanValue(option, inlineValue));
            } else if (inlineValue != null) {
                value = inlineValue;
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("flag needs an argument: --" + option.name());
            }
            values.put(option.name(), value);
        }
        return new Arguments(List.copyOf(positionals), values);
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value of a switch; empty when the flag was not given. */
    Optional<Boolean> toggle(String name) {
        return value(name).map(Boolean::parseBoolean);
    }

    boolean helpRequested() {
        return Boolean.TRUE.equals(toggle(HELP.name()).orElse(false));
    }

    /** The only positional argument, named {@code what} in the error when there is none or more than one. */
    String single(String what) {
        if (positionals.isEmpty()) {
            throw new UsageException("missing " + what);
        }
        if (positionals.size() > 1) {
            throw new UsageException(
                    "expected one " + what + ", got " + positionals.size() + ": " + String.join(" ", positionals));
        }
        return positionals.get(0);
    }

    private static Optional<Option> find(List<Option> options, String name, boolean longForm) {
        return options.stream()
                .filter(o -> longForm ? o.name().equals(name) : name.length() == 1 && o.shortName() == name.charAt(0))
                .findFirst();
    }

    private static boolean isBoolean(String s) {
        return "true".equals(s) || "false".equals(s);
    }

    /** {@code true} or {@code false} in any case; anything else is a usage error naming the flag. */
    static boolean booleanValue(Option option, String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (!isBoolean(lower)) {
            throw new UsageException("invalid value \"" + value + "\" for --" + option.name() + ": true or false");
        }
        return Boolean.parseBoolean(lower);
    }
}
