package io.cairn.cli.kubectl;

/**
 * A flag of a command, spelled like kubectl's: {@code --name value}, {@code --name=value}, {@code -n value} or
 * {@code -nvalue}.
 *
 * @param name the long name, without the dashes
 * @param shortName the one-letter name, or {@code 0} for none
 * @param kind whether the flag takes a value, or is a switch that may carry {@code =true}/{@code =false}
 * @param valueName what the value is, for the help text (e.g. {@code NAME}); unused for a switch
 * @param help one line for the help text
 */
record Option(String name, char shortName, Kind kind, String valueName, String help) {

    enum Kind {
        /** Takes a value: the next argument, or what follows {@code =}. */
        VALUE,
        /** On when given alone; {@code --flag=false} (or {@code --flag false}) turns it off explicitly. */
        SWITCH
    }

    static Option value(String name, String valueName, String help) {
        return new Option(name, (char) 0, Kind.VALUE, valueName, help);
    }

    static Option value(String name, char shortName, String valueName, String help) {
        return new Option(name, shortName, Kind.VALUE, valueName, help);
    }

    static Option toggle(String name, String help) {
        return new Option(name, (char) 0, Kind.SWITCH, null, help);
    }

    /** The flag as the help text shows it, e.g. {@code -n, --namespace NAME}. */
    String synopsis() {
        String flag = (shortName == 0 ? "    " : "-" + shortName + ", ") + "--" + name;
        return kind == Kind.VALUE ? flag + " " + valueName : flag;
    }
}
